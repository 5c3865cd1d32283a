package dev.readygate.protocol.redis;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.testing.Certs;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.readygate.protocol.redis.RealRedis.probe;
import static dev.readygate.protocol.redis.RealRedis.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real redis-server with a plain port and a tls-port (tls-auth-clients optional, so a client
 * certificate is checked when one is sent): rediss:// to the tls-port, and the mismatches both ways,
 * each confirmed by a second connection in the other mode.
 */
@Timeout(60)
class RedisTlsTest {
    @TempDir
    static Path dir;
    static RealRedis redis;
    static int tlsPort;
    static Path ca;
    static Path clientCert;
    static Path clientKey;

    @BeforeAll
    static void start() throws Exception {
        RealRedis.binary();
        Certs certs = new Certs(dir);
        certs.selfSigned("srv", "localhost", "dns:localhost,ip:127.0.0.1");
        Path key = certs.privateKeyPem("srv");
        ca = certs.path("srv.pem");
        // keytool is slow: the client shows the server's own self-signed pair, which the server trusts as a CA
        clientCert = ca;
        clientKey = key;
        Path trusted = ca;
        tlsPort = Servers.freePort();
        redis = RealRedis.start(dir.resolve("redis"), "--tls-port", Integer.toString(tlsPort), "--tls-cert-file", ca.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", trusted.toString(), "--tls-auth-clients", "optional");
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.close();
    }

    @Test
    void redissToTheTlsPortIsReadyWithTheTlsFacts() {
        ProbeResult r = probe(target("rediss://localhost:" + tlsPort, TlsSettings.CA_CERT, ca));
        assertTrue(r.ready(), r::toString);
        assertTrue(r.evidence().get("tlsProtocol").toString().startsWith("TLSv1."), r::toString);
        assertEquals("PONG", r.evidence().get("ping"));
        ProbeResult mutual = probe(target("rediss://127.0.0.1:" + tlsPort, TlsSettings.CA_CERT, ca,
                TlsSettings.CLIENT_CERT, clientCert, TlsSettings.CLIENT_KEY, clientKey));
        assertTrue(mutual.ready(), mutual::toString);
    }

    @Test
    void anUntrustedCertificateIsTlsUntrustedUnlessInsecure() {
        ProbeResult r = probe(target("rediss://localhost:" + tlsPort));
        assertEquals(Cause.TLS_UNTRUSTED, r.diagnosis().cause(), r::toString);
        assertTrue(r.diagnosis().permanent());
        ProbeResult insecure = probe(target("rediss://localhost:" + tlsPort, TlsSettings.INSECURE, "true"));
        assertTrue(insecure.ready(), insecure::toString);
    }

    @Test
    void plainToTheTlsPortIsPlainOnTlsPortOnceAHandshakeConfirmsIt() {
        ProbeResult r = probe(target("redis://127.0.0.1:" + tlsPort));
        assertFalse(r.ready());
        assertEquals(Cause.PLAIN_ON_TLS_PORT, r.diagnosis().cause(), r::toString);
        assertTrue(r.diagnosis().permanent());
        assertTrue(r.diagnosis().hint().startsWith("use rediss://127.0.0.1:" + tlsPort), r.diagnosis()::hint);
        assertTrue(r.diagnosis().evidence().get("tlsProtocol").toString().startsWith("TLSv1."), r::toString);
    }

    @Test
    void tlsToThePlainPortIsTlsOnPlainPortOnceAPlainPingConfirmsIt() {
        // Redis reads a ClientHello as an inline command: it waits for a line end (silence until the budget's reserve)
        // or, when the random bytes hold one, answers in plain text; both end here
        for (int i = 0; i < 2; i++) {
            ProbeResult r = probe(target("rediss://localhost:" + redis.port, TlsSettings.CA_CERT, ca), Duration.ofMillis(1200));
            assertFalse(r.ready());
            assertEquals(Cause.TLS_ON_PLAIN_PORT, r.diagnosis().cause(), r::toString);
            assertTrue(r.diagnosis().permanent());
            assertTrue(r.diagnosis().hint().startsWith("use redis://localhost:" + redis.port), r.diagnosis()::hint);
            assertEquals("+PONG", r.diagnosis().evidence().get("plainReply"), r::toString);
        }
    }
}
