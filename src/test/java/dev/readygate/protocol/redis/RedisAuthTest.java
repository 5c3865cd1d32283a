package dev.readygate.protocol.redis;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.settings.SettingException;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.readygate.protocol.redis.RealRedis.probe;
import static dev.readygate.protocol.redis.RealRedis.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real redis-server with a password (requirepass), an ACL user that may not PING, and a
 * disabled user: the verdicts of auth, ACLs, SELECT and --redis-key, and that the password is
 * never printed.
 */
@Timeout(60)
class RedisAuthTest {
    static final String PASSWORD = "s3cret-Pw-7x";
    static final String APP_PASSWORD = "app-Pw-9z";
    @TempDir
    static Path dir;
    static RealRedis redis;
    static String at;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start(dir.resolve("auth"), "--requirepass", PASSWORD,
                "--user", "app", "on", ">" + APP_PASSWORD, "~*", "+@all", "-ping",
                "--user", "gone", "off", ">" + APP_PASSWORD, "~*", "+@all",
                "--user", "reader", "on", ">" + APP_PASSWORD, "~*", "+ping", "+hello");
        at = "127.0.0.1:" + redis.port;
        try (RealRedis.Conn c = redis.conn()) {
            assertEquals("+OK", c.call("AUTH", PASSWORD));
            assertEquals("+OK", c.call("SELECT", "2"));
            assertEquals("+OK", c.call("SET", "seeded", "version=42"));
            assertEquals(":1", c.call("RPUSH", "queue", "x"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.close();
    }

    @Test
    void withThePasswordItIsReadyAndTheEvidenceNamesTheServer() {
        ProbeResult r = probe(target("redis://:" + PASSWORD + "@" + at));
        assertTrue(r.ready(), r::toString);
        assertEquals("7", r.evidence().get("serverVersion").toString().substring(0, 1), r::toString);
        assertEquals("RESP3", r.evidence().get("protocol"));
        assertEquals("master", r.evidence().get("role"));
        assertEquals("PONG", r.evidence().get("ping"));
        assertEquals("the URL", r.evidence().get("passwordFrom"));
        assertTrue(r.warnings().isEmpty(), r::toString);
        assertFalse(r.toString().contains(PASSWORD));
    }

    @Test
    void withoutCredentialsNoauthMeansUpAndWantsAPassword() {
        ProbeResult r = probe(target("redis://" + at));
        assertTrue(r.ready(), r::toString);
        assertEquals(1, r.warnings().size(), r::toString);
        Diagnosis w = r.warnings().get(0);
        assertEquals("NOAUTH", w.variant());
        assertTrue(w.message().startsWith("the server is up and wants a password"), w::message);
    }

    @Test
    void requireAuthOkMakesNoauthAPermanentAuthFailure() {
        ProbeResult r = probe(target("redis://" + at, RedisProtocol.REQUIRE_AUTH_OK, "true"));
        assertFalse(r.ready());
        assertEquals(Cause.AUTH_FAILED, r.diagnosis().cause());
        assertEquals("NOAUTH", r.diagnosis().variant());
        assertTrue(r.diagnosis().permanent());
    }

    @Test
    void aWrongPasswordIsAPermanentAuthFailureThatNeverShowsThePassword() {
        ProbeResult r = probe(target("redis://:Wrong-Pw-1@" + at));
        assertFalse(r.ready());
        Diagnosis d = r.diagnosis();
        assertEquals(Cause.AUTH_FAILED, d.cause(), d::toString);
        assertEquals("WRONGPASS", d.variant());
        assertTrue(d.permanent());
        assertTrue(d.message().contains("-WRONGPASS invalid username-password pair"), d::message);
        assertFalse(r.toString().contains("Wrong-Pw-1"), r::toString);
    }

    @Test
    void aDisabledAclUserIsWrongpassToo() {
        ProbeResult r = probe(target("redis://gone:" + APP_PASSWORD + "@" + at));
        assertEquals(Cause.AUTH_FAILED, r.diagnosis().cause(), r::toString);
        assertTrue(r.diagnosis().message().contains("user 'gone'"), r.diagnosis()::message);
        assertFalse(r.toString().contains(APP_PASSWORD));
    }

    @Test
    void theDefaultUserIsUsedWhenOnlyAPasswordIsGivenAndFilesAndVariablesWork() throws Exception {
        Path file = dir.resolve("pw.txt");
        Files.writeString(file, PASSWORD + "\n");
        ProbeResult r = probe(target("redis://" + at, Credentials.PASSWORD_FILE, file));
        assertTrue(r.ready(), r::toString);
        assertEquals("--password-file", r.evidence().get("passwordFrom"));
        assertNull(r.evidence().get("user"));
        ProbeResult named = probe(target("redis://default@" + at, Credentials.PASSWORD_FILE, file));
        assertTrue(named.ready(), named::toString);
        assertEquals("default", named.evidence().get("user"));
    }

    @Test
    void anAclUserWithoutPingIsReadyWithANote() {
        ProbeResult r = probe(target("redis://app:" + APP_PASSWORD + "@" + at));
        assertTrue(r.ready(), r::toString);
        assertEquals(1, r.warnings().size(), r::toString);
        assertEquals(Cause.ACCESS_DENIED, r.warnings().get(0).cause());
        assertEquals("NOPERM", r.warnings().get(0).variant());
        assertEquals("-NOPERM", r.evidence().get("ping"));
    }

    @Test
    void aDatabaseOutOfRangeIsDatabaseNotFound() {
        ProbeResult r = probe(target("redis://:" + PASSWORD + "@" + at + "/99"));
        assertEquals(Cause.DATABASE_NOT_FOUND, r.diagnosis().cause(), r::toString);
        assertTrue(r.diagnosis().permanent());
        assertTrue(r.diagnosis().message().contains("-ERR DB index is out of range"), r.diagnosis()::message);
        assertTrue(probe(target("redis://:" + PASSWORD + "@" + at + "/15")).ready());
    }

    @Test
    void selectNotGrantedIsAccessDenied() {
        ProbeResult r = probe(target("redis://reader:" + APP_PASSWORD + "@" + at + "/2"));
        assertEquals(Cause.ACCESS_DENIED, r.diagnosis().cause(), r::toString);
        assertEquals("NOPERM", r.diagnosis().variant());
        assertTrue(r.diagnosis().permanent());
    }

    @Test
    void redisKeyMustExistInTheSelectedDatabaseAndMatch() {
        String base = "redis://:" + PASSWORD + "@" + at;
        assertTrue(probe(target(base + "/2", RedisProtocol.REDIS_KEY, "seeded")).ready());
        assertTrue(probe(target(base + "/2", RedisProtocol.REDIS_KEY, "seeded=version=4\\d")).ready());
        ProbeResult elsewhere = probe(target(base, RedisProtocol.REDIS_KEY, "seeded"));
        assertEquals(Cause.DATA_MISSING, elsewhere.diagnosis().cause(), elsewhere::toString);
        assertFalse(elsewhere.diagnosis().permanent());
        assertEquals("key", elsewhere.diagnosis().variant());
        ProbeResult mismatch = probe(target(base + "/2", RedisProtocol.REDIS_KEY, "seeded=^version=43$"));
        assertEquals("key-value", mismatch.diagnosis().variant(), mismatch::toString);
        assertFalse(mismatch.toString().contains("version=42"), "the value is never printed: " + mismatch);
        ProbeResult list = probe(target(base + "/2", RedisProtocol.REDIS_KEY, "queue=x"));
        assertEquals("key-type", list.diagnosis().variant(), list::toString);
        assertTrue(probe(target(base + "/2", RedisProtocol.REDIS_KEY, "queue")).ready());
    }

    @Test
    void theCommandLineNeverPrintsThePasswordInTextOrJson() throws Exception {
        Path file = dir.resolve("wrong.txt");
        Files.writeString(file, "Wrong-File-Pw-3\n");
        for (String[] args : List.of(
                new String[] {"wait", "redis://:Wrong-Url-Pw-2@" + at, "--fail-fast", "--fail-fast-grace", "0s", "--timeout", "5s"},
                new String[] {"wait", "redis://app@" + at, "--password-file", file.toString(), "--fail-fast", "--fail-fast-grace", "0s",
                        "--timeout", "5s", "--output", "json"})) {
            CliRun r = CliRun.run(args);
            assertEquals(1, r.code, r::toString);
            assertTrue((r.out + r.err).contains("WRONGPASS"), r::toString);
            assertFalse((r.out + r.err).contains("Wrong-Url-Pw-2") || (r.out + r.err).contains("Wrong-File-Pw-3"), r::toString);
        }
    }

    @Test
    void theTargetIsCheckedWhenThePlanIsMade() {
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class, () -> target("redis://" + at + "/cache"));
        assertTrue(path.getMessage().contains("the path of a redis target is the database number"), path::getMessage);
        assertThrows(IllegalArgumentException.class, () -> target("redis://" + at + "?db=2"));
        SettingException twice = assertThrows(SettingException.class,
                () -> target("redis://:pw@" + at, Credentials.PASSWORD_ENV, "HOME"));
        assertFalse(twice.getMessage().contains("pw@"));
    }
}
