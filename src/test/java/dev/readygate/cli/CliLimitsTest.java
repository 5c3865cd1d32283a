package dev.readygate.cli;

import dev.readygate.testing.CliRun;
import dev.readygate.testing.Fifos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile inputs end in one line and exit 3 (a config error), at once: never a stack trace, a hang or exit 4. */
class CliLimitsTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.run(args));
        return r;
    }

    private static void configError(CliRun r, String message) {
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + message + System.lineSeparator(), r.err, r.toString());
    }

    @Test
    void deepNestingInLintVerifyAndWaitFrom() throws Exception {
        Path deep = dir.resolve("deep.conf");
        Files.writeString(deep, "http {\n" + "location / {\n".repeat(1999) + "}\n".repeat(2000));
        String message = deep + ":65: blocks nested deeper than 64 (readygate's limit)";
        configError(run("lint", deep.toString()), message);
        configError(run("verify", deep.toString()), message);
        configError(run("wait", "--from", deep.toString(), "--timeout", "1s"), message);
    }

    @Test
    void fifosAndDevicesAreRefused() throws Exception {
        Path fifo = Fifos.make(dir.resolve("nginx.conf"));
        String refused = " refused (not a regular file: readygate reads only regular files, not FIFOs, devices or sockets)";
        configError(run("lint", fifo.toString()), fifo + ": open() \"" + fifo + "\"" + refused);
        configError(run("verify", fifo.toString()), fifo + ": open() \"" + fifo + "\"" + refused);
        configError(run("wait", "--from", fifo.toString(), "--timeout", "1s"),
                fifo + ": not a regular file (a FIFO, device or socket); readygate reads only regular files (or - for stdin)");
        configError(run("wait", "--config", fifo.toString(), "--timeout", "1s"),
                fifo + ": not a regular file (a FIFO, device or socket); readygate reads only regular files");
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "include nginx.conf;\n");
        configError(run("lint", inc.toString()), inc + ":1: open() \"" + fifo + "\"" + refused);
        configError(run("lint", "/dev/zero"), "/dev/zero: open() \"/dev/zero\"" + refused);
    }

    @Test
    void anInvalidPortIsNeverOk() throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:70000; }\n  }\n}\n");
        String message = conf + ":5: invalid port in upstream \"127.0.0.1:70000\"";
        configError(run("lint", conf.toString()), message);
        CliRun verify = run("verify", conf.toString());
        assertNotEquals(0, verify.code, verify.toString());
        configError(verify, message);
        Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 99999;\n  }\n}\n");
        configError(run("lint", conf.toString()), conf + ":4: invalid port in \"99999\" of the \"listen\" directive");
    }

    @Test
    void aHugeConfigValueEndsAtOnce() throws Exception {
        Path yaml = dir.resolve("readygate.yaml");
        Files.writeString(yaml, "targets:\n  - url: tcp://" + "a".repeat(900_000) + ":1\n");
        CliRun r = run("wait", "--config", yaml.toString(), "--timeout", "1s");
        assertEquals(3, r.code, r.toString());
        assertTrue(r.err.startsWith("readygate: " + yaml + ":2:10: a value is longer than 8192 characters"), r.toString());
    }
}
