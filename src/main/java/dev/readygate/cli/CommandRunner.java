package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

/**
 * Runs `-- COMMAND` once every target is ready, when the JVM wraps it (java -jar, or an image without a shell; bin/readygate
 * execs the command instead): it inherits stdin/stdout/stderr, receives the HUP, INT, TERM, USR1, USR2 and WINCH readygate
 * gets, and its exit code becomes readygate's (128+N when a signal ended it). Where util-linux's setpriv can set it, the
 * command gets SIGTERM when the JVM dies, even of SIGKILL (PR_SET_PDEATHSIG).
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
                if (q != null) forward(q, code, err);
                else if (Signals.stops(code)) pending.compareAndSet(0, code);
            }
        });
        Process p;
        synchronized (started) {
            if (pending.get() != 0) {
                Signals.onSignal(null);
                return pending.get(); // stopped before the command started: do not start it
            }
            try {
                p = new ProcessBuilder(Orphans.guarded(command)).inheritIO().start();
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

    /**
     * SIGTERM through Process.destroy(); the others through kill(2) on JDK 22+ ({@link Kill}), else kill(1): Java has no
     * API for them. Without either, SIGINT falls back to SIGTERM, and another signal is not forwarded (said on ERR): a
     * reload must not stop the command.
     */
    static void forward(Process p, int code, PrintStream err) {
        String name = Signals.name(code);
        if (name == null || name.equals("TERM")) {
            p.destroy();
            return;
        }
        if (Kill.send(p.pid(), code - 128)) return;
        try {
            Process k = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!k.waitFor(2, TimeUnit.SECONDS) || k.exitValue() == 0 || !p.isAlive()) return;
        } catch (IOException e) {
            // no kill(1)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (name.equals("INT")) p.destroy();
        else if (!name.equals("WINCH")) err.println("readygate: could not forward SIG" + name + " to the command (no kill command)");
    }

    private static String reason(String message) {
        int i = message.indexOf(", error=");
        return i >= 0 ? message.substring(i + 2) : message;
    }
}
