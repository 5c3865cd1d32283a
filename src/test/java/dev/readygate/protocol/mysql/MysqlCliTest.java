package dev.readygate.protocol.mysql;

import dev.readygate.testing.CliRun;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mysql:// through the command line: --help lists the form and the settings; a wait against the machine's MariaDB. */
@Timeout(60)
class MysqlCliTest {
    @Test
    void helpListsTheFormsAndSettings() {
        CliRun r = CliRun.run("wait", "--help");
        assertTrue(r.out.contains("mysql://[USER@]HOST[:PORT][/DB]"), r.out);
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

    @Test
    void aWrongPasswordFailsFastAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ServerProcess.accepts(3306), "the machine's MariaDB does not listen on 3306");
        CliRun url = CliRun.run("wait", "--timeout", "10s", "--fail-fast", "--fail-fast-grace", "0s", "--output", "json",
                "mysql://root:UrlPw4242x@127.0.0.1/test");
        assertEquals(1, url.code, url.out + url.err);
        assertTrue(url.out.contains("AUTH_FAILED"), url.out);
        assertFalse((url.out + url.err).contains("UrlPw4242x"), url.out + url.err);
        Path pw = Files.writeString(dir.resolve("pw"), "EnvPw4242x\n");
        CliRun env = CliRun.run("wait", "--timeout", "10s", "--fail-fast", "--fail-fast-grace", "0s",
                "--password-file", pw.toString(), "mysql://root@127.0.0.1/test");
        assertEquals(1, env.code, env.out + env.err);
        assertTrue(env.err.contains("AUTH_FAILED"), env.err);
        assertFalse((env.out + env.err).contains("EnvPw4242x"), env.out + env.err);
    }
}
