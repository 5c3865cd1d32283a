package dev.readygate.net.tls;

import dev.readygate.base.OneLine;


import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Builds the SSLContext for a target's TLS options: JDK default trust, or (curl semantics) only
 * the certificates of {@code --ca-cert}, or trust-all when insecure; plus an optional client
 * certificate and PKCS#8 key.
 */
public final class TlsContexts {
    private static final String BEGIN_CERT = "-----BEGIN CERTIFICATE-----";
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem";

    private TlsContexts() {
    }

    /** Receives the server's certificate chain during the handshake, before it is judged. */
    public interface Capture {
        void chain(Socket socket, X509Certificate[] chain);

        /** The server asked for a client certificate on this socket. */
        default void clientCertificateRequested(Socket socket) {
        }
    }

    /**
     * Builds the context, validating every file (the CLI calls this at plan time).
     *
     * @throws IllegalArgumentException with a one-line message naming the option and the file
     */
    public static SSLContext build(TlsOptions options) {
        return build(options, null);
    }

    public static SSLContext build(TlsOptions options, Capture capture) {
        TlsOptions o = options == null ? TlsOptions.DEFAULT : options;
        if ((o.clientCert() == null) != (o.clientKey() == null))
            throw new IllegalArgumentException(o.clientCert() == null ? "--client-key needs --client-cert" : "--client-cert needs --client-key");
        try {
            X509TrustManager base = o.insecure() ? null : trustManager(o);
            KeyManager[] kms = o.clientCert() == null ? null : keyManagers(o);
            if (capture != null) {
                X509KeyManager km = null;
                if (kms != null) for (KeyManager k : kms) if (k instanceof X509KeyManager x) km = x;
                kms = new KeyManager[] {new NoticingKeyManager(km, capture)};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, new TrustManager[] {new CapturingTrustManager(base, capture)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage());
        }
    }

    /** The JDK's default trust, or (curl semantics) only the certificates of --ca-cert. */
    private static X509TrustManager trustManager(TlsOptions o) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (o.caCert() != null) {
            List<X509Certificate> cas = readCertificates("--ca-cert", o.caCert());
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) ks.setCertificateEntry("ca" + i, cas.get(i));
            tmf.init(ks);
        } else {
            tmf.init((KeyStore) null);
        }
        return firstX509(tmf.getTrustManagers());
    }

    /** The key managers holding --client-cert and --client-key. */
    private static KeyManager[] keyManagers(TlsOptions o) throws GeneralSecurityException, IOException {
        List<X509Certificate> chain = readCertificates("--client-cert", o.clientCert());
        PrivateKey key = readKey(o.clientKey());
        char[] pw = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try {
            ks.setKeyEntry("client", key, pw, chain.toArray(new X509Certificate[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--client-key " + o.clientKey() + " does not match --client-cert " + o.clientCert() + ": " + e.getMessage());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf.getKeyManagers();
    }

    private static X509TrustManager firstX509(TrustManager[] tms) throws GeneralSecurityException {
        for (TrustManager tm : tms) if (tm instanceof X509TrustManager x) return x;
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    private static String readText(String option, Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException(option + " " + file + ": file not found");
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + ": is a directory, not a PEM file");
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + file + ": file not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read: " + e.getMessage());
        }
    }

    static List<X509Certificate> readCertificates(String option, Path file) {
        String pem = readText(option, file);
        if (!pem.contains(BEGIN_CERT))
            throw new IllegalArgumentException(option + " " + file + ": no PEM certificate found (expected " + BEGIN_CERT + ")");
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends java.security.cert.Certificate> all = cf.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.ISO_8859_1)));
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : all) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new CertificateException("no certificate decoded");
            return out;
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(option + " " + file + ": invalid PEM certificate: " + OneLine.collapse(e.getMessage()));
        }
    }

    static PrivateKey readKey(Path file) {
        String pem = readText("--client-key", file);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----"))
            throw new IllegalArgumentException("--client-key " + file + ": PKCS#1 RSA key (BEGIN RSA PRIVATE KEY) is not supported; " + CONVERT);
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----"))
            throw new IllegalArgumentException("--client-key " + file + ": SEC1 EC key (BEGIN EC PRIVATE KEY) is not supported; " + CONVERT);
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
            throw new IllegalArgumentException("--client-key " + file + ": encrypted keys are not supported; " + CONVERT);
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b)
            throw new IllegalArgumentException("--client-key " + file + ": no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + "-----BEGIN PRIVATE KEY-----".length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--client-key " + file + ": invalid base64 in PEM private key");
        }
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--client-key " + file + ": not an RSA or EC PKCS#8 private key");
    }

    /** Delegates to the client key manager (or has no key) and notes that the server asked for a client certificate. */
    static final class NoticingKeyManager extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;
        private final Capture capture;

        NoticingKeyManager(X509KeyManager delegate, Capture capture) {
            this.delegate = delegate;
            this.capture = capture;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            if (socket != null) capture.clientCertificateRequested(socket);
            return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            if (delegate instanceof X509ExtendedKeyManager x) return x.chooseEngineClientAlias(keyType, issuers, engine);
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }
    }

    /**
     * Delegates to the real trust manager (or trusts everything when it is null) and reports the
     * chain it was asked about, so a failed handshake can still show the certificate.
     */
    static final class CapturingTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;
        private final Capture capture;

        CapturingTrustManager(X509TrustManager delegate, Capture capture) {
            this.delegate = delegate;
            this.capture = capture;
        }

        private void capture(Socket socket, X509Certificate[] chain) {
            if (capture != null && socket != null && chain != null) capture.chain(socket, chain.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            capture(socket, chain);
            if (delegate == null) return;
            if (delegate instanceof X509ExtendedTrustManager x) x.checkServerTrusted(chain, authType, socket);
            else delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (delegate == null) return;
            if (delegate instanceof X509ExtendedTrustManager x) x.checkServerTrusted(chain, authType, engine);
            else delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (delegate != null) delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
        }
    }
}
