package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.readygate.protocol.postgres.Pg.assertNotReady;
import static dev.readygate.protocol.postgres.Pg.assertReady;
import static dev.readygate.protocol.postgres.Pg.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real servers put into the states a TCP check calls ready: a standby, a saturated server, a server shutting down. */
@Timeout(120)
class PostgresStatesTest {
    static final java.util.Set<Cause> TRANSIENT_DURING_RESET = java.util.EnumSet.of(Cause.STARTING_UP, Cause.CONNECTION_RESET,
            Cause.EMPTY_RESPONSE, Cause.PREMATURE_CLOSE);

    @Test
    void aStandbyWithHotStandbyOffIsStartingUpAndTheHintSaysItNeverBecomesReadyUntilPromoted() throws Exception {
        try (PgCluster pg = PgCluster.start(List.of("hot_standby = off"), Map.of("standby.signal", ""))) {
            for (String uri : List.of("postgres://127.0.0.1:" + pg.port, "postgres://app:" + PgCluster.APP_PASSWORD + "@127.0.0.1:" + pg.port + "/appdb")) {
                ProbeResult r = probe(uri);
                assertNotReady(r, Cause.STARTING_UP, false);
                assertEquals("57P03", r.diagnosis().evidence().get("sqlstate"));
                assertEquals("standby", r.diagnosis().variant(), () -> Pg.describe(r));
                assertTrue(r.diagnosis().hint().contains("never accepts connections until it is promoted"), r.diagnosis()::hint);
            }
        }
    }

    @Test
    void aHotStandbyIsReadyButNotPrimary() throws Exception {
        try (PgCluster pg = PgCluster.start(List.of("hot_standby = on"), Map.of("standby.signal", ""))) {
            String uri = "postgres://postgres@127.0.0.1:" + pg.port + "/postgres";
            ProbeResult r = probe(uri);
            for (int i = 0; i < 200 && !r.ready(); i++) {
                // replaying to a consistent state first: 57P03 "not yet accepting connections"
                ProbeResult early = r;
                assertEquals(Cause.STARTING_UP, early.diagnosis().cause(), () -> Pg.describe(early) + "\n" + pg.log());
                Thread.sleep(25);
                r = probe(uri);
            }
            assertReady(r);
            assertEquals("on", r.evidence().get("inHotStandby"));
            ProbeResult primary = probe(uri, "primary", "true");
            assertNotReady(primary, Cause.NOT_PRIMARY, false);
            assertTrue(primary.diagnosis().message().contains("in_hot_standby=on"), primary.diagnosis()::message);
        }
    }

    @Test
    void aCrashedBackendPutsTheServerInRecoveryModeForMomentsAndEveryStepIsTransientStartingUp() throws Exception {
        try (PgCluster pg = PgCluster.start(List.of("restart_after_crash = on"), Map.of())) {
            String uri = "postgres://127.0.0.1:" + pg.port + "?sslmode=disable";
            PgCluster.Held victim = pg.hold("postgres");
            ProcessHandle.of(victim.pid()).orElseThrow();
            new ProcessBuilder("kill", "-KILL", Integer.toString(victim.pid())).start().waitFor();
            victim.close();
            List<String> seen = new ArrayList<>();
            ProbeResult r = probe(uri);
            // until the postmaster notices the crash, the server still answers as before
            for (int i = 0; i < 2000 && r.ready(); i++) r = probe(uri);
            for (int i = 0; i < 2000 && !r.ready(); i++) {
                // a backend forked just as the postmaster ended them all resets or closes: transport causes, transient too
                ProbeResult during = r;
                assertTrue(TRANSIENT_DURING_RESET.contains(during.diagnosis().cause()) && !during.diagnosis().permanent(),
                        () -> Pg.describe(during) + "\n" + pg.log());
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(during.diagnosis().key())) seen.add(during.diagnosis().key());
                r = probe(uri);
            }
            assertReady(r);
            assertTrue(seen.contains("STARTING_UP recovery"), seen::toString);
        }
    }

    @Test
    void saturatedBeforeAndAfterAuthIsTooManyConnectionsAndShuttingDownIsTransient() throws Exception {
        try (PgCluster pg = PgCluster.start(List.of("max_connections = 3", "superuser_reserved_connections = 1"), Map.of())) {
            String app = "postgres://app:" + PgCluster.APP_PASSWORD + "@127.0.0.1:" + pg.port + "/appdb";
            String anonymous = "postgres://127.0.0.1:" + pg.port;
            assertReady(probe(app));
            try (PgCluster.Held one = pg.hold("postgres"); PgCluster.Held two = pg.hold("postgres")) {
                // the last slot is reserved for superusers: app authenticates, then gets 53300
                ProbeResult reserved = probe(app);
                assertNotReady(reserved, Cause.TOO_MANY_CONNECTIONS, false);
                assertEquals(true, reserved.diagnosis().evidence().get("authenticated"), () -> Pg.describe(reserved));
                assertTrue(reserved.diagnosis().message().contains("reserved"), reserved.diagnosis()::message);
                try (PgCluster.Held three = pg.hold("postgres")) {
                    // every slot taken: 53300 before authentication, where pg_isready would say "accepting connections"
                    ProbeResult full = probe(anonymous);
                    assertNotReady(full, Cause.TOO_MANY_CONNECTIONS, false);
                    assertEquals("53300", full.diagnosis().evidence().get("sqlstate"));
                    assertEquals(false, full.diagnosis().evidence().get("authenticated"));
                    assertTrue(full.diagnosis().hint().contains("saturated"), full.diagnosis()::hint);
                }
                // a smart shutdown waits for the held sessions: new ones get 57P03 "shutting down"
                ProcessHandle.of(pg.server.pid()).orElseThrow().destroy();
                ProbeResult down = probe(anonymous);
                for (int i = 0; i < 100 && down.diagnosis() != null && down.diagnosis().cause() != Cause.SHUTTING_DOWN; i++) {
                    Thread.sleep(10);
                    down = probe(anonymous);
                }
                assertNotReady(down, Cause.SHUTTING_DOWN, false);
                assertEquals("57P03", down.diagnosis().evidence().get("sqlstate"));
            }
        }
    }
}
