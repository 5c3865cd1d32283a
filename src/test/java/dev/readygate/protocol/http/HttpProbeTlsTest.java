package dev.readygate.protocol.http;

import dev.readygate.net.tls.TlsContexts;

import dev.readygate.testing.Certs;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.readygate.protocol.http.Http.assertNotReady;
import static dev.readygate.protocol.http.Http.assertReady;
import static dev.readygate.protocol.http.Http.expect;
import static org.junit.jupiter.api.Assertions.*;

class HttpProbeTlsTest {
    @TempDir
    static Path dir;
    static Certs certs;

    RawServer server;
    final List<List<SNIServerName>> sni = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = new Certs(dir);
        certs.selfSigned("localhost", "localhost", "dns:localhost,ip:127.0.0.1");
        certs.selfSigned("example", "example.test", "dns:example.test");
        certs.selfSigned("ca", "Readygate Test CA", null, "-ext", "bc:c");
        certs.issued("expired", "ca", "localhost", "dns:localhost,ip:127.0.0.1", "-2d", 1);
        certs.issued("soon", "ca", "localhost", "dns:localhost,ip:127.0.0.1", null, 2);
        certs.selfSigned("client", "readygate-client", null);
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) server.close();
    }

    /** An HTTPS server with the key of NAME.p12 answering 200 "secure". */
    int tlsServer(String name, String clientTrust) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) certs.serverContext(name, clientTrust).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (clientTrust != null) ss.setNeedClientAuth(true);
        server = new RawServer(ss, (s, srv) -> {
            SSLSocket ssl = (SSLSocket) s;
            ssl.startHandshake();
            sni.add(((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames());
            srv.readRequest(s);
            RawServer.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
        });
        return server.port();
    }

    static TlsOptions ca(Path pem) {
        return new TlsOptions(false, pem, null, null);
    }

    static Diagnosis failure(ProbeResult r) {
        assertNotReady(r);
        return r.diagnosis();
    }

    @Test
    void defaultTrustDoesNotTrustASelfSignedCertificate() throws Exception {
        int port = tlsServer("localhost", null);
        Diagnosis d = failure(expect().probe("https://localhost:" + port + "/"));
        assertEquals(Cause.TLS_UNTRUSTED, d.cause(), d.message());
        assertTrue(d.permanent());
        Map<?, ?> cert = (Map<?, ?>) d.evidence().get("certificate");
        assertEquals("CN=localhost", cert.get("subject"));
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1"), cert.get("sans"));
        assertEquals("CN=localhost", cert.get("issuer"));
        assertNotNull(cert.get("notAfter"));
    }

    @Test
    void caCertMakesItTrusted() throws Exception {
        int port = tlsServer("localhost", null);
        ProbeResult r = expect().contains("secure").tls(ca(certs.path("localhost.pem"))).probe("https://localhost:" + port + "/");
        assertReady(r);
        for (String k : List.of("address", "family", "connectMs", "tlsMs", "tlsProtocol", "cipher", "firstByteMs", "totalMs", "status", "headerBytes", "bodyBytes"))
            assertTrue(r.evidence().containsKey(k), k + " in " + r.evidence());
        assertEquals("CN=localhost", ((Map<?, ?>) r.evidence().get("certificate")).get("subject"));
        assertEquals("localhost", ((javax.net.ssl.SNIHostName) sni.get(0).get(0)).getAsciiName());
    }

    @Test
    void ipLiteralMatchesIpSanAndSendsNoSni() throws Exception {
        int port = tlsServer("localhost", null);
        assertReady(expect().tls(ca(certs.path("localhost.pem"))).probe("https://127.0.0.1:" + port + "/"));
        assertEquals(List.of(), sni.get(0));
    }

    @Test
    void insecureTrustsAnythingAndSkipsTheName() throws Exception {
        int port = tlsServer("example", null);
        assertReady(expect().tls(new TlsOptions(true, null, null, null)).probe("https://localhost:" + port + "/"));
    }

    @Test
    void wrongNameIsHostnameMismatch() throws Exception {
        int port = tlsServer("example", null);
        Diagnosis d = failure(expect().tls(ca(certs.path("example.pem"))).probe("https://localhost:" + port + "/"));
        assertEquals(Cause.TLS_HOSTNAME_MISMATCH, d.cause(), d.message());
        assertTrue(d.message().contains("does not name 'localhost'; it names [DNS:example.test]"), d.message());
    }

    @Test
    void expiredCertificateIsExpired() throws Exception {
        int port = tlsServer("expired", null);
        Diagnosis d = failure(expect().tls(ca(certs.path("ca.pem"))).probe("https://localhost:" + port + "/"));
        assertEquals(Cause.TLS_EXPIRED, d.cause(), d.message());
        assertTrue(d.message().contains("expired on"), d.message());
        assertEquals("CN=Readygate Test CA", ((Map<?, ?>) d.evidence().get("certificate")).get("issuer"));
    }

    @Test
    void aCertificateExpiringWithinTheMinimumValidityIsAWarning() throws Exception {
        int port = tlsServer("soon", null);
        ProbeResult r = expect().tls(ca(certs.path("ca.pem"))).probe("https://localhost:" + port + "/");
        assertReady(r);
        // localhost is also ::1 in the test hosts file, where this server does not listen: that is a warning of its own
        Diagnosis w = r.warnings().stream().filter(x -> x.cause() == Cause.TLS_EXPIRED).findFirst().orElseThrow();
        assertEquals("expires soon", w.variant());
        assertTrue(w.message().startsWith("the certificate of localhost expires in 1d"), w.message());
        assertTrue(w.message().endsWith("within the 7d of --cert-min-validity"), w.message());
        ProbeResult relaxed = expect().tls(ca(certs.path("ca.pem")))
                .budgets(new dev.readygate.protocol.http.HttpSpec.Budgets(0, null, java.time.Duration.ofDays(1)))
                .probe("https://localhost:" + port + "/");
        assertReady(relaxed);
        assertTrue(relaxed.warnings().stream().noneMatch(x -> x.cause() == Cause.TLS_EXPIRED), relaxed.warnings()::toString);
    }

    @Test
    void httpsToAPlainHttpServerIsTlsOnPlainPort() throws Exception {
        server = new RawServer((s, srv) -> {
            InputStream in = s.getInputStream();
            in.read(new byte[4096]);
            RawServer.write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        Diagnosis d = failure(expect().probe("https://127.0.0.1:" + server.port() + "/"));
        assertEquals(Cause.TLS_ON_PLAIN_PORT, d.cause(), d.message());
    }

    @Test
    void httpToATlsOnlyServer() throws Exception {
        int port = tlsServer("localhost", null);
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + port + "/"));
        // pinned: the JDK's TLS server answers a plain-text request with a TLS alert record, then closes
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d.message());
        assertTrue(d.message().contains("'\\x15\\x03\\x03"), d.message());
        assertTrue(d.hint().contains("https://127.0.0.1:" + port + "/"), d.hint());
    }

    /**
     * A port that speaks TLS to a ClientHello and answers anything else the way real servers do:
     * a reset (plainReply null) or nginx's plain-text 400.
     */
    int tlsOrElse(String plainReply) throws Exception {
        javax.net.ssl.SSLSocketFactory f = certs.serverContext("localhost", null).getSocketFactory();
        server = new RawServer((s, srv) -> {
            int first = s.getInputStream().read();
            if (first == 0x16) {
                SSLSocket ssl = (SSLSocket) f.createSocket(s, new java.io.ByteArrayInputStream(new byte[] {(byte) first}), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                srv.readRequest(ssl);
                RawServer.write(ssl, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            } else if (plainReply == null) {
                s.setSoLinger(true, 0); // RST
            } else {
                srv.readRequest(s);
                RawServer.write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: " + plainReply.length() + "\r\n\r\n" + plainReply);
            }
        });
        return server.port();
    }

    @Test
    void aResetToAPlainRequestConfirmedByAHandshakeIsPlainOnTlsPort() throws Exception {
        int port = tlsOrElse(null);
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + port + "/health"));
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d.message());
        assertTrue(d.message().startsWith("127.0.0.1:" + port + " speaks TLS only: a plain HTTP request got CONNECTION_RESET, and a TLS handshake"), d.message());
        assertEquals("use https://127.0.0.1:" + port + "/health", d.hint());
        assertEquals("CONNECTION_RESET", d.evidence().get("plainResult"));
    }

    @Test
    void plainHttpToTheTlsPortOfAnUnderscoreHostIsPlainOnTlsPort() throws Exception {
        int port = tlsOrElse(null);
        // the confirming handshake sends no SNI for my_db (SNIHostName refuses underscores) instead of failing
        Diagnosis d = failure(expect().probe("http://my_db:" + port + "/health"));
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d.message());
        assertEquals("use https://my_db:" + port + "/health", d.hint());
    }

    @Test
    void anUnderscoreHostIsProbedOverTlsWithoutSni() throws Exception {
        int port = tlsServer("localhost", null);
        assertReady(expect().tls(new TlsOptions(true, null, null, null)).probe("https://my_db:" + port + "/"));
        assertEquals(List.of(), sni.get(0));
        assertEquals(List.of(new javax.net.ssl.SNIHostName("db.example.test")), dev.readygate.net.TlsSniff.serverNames("db.example.test."));
        assertEquals(List.of(), dev.readygate.net.TlsSniff.serverNames("::1"));
    }

    @Test
    void nginxsPlainRequestToHttpsPort400IsPlainOnTlsPort() throws Exception {
        int port = tlsOrElse("The plain HTTP request was sent to HTTPS port");
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + port + "/"));
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d.message());
        assertTrue(d.message().contains("got HTTP_STATUS 400"), d.message());
    }

    @Test
    void aPlainServerThatWaitsForACompleteRequestIsTlsOnPlainPort() throws Exception {
        // like nginx or Node on a plain port: a ClientHello is no complete request, so the handshake gets no answer at all
        java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepter = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    java.net.Socket s = listener.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.setSoTimeout(5000);
                            new RawServer.Reader(s).request();
                            RawServer.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                        } catch (Exception e) {
                            // the handshake gave up
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        try (listener) {
            long t0 = System.nanoTime();
            Diagnosis d = failure(expect().probe("https://127.0.0.1:" + listener.getLocalPort() + "/", java.time.Duration.ofMillis(1000)));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Cause.TLS_ON_PLAIN_PORT, d.cause(), d.message());
            assertTrue(d.message().contains("got no answer, but a plain HTTP request to the same port is answered ('HTTP/1.1 200 OK')"), d.message());
            assertTrue(took < 1100, "took " + took + " ms for a 1000 ms budget");
        }
    }

    @Test
    void aTlsServerThatHandshakesThenStaysSilentEndsWithinTheBudget() throws Exception {
        // the TLS close waits for the peer's close_notify (up to the socket timeout) unless the connection underneath goes first
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            SSLServerSocket ss = (SSLServerSocket) certs.serverContext("localhost", null).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ss.setEnabledProtocols(new String[] {protocol});
            server = new RawServer(ss, (s, srv) -> {
                ((SSLSocket) s).startHandshake();
                srv.awaitRelease(10_000);
            });
            long t0 = System.nanoTime();
            Diagnosis d = failure(expect().tls(new TlsOptions(true, null, null, null))
                    .probe("https://127.0.0.1:" + server.port() + "/", java.time.Duration.ofMillis(600)));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
            assertTrue(took < 700, protocol + ": took " + took + " ms for a 600 ms budget");
            server.close();
            server = null;
        }
    }

    @Test
    void theHandshakeConfirmingPlainOnTlsPortHasABudgetOfItsOwn() throws Exception {
        // a plain request is reset, and the port then accepts a TLS connection but never answers the ClientHello
        server = new RawServer((s, srv) -> {
            int first = s.getInputStream().read();
            if (first == 0x16) srv.awaitRelease(10_000);
            else s.setSoLinger(true, 0);
        });
        long t0 = System.nanoTime();
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + server.port() + "/", java.time.Duration.ofSeconds(3)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.CONNECTION_RESET, d.cause(), d.message());
        assertTrue(took < PlainOnTlsCheck.CONFIRM_MS + 300, "took " + took + " ms: the confirming handshake waited out the attempt");
    }

    @Test
    void aResetFromAPlainServerStaysAReset() throws Exception {
        server = new RawServer((s, srv) -> {
            srv.readRequest(s);
            s.setSoLinger(true, 0);
        });
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + server.port() + "/"));
        assertEquals(Cause.CONNECTION_RESET, d.cause(), d.message());
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeIsReadTimeoutWithinBudget() throws Exception {
        server = new RawServer((s, srv) -> srv.awaitRelease(10_000));
        long t0 = System.nanoTime();
        Diagnosis d = failure(expect().probe("https://127.0.0.1:" + server.port() + "/", java.time.Duration.ofMillis(500)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
        assertTrue(d.message().contains("TLS handshake"), d.message());
        assertTrue(took < 800, "took " + took + " ms");
    }

    @Test
    void aTricklingHandshakeCannotStretchTheBudget() throws Exception {
        // a TLS record header announcing a long handshake message, then one byte every 100 ms
        server = new RawServer((s, srv) -> {
            s.getInputStream().read(new byte[4096]);
            RawServer.write(s, "\u0016\u0003\u0003\u0040\u0000");
            for (int i = 0; i < 100 && !srv.awaitRelease(100); i++) RawServer.write(s, "\u0002");
        });
        long t0 = System.nanoTime();
        Diagnosis d = failure(expect().probe("https://127.0.0.1:" + server.port() + "/", java.time.Duration.ofMillis(700)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
        assertTrue(took < 1000, "took " + took + " ms");
    }

    @Test
    void clientCertificate() throws Exception {
        int port = tlsServer("localhost", "client");
        Path key = certs.privateKeyPem("client");
        TlsOptions withCert = new TlsOptions(false, certs.path("localhost.pem"), certs.path("client.pem"), key);
        assertReady(expect().tls(withCert).probe("https://localhost:" + port + "/"));
        Diagnosis d = failure(expect().tls(ca(certs.path("localhost.pem"))).probe("https://localhost:" + port + "/"));
        assertEquals(Cause.TLS_HANDSHAKE, d.cause(), d.message());
        assertTrue(d.message().contains("requires a client certificate and none is configured"), d.message());
        assertTrue(d.permanent());
    }

    @Test
    void tlsContextErrors() throws Exception {
        Path missing = dir.resolve("missing.pem");
        var e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.build(ca(missing)));
        assertEquals("--ca-cert " + missing + ": file not found", e.getMessage());

        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.build(ca(notPem)));
        assertEquals("--ca-cert " + notPem + ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)", e.getMessage());

        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        e = assertThrows(IllegalArgumentException.class, () -> TlsContexts.build(ca(broken)));
        assertTrue(e.getMessage().startsWith("--ca-cert " + broken + ": invalid PEM certificate"), e.getMessage());

        Path rsa = dir.resolve("rsa.pem");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsContexts.build(new TlsOptions(false, null, certs.path("client.pem"), rsa)));
        assertEquals("--client-key " + rsa + ": PKCS#1 RSA key (BEGIN RSA PRIVATE KEY) is not supported; convert it with: "
                + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem", e.getMessage());

        assertNotNull(TlsContexts.build(ca(certs.path("localhost.pem"))));
        assertNotNull(TlsContexts.build(TlsOptions.DEFAULT));
    }

    @Test
    void badTlsOptionsAtProbeTimeAreAPermanentDiagnosisNotAnException() throws Exception {
        int port = tlsServer("localhost", null);
        Diagnosis d = failure(expect().tls(ca(dir.resolve("nope.pem"))).probe("https://localhost:" + port + "/"));
        assertEquals(Cause.TLS_HANDSHAKE, d.cause());
        assertTrue(d.permanent());
        assertTrue(d.message().contains("file not found"), d.message());
    }
}
