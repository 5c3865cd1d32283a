package dev.readygate.protocol.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.registry.Registry;
import dev.readygate.testing.Certs;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ?tls=true against real servers: mongo-java-server with TLS (its enableSsl, a self-signed
 * certificate for 127.0.0.1) and without, so both mismatches are confirmed by a second look.
 */
@Timeout(60)
class MongoTlsTest {
    @TempDir
    static Path dir;
    static Certs certs;
    static MongoServer tlsServer;
    static MongoServer plainServer;
    static int tlsPort;
    static int plainPort;

    @BeforeAll
    static void start() throws Exception {
        certs = new Certs(dir);
        certs.selfSigned("srv", "localhost", "IP:127.0.0.1,DNS:localhost");
        KeyStore ks = certs.load("srv");
        tlsServer = new MongoServer(new MemoryBackend());
        tlsServer.enableSsl((PrivateKey) ks.getKey("srv", Certs.PASS.toCharArray()), null, (X509Certificate) ks.getCertificate("srv"));
        tlsPort = tlsServer.bind().getPort();
        plainServer = new MongoServer(new MemoryBackend());
        plainPort = plainServer.bind().getPort();
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) tlsServer.shutdownNow();
        if (plainServer != null) plainServer.shutdownNow();
    }

    static ProbeResult probe(int port, boolean tls, TlsOptions options) {
        return probe(port, tls, options, Duration.ofSeconds(5));
    }

    static ProbeResult probe(int port, boolean tls, TlsOptions options, Duration budget) {
        Target t = Registry.protocols().parse("mongodb://127.0.0.1:" + port, Origin.COMMAND_LINE)
                .withSpec(new MongoSpec(Credentials.NONE, "admin", null, MongoSpec.Role.ANY, tls, options));
        return new MongoProbe().probe(t, budget);
    }

    @Test
    void tlsWithTheServersCaIsReadyWithTlsFactsInTheEvidence() {
        ProbeResult r = probe(tlsPort, true, new TlsOptions(false, certs.path("srv.pem"), null, null));
        assertTrue(r.ready(), r::toString);
        assertTrue(String.valueOf(r.evidence().get("tlsProtocol")).startsWith("TLSv1."), r::toString);
        assertTrue(r.evidence().containsKey("cipher"), r::toString);
        assertEquals("isMaster (OP_QUERY)", r.evidence().get("command"));
    }

    @Test
    void anUntrustedCertificateIsPermanent() {
        Diagnosis d = probe(tlsPort, true, TlsOptions.DEFAULT).diagnosis();
        assertEquals(Cause.TLS_UNTRUSTED, d.cause(), d::toString);
        assertTrue(d.permanent());
    }

    @Test
    void plainOnTheTlsPortIsConfirmedByAHandshake() {
        Diagnosis d = probe(tlsPort, false, TlsOptions.DEFAULT).diagnosis();
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d::toString);
        assertTrue(d.permanent());
        assertTrue(d.hint().contains("?tls=true"), d::hint);
        assertTrue(String.valueOf(d.evidence().get("tlsConfirmed")).startsWith("TLSv1."), d::toString);
    }

    @Test
    void tlsOnThePlainPortIsConfirmedByAPlainHello() {
        long t0 = System.nanoTime();
        Diagnosis d = probe(plainPort, true, TlsOptions.DEFAULT, Duration.ofSeconds(2)).diagnosis();
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_500, "took longer than its budget: " + d);
        assertEquals(Cause.TLS_ON_PLAIN_PORT, d.cause(), d::toString);
        assertTrue(d.permanent());
        assertTrue(d.hint().contains("drop tls=true"), d::hint);
    }

    @Test
    void theCommandLineTakesTlsFromTheUrlAndTheCaFromCaCert() {
        CliRun r = CliRun.run("wait", "--timeout", "5s", "--output", "json", "--ca-cert", certs.path("srv.pem").toString(),
                "mongodb://127.0.0.1:" + tlsPort + "/?tls=true");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("tlsProtocol"), r::toString);
    }
}
