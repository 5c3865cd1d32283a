package dev.readygate.protocol.k8s;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach the API server: its address, the TLS context (its CA, a client certificate) and the bearer token (read
 * from its file again for every request, so a rotated projected service account token is picked up). The token is
 * never part of a message, of evidence or of {@link #toString()}.
 */
final class Access {
    /** Largest token, CA or key file read. */
    static final int MAX_FILE = 1 << 20;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Where the bearer token comes from. */
    interface Token {
        /** The token for the next request, or null for none. */
        String get() throws IOException;

        static Token fixed(String token) {
            return () -> token;
        }

        static Token file(Path file) {
            return () -> {
                String t = read(file).trim();
                return t.isEmpty() ? null : t;
            };
        }

        /** The token an exec credential plugin prints (kubeconfig {@code user.exec}), kept until its expirationTimestamp. */
        static Token exec(ExecPlugin plugin) {
            return plugin::token;
        }
    }

    /** Why a credential could not be had, in words that name no secret (shown in the diagnosis), with what to do. */
    static final class CredentialException extends IOException {
        final String hint;

        CredentialException(String message, String hint) {
            super(message);
            this.hint = hint;
        }
    }

    private final URI server;
    private final Token token;
    private final String source;
    private final HttpClient client;

    Access(URI server, SSLContext tls, Token token, String source) {
        this.server = server;
        this.token = token;
        this.source = source;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).sslContext(tls).build();
    }

    /** The API server's base address, e.g. {@code https://10.96.0.1:443}. */
    URI server() {
        return server;
    }

    /** Where the credentials came from, e.g. {@code the pod's service account} or {@code kubeconfig FILE (context kind)}. */
    String source() {
        return source;
    }

    Token token() {
        return token;
    }

    HttpClient client() {
        return client;
    }

    @Override
    public String toString() {
        return "Access[" + server + ", " + source + "]";
    }

    /** In a pod: KUBERNETES_SERVICE_HOST/PORT, the service account's token and CA in {@code dir}. */
    static Access inCluster(Map<String, String> env, Path dir) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank()) throw new IllegalArgumentException("KUBERNETES_SERVICE_HOST is not set: not in a pod");
        if (!port.matches("[0-9]{1,5}")) throw new IllegalArgumentException("KUBERNETES_SERVICE_PORT '" + port + "' is not a port number");
        Path tokenFile = dir.resolve("token");
        Path ca = dir.resolve("ca.crt");
        if (!Files.isRegularFile(tokenFile))
            throw new IllegalArgumentException("no service account token at " + tokenFile + ": mount one (automountServiceAccountToken: true, "
                    + "or a projected serviceAccountToken volume), or pass --kubeconfig");
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        SSLContext tls = tls(Files.isRegularFile(ca) ? certificates(bytes(ca), ca.toString()) : null, false, null, null);
        return new Access(URI.create("https://" + h + ":" + port), tls, Token.file(tokenFile), "the pod's service account (" + dir + ")");
    }

    /** A TLS context trusting these CAs (or the JDK's when null, or anything when insecure), with an optional client certificate. */
    static SSLContext tls(Collection<X509Certificate> cas, boolean insecure, Collection<X509Certificate> clientChain, PrivateKey clientKey) {
        try {
            TrustManager[] tms;
            if (insecure) {
                tms = new TrustManager[] {new dev.readygate.net.TrustAll()}; // insecure-skip-tls-verify
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (cas == null) {
                    tmf.init((KeyStore) null);
                } else {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    int i = 0;
                    for (X509Certificate c : cas) ks.setCertificateEntry("ca" + i++, c);
                    tmf.init(ks);
                }
                tms = tmf.getTrustManagers();
            }
            KeyManager[] kms = null;
            if (clientChain != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", clientKey, new char[0], clientChain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                kms = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, tms, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage());
        }
    }

    /** The PEM certificates of these bytes. */
    static Collection<X509Certificate> certificates(byte[] pem, String what) {
        try {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (all.isEmpty()) throw new IllegalArgumentException(what + ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
            java.util.List<X509Certificate> out = new java.util.ArrayList<>();
            for (Certificate c : all) out.add((X509Certificate) c);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + ": not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** A PKCS#8 PEM private key (RSA or EC). */
    /**
     * A PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), or the traditional forms kind, minikube and k3s write in
     * their kubeconfigs: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}), wrapped into
     * PKCS#8 here ({@link Pkcs8}). Encrypted keys are refused.
     */
    static PrivateKey privateKey(byte[] pem, String what) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED"))
            throw new IllegalArgumentException(what + ": an encrypted private key; readygate reads unencrypted keys (as kubectl does)");
        String label = text.contains("-----BEGIN RSA PRIVATE KEY-----") ? "RSA PRIVATE KEY"
                : text.contains("-----BEGIN EC PRIVATE KEY-----") ? "EC PRIVATE KEY" : "PRIVATE KEY";
        int b = text.indexOf("-----BEGIN " + label + "-----");
        int e = text.indexOf("-----END " + label + "-----");
        if (b < 0 || e < b) throw new IllegalArgumentException(what + ": no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(b + ("-----BEGIN " + label + "-----").length(), e));
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(what + ": the private key is not valid base64");
        }
        try {
            if (label.equals("RSA PRIVATE KEY")) der = Pkcs8.fromPkcs1(der);
            if (label.equals("EC PRIVATE KEY")) der = Pkcs8.fromSec1(der);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(what + ": " + x.getMessage());
        }
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(what + ": not an RSA, EC or Ed25519 private key");
    }

    static byte[] bytes(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_FILE + 1);
            if (b.length > MAX_FILE) throw new IllegalArgumentException(file + ": larger than 1 MiB; is it the right file?");
            return b;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_FILE + 1);
            if (b.length > MAX_FILE) throw new IOException(file + " is larger than 1 MiB");
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
