package dev.readygate.protocol.mysql;

import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.readygate.protocol.mysql.Mysql.assertNotReady;
import static dev.readygate.protocol.mysql.Mysql.assertReady;
import static dev.readygate.protocol.mysql.Mysql.describe;
import static dev.readygate.protocol.mysql.Mysql.probeOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine's own servers, as they run (never reconfigured): MariaDB on 3306 (root with an empty
 * password, database test, no TLS) and PostgreSQL on 5432. Skipped where they do not listen.
 */
@Timeout(30)
class MysqlMachineServerTest {

    static void requireListening(int port, String what) {
        Assumptions.assumeTrue(ServerProcess.accepts(port), what + " does not listen on 127.0.0.1:" + port);
    }

    @Test
    void readyAsRootOnTheDatabaseTest() {
        requireListening(3306, "the machine's MariaDB");
        ProbeResult r = probeOnce("mysql://root@127.0.0.1/test");
        assertReady(r);
        assertEquals("ok", r.evidence().get("login"));
        assertEquals("test", r.evidence().get("database"));
        assertReady(probeOnce("mariadb://127.0.0.1"));
    }

    @Test
    void requiredTlsAgainstAServerWithoutTlsIsPermanent() {
        requireListening(3306, "the machine's MariaDB");
        ProbeResult r = probeOnce("mysql://root@127.0.0.1/test?ssl-mode=required");
        Assumptions.assumeFalse(r.ready(), "the machine's MariaDB has TLS configured");
        assertNotReady(r, "TLS_HANDSHAKE no-tls", true);
        assertTrue(r.diagnosis().hint().contains("ssl-mode=preferred"), describe(r));
    }

    @Test
    void postgresqlOnTheMysqlPortStaysSilentAndIsNamedInTheHint() {
        requireListening(5432, "the machine's PostgreSQL");
        ProbeResult r = Mysql.with().probe("mysql://127.0.0.1:5432", Duration.ofMillis(500));
        assertNotReady(r, "READ_TIMEOUT", false);
        assertTrue(r.diagnosis().hint().contains("PostgreSQL"), describe(r));
    }
}
