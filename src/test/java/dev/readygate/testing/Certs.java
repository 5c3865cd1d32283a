package dev.readygate.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test certificates made with the JDK's keytool in a temporary directory. */
public final class Certs {
    public static final String PASS = "changeit";
    private final Path dir;

    public Certs(Path dir) {
        this.dir = dir;
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    /** Runs keytool with the arguments; fails with its output when it does not exit 0 within 60 s. */
    public void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool timed out: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + cmd + "\n" + out);
    }

    /** A self-signed EC key pair in NAME.p12 (alias srv) and its certificate in NAME.pem. */
    public void selfSigned(String name, String cn, String san, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + cn, "-validity", "30", "-keystore", name + ".p12", "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS));
        if (san != null) args.addAll(List.of("-ext", "SAN=" + san));
        args.addAll(List.of(extra));
        keytool(args.toArray(new String[0]));
        export(name, "srv", name + ".pem");
    }

    public void export(String store, String alias, String pem) throws Exception {
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", store + ".p12", "-storepass", PASS, "-file", pem);
    }

    /** NAME.p12 holding a key whose certificate is issued by CA (its own p12), with the given validity. */
    public void issued(String name, String ca, String cn, String san, String startdate, int validityDays) throws Exception {
        keytool("-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, "-validity", "30",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "srv", "-keystore", name + ".p12", "-storepass", PASS, "-file", name + ".csr");
        List<String> gen = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "srv", "-keystore", ca + ".p12", "-storepass", PASS,
                "-infile", name + ".csr", "-outfile", name + ".crt", "-validity", Integer.toString(validityDays), "-ext", "SAN=" + san));
        if (startdate != null) gen.addAll(List.of("-startdate", startdate));
        keytool(gen.toArray(new String[0]));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca + ".pem", "-keystore", name + ".p12", "-storepass", PASS);
        keytool("-importcert", "-noprompt", "-alias", "srv", "-file", name + ".crt", "-keystore", name + ".p12", "-storepass", PASS);
    }

    public KeyStore load(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path(name + ".p12"))) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    /** Writes the private key of NAME.p12 as a PKCS#8 PEM file and returns its path. */
    public Path privateKeyPem(String name) throws Exception {
        PrivateKey key = (PrivateKey) load(name).getKey("srv", PASS.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path p = path(name + ".key.pem");
        Files.writeString(p, pem);
        return p;
    }

    /** A server context with the key of NAME.p12, trusting the certificates of trustStore (p12 name) if given. */
    public SSLContext serverContext(String name, String trustStore) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(name), PASS.toCharArray());
        TrustManagerFactory tmf = null;
        if (trustStore != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore));
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }
}
