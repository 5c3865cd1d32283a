package dev.readygate.protocol.postgres;

import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.readygate.protocol.postgres.Pg.assertReady;
import static dev.readygate.protocol.postgres.Pg.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ready case against the machine's own PostgreSQL on the standard port (trust auth, user postgres,
 * database test), when one runs there; never changed by the test.
 */
class MachineServerTest {
    @BeforeAll
    static void serverOnTheStandardPort() {
        ServerProcess.requireListening(5432, "the machine's PostgreSQL");
    }

    @Test
    void readyWithoutCredentials() {
        ProbeResult r = probe("postgres://127.0.0.1/test");
        assertReady(r);
        assertEquals("127.0.0.1:5432", r.evidence().get("address"));
    }

    @Test
    void aTrustLoginGoesThroughToReadyForQueryAndSaysTerminate() {
        ProbeResult r = probe("postgresql://postgres@127.0.0.1:5432/test", "primary", "true", "sql-table", "pg_catalog.pg_class");
        assertReady(r);
        assertEquals("trust", r.evidence().get("auth"));
        assertTrue(String.valueOf(r.evidence().get("serverVersion")).matches("\\d+.*"), r.evidence()::toString);
    }
}
