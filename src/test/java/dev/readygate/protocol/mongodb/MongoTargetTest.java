package dev.readygate.protocol.mongodb;

import dev.readygate.model.Endpoint;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.registry.Registry;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;

import java.util.List;
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
    void aSeedListIsDialledAtItsFirstHostAndNamedAsWritten() {
        Target t = Registry.protocols().parse("mongodb://app:SeedPw1x@mongo-a:27018,mongo-b,10.0.0.7:27019/shop?replicaSet=rs0", Origin.COMMAND_LINE);
        assertEquals("mongo-a", t.endpoint().host());
        assertEquals(27018, t.endpoint().port());
        assertEquals("mongodb://app:***@mongo-a:27018,mongo-b,10.0.0.7:27019/shop?replicaSet=rs0", t.name());
        assertFalse(t.name().contains("SeedPw1x"));
        assertEquals(List.of(new Endpoint("mongo-a", 27018), new Endpoint("mongo-b", 27017), new Endpoint("10.0.0.7", 27019)),
                MongoProtocol.seeds(t));
        assertEquals(List.of(new Endpoint("db", 27017)), MongoProtocol.seeds(Registry.protocols().parse("mongodb://db", Origin.COMMAND_LINE)));
        assertEquals("target 'mongodb://u:***@a:1,[::1]:2/': an IPv6 address in a seed list is not supported (a URI cannot carry it):"
                + " name the host, or write one target per member", refused("mongodb://u:pw@a:1,[::1]:2/"));
    }

    @Test
    void mongodbSrvSaysItNeedsDnsSrv() {
        String m = refused("mongodb+srv://app:SrvPw2x@cluster0.example.test/?retryWrites=true");
        assertTrue(m.endsWith(": mongodb+srv:// needs a DNS SRV lookup, which readygate does not do: write the seed list it stands for,"
                + " mongodb://HOST1:PORT,HOST2:PORT/?replicaSet=NAME"), m);
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
