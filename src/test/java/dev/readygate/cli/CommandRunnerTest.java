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

    /** sh that exits 42 on SIGINT, 43 on SIGTERM, 44 on SIGHUP, 45 on SIGUSR1, 46 on SIGUSR2, and 7 by itself after about 5 s. */
    Process child() throws Exception {
        Path started = dir.resolve("started");
        String script = "trap 'exit 42' INT; trap 'exit 43' TERM; trap 'exit 44' HUP; trap 'exit 45' USR1; trap 'exit 46' USR2; "
                + "touch '" + started + "'; i=0; "
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
        CommandRunner.forward(p, ExitCodes.SIGINT, System.err);
        assertEquals(42, exit(p), "the command got another signal than SIGINT (43: SIGTERM, 7: none)");
    }

    @Test
    void sigtermIsForwardedAsSigterm() throws Exception {
        Process p = child();
        CommandRunner.forward(p, ExitCodes.SIGTERM, System.err);
        assertEquals(43, exit(p));
    }

    @Test
    void hupUsr1AndUsr2AreForwardedAsThemselves() throws Exception {
        int expected = 44;
        for (String name : List.of("HUP", "USR1", "USR2")) {
            Process p = child();
            CommandRunner.forward(p, 128 + new sun.misc.Signal(name).getNumber(), System.err);
            assertEquals(expected++, exit(p), "SIG" + name);
            Files.delete(dir.resolve("started"));
        }
    }

    @Test
    void winchDoesNotStopTheWait() {
        int winch = 128 + new sun.misc.Signal("WINCH").getNumber();
        assertEquals("WINCH", Signals.name(winch));
        assertTrue(!Signals.stops(winch));
        assertTrue(Signals.stops(ExitCodes.SIGTERM));
    }
}
