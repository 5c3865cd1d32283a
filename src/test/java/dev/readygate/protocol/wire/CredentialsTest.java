package dev.readygate.protocol.wire;

import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Where a database target's password comes from, and the one-line errors when it cannot be had; never printed. */
class CredentialsTest {
    static final String TARGET = "postgres://app@127.0.0.1:1/shop";

    static CliRun wait(String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "wait";
        args[1] = "--timeout";
        args[2] = "200ms";
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = more.length > 0 && more[more.length - 1].contains("://") ? args[args.length - 1] : TARGET;
        return CliRun.run(args);
    }

    @Test
    void aMissingOrEmptyPasswordFileIsAConfigurationErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        CliRun r = CliRun.run("wait", "--timeout", "200ms", "--password-file", missing.toString(), TARGET);
        assertEquals(3, r.code, r::toString);
        assertTrue(r.err.startsWith("readygate: --password-file: ") && r.err.contains(missing.toString()), r::toString);
        assertEquals(1, r.err.strip().lines().count(), r::toString);

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        r = CliRun.run("wait", "--timeout", "200ms", "--password-file", empty.toString(), TARGET);
        assertEquals(3, r.code, r::toString);
        assertTrue(r.err.contains("is empty: its first line is the password"), r::toString);
    }

    @Test
    void thePasswordIsGivenOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "Fi1ePw\n");
        CliRun r = CliRun.run("wait", "--timeout", "200ms", "--password-file", file.toString(), "--password-env", "PATH", TARGET);
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: --password-env and --password-file both give the password; give it once", r.err.strip());

        r = CliRun.run("wait", "--timeout", "200ms", "--password-file", file.toString(), "postgres://app:Ur1Pw@127.0.0.1:1/shop");
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: --password-file gives a password, and so does the URL; give it once", r.err.strip());
        assertFalse(r.err.contains("Ur1Pw") || r.out.contains("Ur1Pw"), r::toString);
    }

    @Test
    void anEnvironmentVariableMustBeNamedAndSet() {
        CliRun r = CliRun.run("wait", "--timeout", "200ms", "--password-env", "READYGATE_TEST_SURELY_UNSET_9", TARGET);
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: --password-env names READYGATE_TEST_SURELY_UNSET_9, which is not set in readygate's environment", r.err.strip());

        r = CliRun.run("wait", "--timeout", "200ms", "--password-env", "not-a-name", TARGET);
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("'not-a-name' is not an environment variable name"), r::toString);
    }

    @Test
    void aPasswordFromAFileIsUsedAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "Fi1eSecret\r\nsecond line\n");
        CliRun r = CliRun.run("wait", "--timeout", "300ms", "--output", "json", "--password-file", file.toString(), TARGET);
        assertEquals(1, r.code, r::toString);
        assertFalse((r.out + r.err).contains("Fi1eSecret"), r::toString);
    }

    @Test
    void toStringNeverShowsThePassword() {
        Credentials c = Credentials.of("app", "Str1ngPw");
        assertEquals("Credentials[user=app, password=*** from the URL]", c.toString());
        assertTrue(c.given());
        assertEquals("readygate", Credentials.NONE.user("readygate"));
    }
}
