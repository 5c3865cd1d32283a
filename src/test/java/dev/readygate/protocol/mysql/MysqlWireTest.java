package dev.readygate.protocol.mysql;

import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.KeyManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.readygate.protocol.mysql.Mysql.assertNotReady;
import static dev.readygate.protocol.mysql.Mysql.assertReady;
import static dev.readygate.protocol.mysql.Mysql.describe;
import static dev.readygate.protocol.mysql.Mysql.probeOnce;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-level fakes for what MariaDB 10.11 cannot be put into on loopback: MySQL 8's
 * caching_sha2_password (fast path, full authentication refused without TLS, with the server's
 * RSA key), auth switches, 1129 (non-loopback only), 1040 before the greeting without SQLSTATE
 * (MySQL 8), 1053 answering COM_PING, and bytes of other protocols.
 */
@Timeout(30)
class MysqlWireTest {
    static final String PASSWORD = "Fake-Secret-77";
    static final String MYSQL8 = "8.0.36";

    final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void hostBlockedBeforeTheGreetingIsPermanentWithTheFlushHostsHint() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> new FakeMysql(s).send(FakeMysql.error(1129, null,
                "Host '10.0.0.7' is blocked because of many connection errors; unblock with 'mariadb-admin flush-hosts'")))) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port() + "/db");
            assertNotReady(r, "HOST_BLOCKED 1129", true);
            assertTrue(r.diagnosis().hint().contains("flush-hosts") && r.diagnosis().hint().contains("FLUSH HOSTS"), describe(r));
        }
    }

    @Test
    void tooManyConnectionsBeforeTheGreetingAsMysql8SendsIt() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> new FakeMysql(s).send(FakeMysql.error(1040, null, "Too many connections")))) {
            ProbeResult r = probeOnce("mysql://127.0.0.1:" + srv.port());
            assertNotReady(r, "TOO_MANY_CONNECTIONS 1040", false);
            assertEquals("Too many connections", r.diagnosis().evidence().get("serverMessage"));
        }
    }

    @Test
    void shutdownAnsweringThePingIsTransient() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting("5.5.5-10.11.19-MariaDB", Auth.NATIVE, FakeMysql.CAPS));
            m.receive();
            m.send(FakeMysql.OK);
            m.seq = 0;
            m.receive();
            m.send(FakeMysql.error(1053, "08S01", "Server shutdown in progress"));
        })) {
            ProbeResult r = probeOnce("mariadb://app:" + PASSWORD + "@127.0.0.1:" + srv.port());
            assertNotReady(r, "SHUTTING_DOWN 1053", false);
            assertEquals("MariaDB", r.diagnosis().evidence().get("server"));
            assertEquals("10.11.19-MariaDB", r.diagnosis().evidence().get("version"));
        }
    }

    @Test
    void otherProtocolsAreNamed() throws Exception {
        try (RawServer ssh = new RawServer((s, x) -> RawServer.write(s, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
             RawServer pg = new RawServer((s, x) -> {
                 s.getOutputStream().write(new byte[] {'E', 0, 0, 0, 0x20, 'S', 'F', 'A', 'T', 'A', 'L', 0});
                 x.awaitRelease(5000);
             })) {
            ProbeResult r = probeOnce("mysql://127.0.0.1:" + ssh.port());
            assertNotReady(r, "PROTOCOL_ERROR", true);
            assertTrue(r.diagnosis().message().contains("an SSH server's banner"), describe(r));
            ProbeResult p = probeOnce("mysql://127.0.0.1:" + pg.port());
            assertNotReady(p, "PROTOCOL_ERROR", true);
            assertTrue(p.diagnosis().message().contains("a PostgreSQL message"), describe(p));
        }
    }

    @Test
    void aSilentPortSaysThatMysqlGreetsFirst() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> x.awaitRelease(5000))) {
            ProbeResult r = Mysql.with().probe("mysql://127.0.0.1:" + srv.port(), Duration.ofMillis(400));
            assertNotReady(r, "READ_TIMEOUT", false);
            assertTrue(r.diagnosis().hint().contains("MySQL server greets first"), describe(r));
        }
    }

    @Test
    void aHugePacketIsRefusedBeforeItIsRead() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.NATIVE, FakeMysql.CAPS));
            m.receive();
            s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xfe, 2, 0});
            x.awaitRelease(5000);
        })) {
            ProbeResult r = probeOnce("mysql://127.0.0.1:" + srv.port());
            assertNotReady(r, "PROTOCOL_ERROR", true);
            assertTrue(r.diagnosis().message().contains("announced a packet of 16711679 bytes"), describe(r));
        }
    }

    @Test
    void malformedGreetingsAreProtocolErrors() throws Exception {
        byte[][] greetings = {
                {10, '8', '.', '0'},                      // the version never ends
                {10, '8', 0, 7, 0, 0, 0, 1, 2, 3},        // ends inside the scramble
                {9, '3', '.', '2', '1', 0},               // protocol version 9
        };
        String[] expected = {"ends before its server version", "ends before its scramble", "greets with protocol version 9"};
        for (int i = 0; i < greetings.length; i++) {
            byte[] g = greetings[i];
            try (RawServer srv = new RawServer((s, x) -> new FakeMysql(s).send(g))) {
                ProbeResult r = probeOnce("mysql://127.0.0.1:" + srv.port());
                assertNotReady(r, "PROTOCOL_ERROR", true);
                assertTrue(r.diagnosis().message().contains(expected[i]), describe(r));
            }
        }
    }

    @Test
    void cachingSha2FastPath() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.CACHING_SHA2, FakeMysql.CAPS));
            FakeMysql.Response resp = FakeMysql.parseResponse(m.receive());
            seen.add(resp.user() + "/" + resp.db() + "/" + resp.plugin() + "/" + sha2Valid(resp.auth(), FakeMysql.SCRAMBLE));
            m.send(new byte[] {1, Auth.FAST_AUTH_OK});
            m.send(FakeMysql.OK);
            m.seq = 0;
            seen.add("command " + m.receive()[0]);
            m.send(FakeMysql.OK);
            m.seq = 0;
            seen.add("command " + m.receive()[0]);
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port() + "/shop");
            assertReady(r);
            assertEquals("MySQL", r.evidence().get("server"));
            assertEquals(Auth.CACHING_SHA2, r.evidence().get("authPlugin"));
            awaitSeen(3);
            assertEquals("app/shop/caching_sha2_password/true", seen.get(0));
            assertEquals("command 14", seen.get(1), "COM_PING");
            assertEquals("command 1", seen.get(2), "COM_QUIT");
        }
    }

    @Test
    void cachingSha2FullAuthenticationWithoutTlsOrKeyIsRefusedWithoutSendingThePassword() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.CACHING_SHA2, FakeMysql.CAPS));
            m.receive();
            m.send(new byte[] {1, Auth.FULL_AUTH});
            seen.add(new String(m.receive(), StandardCharsets.ISO_8859_1));
            m.send(FakeMysql.error(1045, "28000", "Access denied for user 'app'@'10.0.0.7' (using password: YES)"));
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port());
            assertNotReady(r, "TLS_REQUIRED 1045", true);
            assertTrue(r.diagnosis().hint().contains("get-server-public-key=true"), describe(r));
            awaitSeen(1);
            assertFalse(seen.get(0).contains(PASSWORD));
            assertFalse(Mysql.allText(r).contains(PASSWORD));
        }
    }

    @Test
    void cachingSha2FullAuthenticationSendsThePasswordInsideTls(@TempDir Path tmp) throws Exception {
        SSLContext ctx = serverTls(tmp);
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.CACHING_SHA2, FakeMysql.CAPS | Greeting.CLIENT_SSL));
            seen.add("SSLRequest " + m.receive().length);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, null, true);
            tls.startHandshake();
            FakeMysql t = new FakeMysql(tls);
            t.seq = 2;
            FakeMysql.Response resp = FakeMysql.parseResponse(t.receive());
            seen.add("CLIENT_SSL " + ((resp.caps() & Greeting.CLIENT_SSL) != 0) + " " + sha2Valid(resp.auth(), FakeMysql.SCRAMBLE));
            t.send(new byte[] {1, Auth.FULL_AUTH});
            seen.add(new String(t.receive(), StandardCharsets.UTF_8));
            t.send(FakeMysql.OK);
            t.seq = 0;
            t.receive();
            t.send(FakeMysql.OK);
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port() + "?ssl-mode=required");
            assertReady(r);
            assertEquals(true, r.evidence().get("fullAuthentication"));
            assertTrue(String.valueOf(r.evidence().get("tlsProtocol")).startsWith("TLSv1."), describe(r));
            awaitSeen(3);
            assertEquals("SSLRequest 32", seen.get(0));
            assertEquals("CLIENT_SSL true true", seen.get(1));
            assertEquals(PASSWORD + "\0", seen.get(2));
        }
    }

    @Test
    void cachingSha2FullAuthenticationWithTheServersRsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair keys = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.CACHING_SHA2, FakeMysql.CAPS));
            m.receive();
            m.send(new byte[] {1, Auth.FULL_AUTH});
            byte[] ask = m.receive();
            seen.add("ask " + ask.length + " " + ask[0]);
            byte[] more = new byte[1 + pem.length()];
            more[0] = 1;
            System.arraycopy(pem.getBytes(StandardCharsets.US_ASCII), 0, more, 1, pem.length());
            m.send(more);
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            c.init(Cipher.DECRYPT_MODE, keys.getPrivate());
            byte[] plain = c.doFinal(m.receive());
            for (int i = 0; i < plain.length; i++) plain[i] ^= FakeMysql.SCRAMBLE[i % FakeMysql.SCRAMBLE.length];
            seen.add(new String(plain, StandardCharsets.UTF_8));
            m.send(FakeMysql.OK);
            m.seq = 0;
            m.receive();
            m.send(FakeMysql.OK);
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port() + "?get-server-public-key=true");
            assertReady(r);
            assertEquals(true, r.evidence().get("rsaPublicKey"));
            awaitSeen(2);
            assertEquals("ask 1 2", seen.get(0));
            assertEquals(PASSWORD + "\0", seen.get(1));
        }
    }

    @Test
    void aKeyPushedUnaskedGetsNoPassword() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAL\n-----END PUBLIC KEY-----\n";
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.SHA256, FakeMysql.CAPS));
            seen.add("response auth " + FakeMysql.parseResponse(m.receive()).auth().length);
            byte[] more = ("\u0001" + pem).getBytes(StandardCharsets.ISO_8859_1);
            m.send(more);
            s.setSoTimeout(2000);
            seen.add("then " + s.getInputStream().read());
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port() + "?ssl-mode=disabled");
            assertNotReady(r, "PROTOCOL_ERROR", true);
            assertTrue(r.diagnosis().message().contains("AuthMoreData that sha256_password does not expect"), describe(r));
            awaitSeen(2);
            assertEquals("response auth 0", seen.get(0), "sha256_password gets no password without TLS or permission to fetch the key");
            assertEquals("then -1", seen.get(1), "nothing more was sent");
        }
    }

    @Test
    void authSwitchToNativePassword() throws Exception {
        byte[] second = "ZYXWVUTSRQPONMLKJIHG".getBytes(StandardCharsets.US_ASCII);
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting(MYSQL8, Auth.CACHING_SHA2, FakeMysql.CAPS));
            m.receive();
            byte[] sw = new byte[1 + Auth.NATIVE.length() + 1 + 21];
            sw[0] = (byte) 0xfe;
            System.arraycopy(Auth.NATIVE.getBytes(StandardCharsets.US_ASCII), 0, sw, 1, Auth.NATIVE.length());
            System.arraycopy(second, 0, sw, 2 + Auth.NATIVE.length(), 20);
            m.send(sw);
            seen.add("native valid " + nativeValid(m.receive(), second));
            m.send(FakeMysql.OK);
            m.seq = 0;
            m.receive();
            m.send(FakeMysql.OK);
        })) {
            ProbeResult r = probeOnce("mysql://app:" + PASSWORD + "@127.0.0.1:" + srv.port());
            assertReady(r);
            assertEquals(Auth.NATIVE, r.evidence().get("authPlugin"));
            awaitSeen(1);
            assertEquals("native valid true", seen.get(0));
        }
    }

    @Test
    void authSwitchToAPluginReadygateDoesNotSpeak() throws Exception {
        try (RawServer srv = new RawServer((s, x) -> {
            FakeMysql m = new FakeMysql(s);
            m.send(FakeMysql.greeting("5.5.5-10.11.19-MariaDB", Auth.NATIVE, FakeMysql.CAPS));
            m.receive();
            byte[] name = "client_ed25519\0".getBytes(StandardCharsets.US_ASCII);
            byte[] sw = new byte[1 + name.length + 32];
            sw[0] = (byte) 0xfe;
            System.arraycopy(name, 0, sw, 1, name.length);
            m.send(sw);
            seen.add("answer " + m.receive().length);
            m.send(FakeMysql.error(1045, "28000", "Access denied for user 'app'@'127.0.0.1' (using password: YES)"));
        })) {
            ProbeResult r = probeOnce("mariadb://app:" + PASSWORD + "@127.0.0.1:" + srv.port());
            assertNotReady(r, "AUTH_FAILED 1045", true);
            assertTrue(r.diagnosis().hint().contains("client_ed25519, which readygate does not speak"), describe(r));
            awaitSeen(1);
            assertEquals("answer 0", seen.get(0));
        }
    }

    @Test
    void scramblesMatchTheServersChecks() {
        assertTrue(sha2Valid(Auth.sha2Scramble(PASSWORD, FakeMysql.SCRAMBLE), FakeMysql.SCRAMBLE));
        assertTrue(nativeValid(Auth.nativeScramble(PASSWORD, FakeMysql.SCRAMBLE), FakeMysql.SCRAMBLE));
        assertArrayEquals(new byte[0], Auth.firstResponse(Auth.NATIVE, null, FakeMysql.SCRAMBLE, false));
    }

    /** The server's check of caching_sha2_password's scramble: stored = SHA256(SHA256(pw)). */
    static boolean sha2Valid(byte[] response, byte[] nonce) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] stored = sha.digest(sha.digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
            sha.update(stored);
            sha.update(nonce);
            byte[] x = sha.digest();
            byte[] h1 = new byte[response.length];
            for (int i = 0; i < h1.length; i++) h1[i] = (byte) (response[i] ^ x[i % x.length]);
            return response.length == 32 && MessageDigest.isEqual(sha.digest(h1), stored);
        } catch (Exception e) {
            return false;
        }
    }

    /** The server's check of mysql_native_password: stored = SHA1(SHA1(pw)). */
    static boolean nativeValid(byte[] response, byte[] nonce) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            byte[] stored = sha.digest(sha.digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
            sha.update(nonce);
            sha.update(stored);
            byte[] x = sha.digest();
            byte[] h1 = new byte[response.length];
            for (int i = 0; i < h1.length; i++) h1[i] = (byte) (response[i] ^ x[i % x.length]);
            return response.length == 20 && MessageDigest.isEqual(sha.digest(h1), stored);
        } catch (Exception e) {
            return false;
        }
    }

    /** A server TLS context with a self-signed EC certificate made by openssl (one quick process, unlike keytool). */
    static SSLContext serverTls(Path dir) throws Exception {
        Path openssl = ServerProcess.require("openssl", "/usr/bin/openssl", "openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        ServerProcess.run(List.of(openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "2"), Map.of(), Duration.ofSeconds(30));
        String body = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        Certificate c;
        try (InputStream in = Files.newInputStream(cert)) {
            c = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("srv", k, new char[0], new Certificate[] {c});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private void awaitSeen(int n) throws InterruptedException {
        for (int i = 0; i < 100 && seen.size() < n; i++) Thread.sleep(20);
        assertTrue(seen.size() >= n, "the fake server saw " + seen);
    }
}
