package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.registry.Registry;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replica-set states, shutting down and SCRAM-SHA-256, which no cheap real server gives
 * (mongo-java-server is a standalone without authentication): a byte-level MongoDB answers hello
 * as the MongoDB manual documents each state, and computes the server side of SCRAM itself.
 */
@Timeout(30)
class MongoReplicaSetTest {
    static final Duration BUDGET = Duration.ofSeconds(3);

    static Bson.Doc member(boolean primary, boolean secondary) {
        return Bson.doc().bool("isWritablePrimary", primary).bool("secondary", secondary).string("setName", "rs0")
                .array("hosts", hosts()).string("primary", "mongo-b:27017").string("me", "mongo-a:27017")
                .int32("maxWireVersion", 21).int32("minWireVersion", 0).dbl("ok", 1);
    }

    static Bson.Doc hosts() {
        return Bson.doc().string("0", "mongo-a:27017").string("1", "mongo-b:27017").string("2", "mongo-c:27017");
    }

    static ProbeResult probe(FakeMongo server, MongoSpec spec) {
        Target t = Registry.protocols().parse("mongodb://127.0.0.1:" + server.port(), Origin.COMMAND_LINE).withSpec(spec);
        return new MongoProbe().probe(t, BUDGET);
    }

    static MongoSpec spec(MongoSpec.Role role, String replicaSet) {
        return new MongoSpec(Credentials.NONE, "admin", replicaSet, role, false, TlsOptions.DEFAULT);
    }

    static MongoSpec withUser(String user, String password) {
        return new MongoSpec(Credentials.of(user, password), "admin", null, MongoSpec.Role.ANY, false, TlsOptions.DEFAULT);
    }

    /** A seed list of these ports on 127.0.0.1, with the spec the protocol makes of it. */
    static ProbeResult probeSeeds(MongoSpec.Role role, int... ports) {
        StringBuilder hosts = new StringBuilder();
        for (int p : ports) hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
        Target t = Registry.protocols().parse("mongodb://" + hosts + "/?replicaSet=rs0", Origin.COMMAND_LINE);
        MongoSpec spec = new MongoSpec(Credentials.NONE, "admin", "rs0", role, false, TlsOptions.DEFAULT, MongoProtocol.seeds(t));
        return new MongoProbe().probe(t.withSpec(spec), BUDGET);
    }

    @Test
    void aSeedListIsTriedHostByHostUntilOneIsReady() throws Exception {
        int dead = dev.readygate.testing.Servers.freePort();
        try (FakeMongo secondary = FakeMongo.hello(member(false, true)); FakeMongo primary = FakeMongo.hello(member(true, false))) {
            ProbeResult r = probeSeeds(MongoSpec.Role.PRIMARY, dead, secondary.port(), primary.port());
            assertTrue(r.ready(), r::toString);
            assertEquals("127.0.0.1:" + primary.port(), r.evidence().get("seed"));
            assertEquals("primary", r.evidence().get("role"));
            List<?> tried = (List<?>) r.evidence().get("seeds");
            assertEquals(3, tried.size(), tried::toString);
            assertTrue(tried.get(0).toString().contains("CONNECTION_REFUSED") && tried.get(1).toString().contains("NOT_PRIMARY"), tried::toString);
        }
    }

    @Test
    void aSeedListWithoutAPrimaryNamesTheHostThatGotFurthestAndEveryOutcome() throws Exception {
        int dead = dev.readygate.testing.Servers.freePort();
        try (FakeMongo secondary = FakeMongo.hello(member(false, true))) {
            ProbeResult r = probeSeeds(MongoSpec.Role.PRIMARY, dead, secondary.port());
            assertFalse(r.ready());
            Diagnosis d = r.diagnosis();
            assertEquals(Cause.NOT_PRIMARY, d.cause(), d::toString);
            assertTrue(d.message().contains("the primary is mongo-b:27017"), d.message());
            assertTrue(d.message().endsWith("(best of 2 seeds tried: 127.0.0.1:" + dead + " CONNECTION_REFUSED, 127.0.0.1:"
                    + secondary.port() + " NOT_PRIMARY secondary)"), d.message());
            assertEquals(2, ((List<?>) d.evidence().get("seeds")).size());
        }
    }

    @Test
    void aPrimaryIsReadyWithItsSetAndVersionInTheEvidence() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(true, false))) {
            ProbeResult r = probe(m, spec(MongoSpec.Role.PRIMARY, "rs0"));
            assertTrue(r.ready(), r::toString);
            assertEquals("primary", r.evidence().get("role"));
            assertEquals("rs0", r.evidence().get("setName"));
            assertEquals("7.0.14", r.evidence().get("version"));
            assertEquals("hello (OP_MSG)", r.evidence().get("command"));
            assertEquals(List.of("mongo-a:27017", "mongo-b:27017", "mongo-c:27017"), r.evidence().get("hosts"));
            assertEquals(List.of("hello", "buildInfo"), m.commands);
            assertEquals("admin", m.requests.get(0).get("$db"));
        }
    }

    @Test
    void aSecondaryIsNotPrimaryTransientNamingThePrimaryWhenAPrimaryIsAsked() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(false, true))) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.PRIMARY, "rs0")).diagnosis();
            assertEquals(Cause.NOT_PRIMARY, d.cause(), d::toString);
            assertFalse(d.permanent());
            assertTrue(d.message().contains("the primary is mongo-b:27017"), d::message);
            assertTrue(d.hint().contains("--mongo-role any"), d::hint);
            assertEquals("secondary", d.evidence().get("role"));
            assertEquals("7.0.14", d.evidence().get("version"));
        }
    }

    @Test
    void aSecondaryIsReadyWhenAnyRoleIsAsked() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(false, true))) {
            ProbeResult r = probe(m, spec(MongoSpec.Role.ANY, "rs0"));
            assertTrue(r.ready(), r::toString);
            assertEquals("secondary", r.evidence().get("role"));
            assertEquals("mongo-b:27017", r.evidence().get("primary"));
        }
    }

    @Test
    void aMemberInStartup2OrRecoveringIsStartingUp() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(false, false))) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.ANY, null)).diagnosis();
            assertEquals(Cause.STARTING_UP, d.cause(), d::toString);
            assertEquals("member-state", d.variant());
            assertFalse(d.permanent());
            assertTrue(d.message().contains("RECOVERING"), d::message);
        }
    }

    @Test
    void aReplicaSetNotInitiatedIsStartingUpWithTheRsInitiateHint() throws Exception {
        Bson.Doc hello = Bson.doc().bool("isWritablePrimary", false).bool("secondary", false)
                .string("info", "Does not have a valid replica set config").bool("isreplicaset", true)
                .int32("maxWireVersion", 21).dbl("ok", 1);
        try (FakeMongo m = FakeMongo.hello(hello)) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.PRIMARY, "rs0")).diagnosis();
            assertEquals(Cause.STARTING_UP, d.cause(), d::toString);
            assertEquals("not-initiated", d.variant());
            assertTrue(d.message().contains("Does not have a valid replica set config"), d::message);
            assertTrue(d.hint().contains("rs.initiate()"), d::hint);
            assertFalse(d.permanent());
        }
    }

    @Test
    void aMongosRouterIsReady() throws Exception {
        Bson.Doc hello = Bson.doc().bool("isWritablePrimary", true).string("msg", "isdbgrid").int32("maxWireVersion", 21).dbl("ok", 1);
        try (FakeMongo m = FakeMongo.hello(hello)) {
            ProbeResult r = probe(m, spec(MongoSpec.Role.PRIMARY, null));
            assertTrue(r.ready(), r::toString);
            assertEquals("mongos", r.evidence().get("role"));
        }
    }

    @Test
    void aServerThatClosesOnHelloSaysWhyItMightBe() throws Exception {
        try (FakeMongo m = new FakeMongo((cmd, req) -> null)) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.ANY, null)).diagnosis();
            assertEquals(Cause.EMPTY_RESPONSE, d.cause(), d::toString);
            assertTrue(d.hint().contains("older than MongoDB 3.6"), d::hint);
        }
    }

    @Test
    void anArbiterIsNeverReady() throws Exception {
        Bson.Doc hello = Bson.doc().bool("isWritablePrimary", false).bool("secondary", false).bool("arbiterOnly", true)
                .string("setName", "rs0").dbl("ok", 1);
        try (FakeMongo m = FakeMongo.hello(hello)) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.ANY, null)).diagnosis();
            assertEquals(Cause.NOT_PRIMARY, d.cause(), d::toString);
            assertEquals("arbiter", d.variant());
            assertTrue(d.permanent());
        }
    }

    @Test
    void anotherReplicaSetNameIsPermanent() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(true, false))) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.PRIMARY, "rs1")).diagnosis();
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertEquals("replica-set-name", d.variant());
            assertTrue(d.message().contains("'rs0', not 'rs1'"), d::message);
            assertTrue(d.permanent());
        }
    }

    @Test
    void shuttingDownIsTransientWithTheServersCode() throws Exception {
        try (FakeMongo m = FakeMongo.hello(FakeMongo.error(91, "ShutdownInProgress", "The server is in quiesce mode and will shut down"))) {
            Diagnosis d = probe(m, spec(MongoSpec.Role.ANY, null)).diagnosis();
            assertEquals(Cause.SHUTTING_DOWN, d.cause(), d::toString);
            assertEquals("91", d.variant());
            assertFalse(d.permanent());
            assertTrue(d.message().contains("ShutdownInProgress (91): The server is in quiesce mode"), d::message);
        }
    }

    @Test
    void scramSha256LogsIn() throws Exception {
        try (FakeMongo m = new FakeMongo(new FakeMongo.ScramServer("app", "s3cret-pw", member(true, false)))) {
            ProbeResult r = probe(m, withUser("app", "s3cret-pw"));
            assertTrue(r.ready(), r::toString);
            assertEquals(List.of("hello", "buildInfo", "saslStart", "saslContinue"), m.commands);
            assertEquals("SCRAM-SHA-256", m.requests.get(2).get("mechanism"));
            assertEquals("admin", m.requests.get(2).get("$db"));
            assertEquals("app", r.evidence().get("user"));
            assertEquals("SCRAM-SHA-256", r.evidence().get("auth"));
            assertFalse(r.toString().contains("s3cret-pw"));
        }
    }

    @Test
    void aWrongPasswordIsAuthFailedPermanentAndNeverShown() throws Exception {
        try (FakeMongo m = new FakeMongo(new FakeMongo.ScramServer("app", "right-pw", member(true, false)))) {
            ProbeResult r = probe(m, withUser("app", "wrong-pw-123"));
            Diagnosis d = r.diagnosis();
            assertEquals(Cause.AUTH_FAILED, d.cause(), r::toString);
            assertEquals("18", d.variant());
            assertTrue(d.permanent());
            assertTrue(d.message().contains("AuthenticationFailed (18): Authentication failed."), d::message);
            assertTrue(d.hint().contains("authSource"), d::hint);
            assertFalse(r.toString().contains("wrong-pw-123"), r::toString);
            assertFalse(r.toString().contains("right-pw"), r::toString);
        }
    }

    @Test
    void aNodeThatIsNotServingIsJudgedBeforeAuthentication() throws Exception {
        try (FakeMongo m = new FakeMongo(new FakeMongo.ScramServer("app", "right-pw", member(false, false)))) {
            Diagnosis d = probe(m, withUser("app", "wrong-pw")).diagnosis();
            assertEquals(Cause.STARTING_UP, d.cause(), d::toString);
            assertFalse(m.commands.contains("saslStart"));
        }
    }

    @Test
    void aReplicaSetTargetAsksForThePrimaryByDefaultAndMongoRoleAnyAcceptsASecondary() throws Exception {
        try (FakeMongo m = FakeMongo.hello(member(false, true))) {
            String url = "mongodb://127.0.0.1:" + m.port() + "/?replicaSet=rs0";
            CliRun blocked = CliRun.run("wait", "--timeout", "700ms", url);
            assertEquals(1, blocked.code, blocked::toString);
            assertTrue(blocked.err.contains("NOT_PRIMARY"), blocked::toString);
            CliRun any = CliRun.run("wait", "--timeout", "3s", "--mongo-role", "any", url);
            assertEquals(0, any.code, any::toString);
            CliRun standalone = CliRun.run("wait", "--timeout", "3s", "mongodb://127.0.0.1:" + m.port());
            assertEquals(0, standalone.code, standalone::toString);
        }
    }
}
