package dev.readygate.protocol.redis;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.ServerProcess;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.readygate.protocol.redis.RealRedis.probe;
import static dev.readygate.protocol.redis.RealRedis.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real redis-servers of the test's own, each put into one state: loading, busy, replica without master, full. */
@Timeout(60)
class RedisStatesTest {
    @TempDir
    Path dir;

    @Test
    void theMachinesRedisOnItsStandardPortIsReady() {
        RealRedis.binary();
        Assumptions.assumeTrue(ServerProcess.accepts(6379), "no Redis listens on 127.0.0.1:6379");
        ProbeResult r = probe(target("redis://127.0.0.1"));
        assertTrue(r.ready(), r::toString);
        assertEquals("127.0.0.1:6379", r.evidence().get("address"));
    }

    @Test
    void loadingIsStartingUpWithTheProgressThenReady() throws Exception {
        Path data = dir.resolve("data");
        try (RealRedis scratch = RealRedis.start(data); RealRedis.Conn c = scratch.conn()) {
            List<String[]> sets = new ArrayList<>();
            for (int i = 0; i < 2000; i++) sets.add(new String[] {"SET", "key:" + i, "value-" + i + "-".repeat(64)});
            c.pipeline(sets);
            for (int i = 0; i < 2000; i++) assertEquals("+OK", c.reply());
            assertEquals("+OK", c.call("SAVE"));
        }
        // each key loads 400 us late and the server answers between keys: about a second of -LOADING on 2,000 keys
        try (RealRedis loading = RealRedis.start(data, "--key-load-delay", "400", "--loading-process-events-interval-bytes", "1024")) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + loading.port));
            assertFalse(r.ready(), r::toString);
            assertEquals(Cause.STARTING_UP, r.diagnosis().cause(), r::toString);
            assertEquals("LOADING", r.diagnosis().variant());
            assertFalse(r.diagnosis().permanent());
            assertTrue(r.diagnosis().message().startsWith("Redis is loading its dataset into memory, "), r.diagnosis()::message);
            assertTrue(r.diagnosis().message().endsWith("(-LOADING Redis is loading the dataset in memory)"), r.diagnosis()::message);
            assertNotNull(r.diagnosis().evidence().get("loadingLoadedPerc"), r::toString);
            assertNotNull(r.diagnosis().evidence().get("loadingEtaSeconds"), r::toString);
            assertEquals("7", r.diagnosis().evidence().get("serverVersion").toString().substring(0, 1), "HELLO answers while loading");
            ProbeResult last = r;
            for (int i = 0; i < 200 && !last.ready(); i++) {
                Thread.sleep(50);
                last = probe(target("redis://127.0.0.1:" + loading.port));
            }
            assertTrue(last.ready(), last::toString);
        }
    }

    @Test
    void aLongScriptIsServerBusy() throws Exception {
        try (RealRedis redis = RealRedis.start(dir, "--busy-reply-threshold", "100"); RealRedis.Conn c = redis.conn()) {
            c.send("EVAL", "local t = redis.call('TIME') local s = t[1] * 1000000 + t[2] while true do local n = redis.call('TIME')"
                    + " if n[1] * 1000000 + n[2] - s > 1000000 then break end end return 1", "0");
            Thread.sleep(250);
            ProbeResult r = probe(target("redis://127.0.0.1:" + redis.port));
            assertEquals(":1", c.reply(), "the script ended");
            assertFalse(r.ready(), r::toString);
            assertEquals(Cause.SERVER_BUSY, r.diagnosis().cause(), r::toString);
            assertEquals("BUSY", r.diagnosis().variant());
            assertFalse(r.diagnosis().permanent());
            assertTrue(r.diagnosis().message().contains("-BUSY Redis is busy running a script"), r.diagnosis()::message);
            assertTrue(probe(target("redis://127.0.0.1:" + redis.port)).ready());
        }
    }

    @Test
    void aReplicaWithoutItsMasterIsServerBusy() throws Exception {
        int dead = Servers.freePort();
        try (RealRedis replica = RealRedis.start(dir, "--replicaof", "127.0.0.1", Integer.toString(dead), "--replica-serve-stale-data", "no")) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + replica.port));
            assertFalse(r.ready(), r::toString);
            assertEquals(Cause.SERVER_BUSY, r.diagnosis().cause(), r::toString);
            assertEquals("MASTERDOWN", r.diagnosis().variant());
            assertEquals("replica", r.diagnosis().evidence().get("role"), r::toString);
            assertTrue(r.diagnosis().message().contains("-MASTERDOWN Link with MASTER is down"), r.diagnosis()::message);
        }
    }

    @Test
    void aFailedSnapshotWithStopWritesIsServerBusyForPingToo() throws Exception {
        Path gone = dir.resolve("gone");
        try (RealRedis redis = RealRedis.start(gone, "--save", "3600", "1"); RealRedis.Conn c = redis.conn()) {
            // Redis works in its dir: once that is removed, BGSAVE fails, and with stop-writes-on-bgsave-error (the
            // default) Redis refuses writes and PING (so that monitoring notices) with -MISCONF
            java.nio.file.Files.delete(gone.resolve("redis.log"));
            java.nio.file.Files.delete(gone);
            assertEquals("+Background saving started", c.call("BGSAVE"));
            for (int i = 0; i < 100 && !c.call("INFO", "persistence").contains("rdb_last_bgsave_status:err"); i++) Thread.sleep(20);
            ProbeResult r = probe(target("redis://127.0.0.1:" + redis.port));
            assertFalse(r.ready(), r::toString);
            assertEquals(Cause.SERVER_BUSY, r.diagnosis().cause(), r::toString);
            assertEquals("MISCONF", r.diagnosis().variant());
            assertFalse(r.diagnosis().permanent());
            c.send("SHUTDOWN", "NOSAVE"); // a SIGTERM would try to save, fail, and keep it running
        }
    }

    @Test
    void allClientSlotsTakenIsTooManyConnections() throws Exception {
        try (RealRedis redis = RealRedis.start(dir, "--requirepass", "pw"); RealRedis.Conn held = redis.conn()) {
            assertEquals("+OK", held.call("AUTH", "pw"));
            assertEquals("+OK", held.call("CONFIG", "SET", "maxclients", "1"));
            for (String uri : List.of("redis://127.0.0.1:" + redis.port, "redis://:pw@127.0.0.1:" + redis.port)) {
                ProbeResult r = probe(target(uri));
                assertFalse(r.ready(), r::toString);
                assertEquals(Cause.TOO_MANY_CONNECTIONS, r.diagnosis().cause(), r::toString);
                assertEquals("maxclients", r.diagnosis().variant());
                assertFalse(r.diagnosis().permanent());
            }
            assertEquals("+OK", held.call("CONFIG", "SET", "maxclients", "100"));
            assertTrue(probe(target("redis://:pw@127.0.0.1:" + redis.port)).ready());
        }
    }

    @Test
    void theGoodbyeIsQuitSoTheServerClosesAndLogsNoClientClose() throws Exception {
        try (RealRedis redis = RealRedis.start(dir)) {
            for (int i = 0; i < 3; i++) assertTrue(probe(target("redis://127.0.0.1:" + redis.port)).ready());
            try (RealRedis.Conn c = redis.conn()) {
                assertEquals("+PONG", c.call("PING"));
            }
            Thread.sleep(200);
            String log = redis.log();
            // at loglevel verbose Redis logs "Client closed connection" when a client hangs up first (the test's own
            // connection above, named by nobody), and nothing when it closes the connection itself after QUIT
            assertTrue(log.contains("Client closed connection") && log.contains("cmd=ping"), log);
            assertFalse(log.contains("name=readygate"), log);
        }
    }
}
