package dev.readygate.cli;

import dev.readygate.testing.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signal readygate gets is the signal the wrapped command gets: a real child process, bounded in time. */
@Timeout(30)
class CommandRunnerTest {
    @TempDir
    Path dir;

    /** sh that exits 42 on SIGINT, 43 on SIGTERM, and 7 by itself after about 5 s. */
    Process child() throws Exception {
        Path started = dir.resolve("started");
        String script = "trap 'exit 42' INT; trap 'exit 43' TERM; touch '" + started + "'; i=0; "
                + "while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; exit 7";
        Process p = new ProcessBuilder(Children.withSigint(List.of("sh", "-c", script))).redirectErrorStream(true).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(started) && System.nanoTime() < until) Thread.sleep(10);
        assertTrue(Files.exists(started), "the child did not start");
        return p;
    }

    int exit(Process p) throws InterruptedException {
        try {
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the child did not exit");
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigintIsForwardedAsSigint() throws Exception {
        Process p = child();
        CommandRunner.forward(p, ExitCodes.SIGINT);
        assertEquals(42, exit(p), "the command got another signal than SIGINT (43: SIGTERM, 7: none)");
    }

    @Test
    void sigtermIsForwardedAsSigterm() throws Exception {
        Process p = child();
        CommandRunner.forward(p, ExitCodes.SIGTERM);
        assertEquals(43, exit(p));
    }
}
