package dev.readygate.protocol.mysql;

import dev.readygate.testing.CliRun;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mysql:// through the command line: --help lists the form and the settings; a wait against the machine's MariaDB. */
@Timeout(60)
class MysqlCliTest {
    @Test
    void helpListsTheFormsAndSettings() {
        CliRun r = CliRun.run("wait", "--help");
        assertTrue(r.out.contains("mysql://[USER@]HOST[:PORT][/DB][?ssl-mode=MODE]"), r.out);
        assertTrue(r.out.contains("mariadb://"), r.out);
        assertTrue(r.out.contains("--password-file"), r.out);
    }

    @Test
    void waitsForTheMachinesMariaDb() {
        Assumptions.assumeTrue(ServerProcess.accepts(3306), "the machine's MariaDB does not listen on 3306");
        CliRun r = CliRun.run("wait", "--timeout", "10s", "--output", "json", "mysql://root@127.0.0.1/test");
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("\"server\""), r.out);
        CliRun bad = CliRun.run("wait", "--timeout", "3s", "mysql://db?ssl-mode=nope");
        assertEquals(2, bad.code, bad.out + bad.err);
        assertTrue(bad.err.contains("ssl-mode 'nope' is not one of"), bad.err);
    }
}
