package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

/**
 * Runs `-- COMMAND` once every target is ready: it inherits stdin/stdout/stderr, receives the
 * SIGINT/SIGTERM readygate gets, and its exit code becomes readygate's.
 */
public final class CommandRunner {
    private CommandRunner() {
    }

    /**
     * @param pending a signal received before this call (0 if none) is held here; the command is
     *                then not started and the signal's exit code returned
     */
    public static int run(List<String> command, PrintStream err, AtomicInteger pending) {
        // the handler is in place before the command starts: a signal in between is held and
        // forwarded, never lost (which would orphan the command)
        AtomicReference<Process> started = new AtomicReference<>();
        if (Signals.installed()) Signals.onSignal(code -> {
            synchronized (started) {
                Process q = started.get();
                if (q == null) pending.compareAndSet(0, code);
                else forward(q, code);
            }
        });
        Process p;
        synchronized (started) {
            if (pending.get() != 0) {
                Signals.onSignal(null);
                return pending.get(); // stopped before the command started: do not start it
            }
            try {
                p = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                Signals.onSignal(null);
                String why = String.valueOf(e.getMessage());
                boolean notFound = why.contains("error=2,") || why.contains("No such file");
                err.println("readygate: cannot run '" + command.get(0) + "': " + (notFound ? "command not found" : reason(why))
                        + (notFound ? "; check the command after -- and your PATH" : ""));
                return notFound ? ExitCodes.COMMAND_NOT_FOUND : ExitCodes.COMMAND_NOT_EXECUTABLE;
            }
            started.set(p);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
                return p.exitValue();
            } catch (InterruptedException | IllegalThreadStateException again) {
                return ExitCodes.SIGTERM;
            }
        } finally {
            if (Signals.installed()) Signals.onSignal(null);
        }
    }

    /** SIGTERM through Process.destroy(); SIGINT through kill(1), which Java has no API for. */
    static void forward(Process p, int code) {
        if (code == ExitCodes.SIGINT) {
            try {
                Process k = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectErrorStream(true).start();
                if (k.waitFor(2, TimeUnit.SECONDS) && k.exitValue() == 0) return;
            } catch (IOException e) {
                // no kill(1): fall back to SIGTERM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        p.destroy();
    }

    private static String reason(String message) {
        int i = message.indexOf(", error=");
        return i >= 0 ? message.substring(i + 2) : message;
    }
}
