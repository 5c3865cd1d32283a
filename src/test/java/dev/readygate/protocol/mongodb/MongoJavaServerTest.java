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
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real server speaking the MongoDB wire protocol in process: mongo-java-server (test
 * scope), which answers hello with CommandNotFound, so it proves the isMaster fallback on OP_QUERY.
 */
@Timeout(60)
class MongoJavaServerTest {
    static MongoServer server;
    static int port;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress a = server.bind();
        port = a.getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.shutdownNow();
    }

    static ProbeResult probe(String url, MongoSpec spec) {
        Target t = Registry.protocols().parse(url, Origin.COMMAND_LINE).withSpec(spec);
        return new MongoProbe().probe(t, Duration.ofSeconds(5));
    }

    @Test
    void aStandaloneServerWithoutHelloIsReadyThroughIsMaster() {
        ProbeResult r = probe("mongodb://127.0.0.1:" + port, MongoProbe.DEFAULT);
        assertTrue(r.ready(), r::toString);
        assertEquals("isMaster (OP_QUERY)", r.evidence().get("command"));
        assertEquals("standalone", r.evidence().get("role"));
        assertTrue(String.valueOf(r.evidence().get("helloUnknown")).contains("CommandNotFound (59)"), r::toString);
        assertTrue(r.evidence().containsKey("maxWireVersion"), r::toString);
    }

    @Test
    void aReplicaSetTargetOnAStandaloneIsPermanent() {
        ProbeResult r = probe("mongodb://127.0.0.1:" + port + "/?replicaSet=rs0",
                new MongoSpec(Credentials.NONE, "admin", "rs0", MongoSpec.Role.PRIMARY, false, TlsOptions.DEFAULT));
        Diagnosis d = r.diagnosis();
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), r::toString);
        assertEquals("standalone", d.variant());
        assertTrue(d.permanent());
        assertTrue(d.hint().contains("--replSet rs0"), d::hint);
    }

    @Test
    void credentialsAgainstAServerWithoutAuthenticationAreAuthFailed() {
        ProbeResult r = probe("mongodb://app@127.0.0.1:" + port,
                new MongoSpec(Credentials.of("app", "pw-never-shown"), "admin", null, MongoSpec.Role.ANY, false, TlsOptions.DEFAULT));
        assertEquals(Cause.AUTH_FAILED, r.diagnosis().cause(), r::toString);
        assertTrue(r.diagnosis().permanent());
        assertTrue(!r.toString().contains("pw-never-shown"));
    }

    @Test
    void theCommandLineWaitsForIt() {
        CliRun r = CliRun.run("wait", "--timeout", "5s", "--output", "json", "mongodb://127.0.0.1:" + port);
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("isMaster (OP_QUERY)"), r::toString);
    }
}
