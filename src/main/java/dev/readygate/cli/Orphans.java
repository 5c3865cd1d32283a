package dev.readygate.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A wrapped command is not left running without its parent: where util-linux's setpriv (2.33+) is on the PATH, the
 * command is started through {@code setpriv --pdeathsig TERM --}, which sets PR_SET_PDEATHSIG and execs it (the command
 * keeps its pid, stdio and environment; the JVM is its parent). Then the kernel sends it SIGTERM when the JVM dies, even
 * of SIGKILL. (The signal follows the thread that started the command: CommandRunner starts it from the thread that
 * waits for it, which lives as long as the command runs.) Java has no prctl, and no native code is built for it. Without setpriv (e.g. a minimal image) the command
 * outlives a JVM that is SIGKILLed; in a container where readygate is PID 1, the kernel kills the whole PID namespace
 * with it anyway.
 */
final class Orphans {
    private static volatile String setpriv;
    private static volatile boolean probed;

    private Orphans() {
    }

    /** The command, prefixed with setpriv when it can set the parent-death signal and the command can be found. */
    static List<String> guarded(List<String> command) {
        String sp = setpriv();
        // a command that cannot be found is left to ProcessBuilder, so its error stays readygate's own (exit 127)
        if (sp == null || command.isEmpty() || find(command.get(0)) == null) return command;
        List<String> out = new ArrayList<>(List.of(sp, "--pdeathsig", "TERM", "--"));
        out.addAll(command);
        return out;
    }

    /** setpriv's path once it ran with --pdeathsig (util-linux 2.33+), else null; asked once per process. */
    static String setpriv() {
        if (probed) return setpriv;
        synchronized (Orphans.class) {
            if (probed) return setpriv;
            String found = find("setpriv");
            if (found != null) {
                try {
                    Process p = new ProcessBuilder(found, "--pdeathsig", "TERM", "--", "true").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        p.destroyForcibly();
                        found = null;
                    }
                } catch (IOException e) {
                    found = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    found = null;
                }
            }
            setpriv = found;
            probed = true;
            return found;
        }
    }

    /** The executable NAME resolves to as execvp would (a path, or a search of PATH), or null. */
    static String find(String name) {
        return dev.readygate.base.Executables.find(name, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }
}
