package dev.readygate.protocol.mongodb;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.registry.Registry;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How mongodb:// targets are written, what readygate refuses in one line, and that passwords never show. */
@Timeout(30)
class MongoTargetTest {

    static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Registry.protocols().parse(text, Origin.COMMAND_LINE)).getMessage();
    }

    @Test
    void theDefaultPortIs27017() {
        Target t = Registry.protocols().parse("mongodb://db", Origin.COMMAND_LINE);
        assertEquals(27017, t.endpoint().port());
    }

    @Test
    void aSeedListIsRefusedInOneLineWithoutThePassword() {
        String m = refused("mongodb://app:SeedPw1x@mongo-a:27017,mongo-b:27017/?replicaSet=rs0");
        assertEquals("target 'mongodb://app:***@mongo-a:27017,mongo-b:27017/?replicaSet=rs0': a MongoDB seed list"
                + " (mongo-a:27017,mongo-b:27017) is not supported: readygate probes one host per target; write one target per member,"
                + " e.g. mongodb://mongo-a:27017/?replicaSet=NAME (the node names the primary in its evidence)", m);
        assertFalse(m.contains("SeedPw1x"));
        assertTrue(refused("mongodb://a,b").contains("seed list (a,b)"));
    }

    @Test
    void mongodbSrvSaysItNeedsDnsSrv() {
        String m = refused("mongodb+srv://app:SrvPw2x@cluster0.example.test/?retryWrites=true");
        assertTrue(m.endsWith(": mongodb+srv:// needs a DNS SRV lookup, which readygate does not do: write mongodb://HOST:PORT, one target"
                + " per member"), m);
        assertFalse(m.contains("SrvPw2x"));
    }

    @Test
    void otherMechanismsAndTlsFileOptionsAreRefused() {
        assertTrue(refused("mongodb://u@db/?authMechanism=MONGODB-X509").contains("authMechanism=MONGODB-X509 is not supported"));
        assertTrue(refused("mongodb://db/?tlsCAFile=/ca.pem").contains("tlscafile is not read by readygate; use --ca-cert"));
        assertTrue(refused("mongodb://db/?tls=yes").contains("tls=yes is not true or false"));
        assertTrue(refused("mongodb://db/a/b").contains("the path of a mongodb target is one database"));
    }

    @Test
    void aUserWithoutPasswordIsAUsageError() {
        CliRun r = CliRun.run("wait", "--timeout", "1s", "mongodb://app@127.0.0.1:1");
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("must give the password of MongoDB user 'app'"), r::toString);
    }

    @Test
    void aPasswordWithoutUserIsAUsageError(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "FilePw3x\n");
        CliRun r = CliRun.run("wait", "--timeout", "1s", "--password-file", pw.toString(), "mongodb://127.0.0.1:1");
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("the URL names no user"), r::toString);
        assertFalse(r.toString().contains("FilePw3x"));
    }

    @Test
    void aBadRoleIsAUsageError() {
        CliRun r = CliRun.run("wait", "--timeout", "1s", "--mongo-role", "leader", "mongodb://127.0.0.1:1");
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("'leader' is not a role; write primary or any"), r::toString);
    }

    @Test
    void aWrongPasswordNeverShowsInAnyOutput(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "FilePw6x\n");
        try (FakeMongo m = new FakeMongo(new FakeMongo.ScramServer("app", "RightPw4x", MongoReplicaSetTest.member(true, false)))) {
            CliRun text = CliRun.run("wait", "--timeout", "5s", "--fail-fast", "--fail-fast-grace", "0s", "mongodb://app:WrongPw5x@127.0.0.1:" + m.port());
            assertEquals(1, text.code, text::toString);
            assertTrue(text.err.contains("AUTH_FAILED"), text::toString);
            CliRun json = CliRun.run("wait", "--timeout", "5s", "--fail-fast", "--fail-fast-grace", "0s", "--output", "json",
                    "--password-file", pw.toString(), "mongodb://app@127.0.0.1:" + m.port());
            assertEquals(1, json.code, json::toString);
            assertTrue(json.out.contains("AuthenticationFailed (18)"), json::toString);
            for (String secret : new String[] {"RightPw4x", "WrongPw5x", "FilePw6x"}) {
                assertFalse(text.toString().contains(secret), text::toString);
                assertFalse(json.toString().contains(secret), json::toString);
            }
        }
    }
}
