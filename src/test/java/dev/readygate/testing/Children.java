package dev.readygate.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child processes that get SIGINT even when this JVM was started with SIGINT ignored (a build
 * started in the background by a non-interactive shell): an ignored signal is inherited across
 * exec, and sh cannot trap a signal that was ignored when it started.
 */
public final class Children {
    private Children() {
    }

    /**
     * The process builder of a readygate child without what this environment would hand it by accident:
     * READYGATE_TARGETS, and a CI runner's GITHUB_* variables (on GitHub Actions the child would annotate the real
     * run and append to its step summary and outputs).
     */
    public static ProcessBuilder isolated(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.equals("READYGATE_TARGETS") || k.startsWith("GITHUB_"));
        return pb;
    }

    /** The command, run with SIGINT's default disposition restored when this process ignores it. */
    public static List<String> withSigint(List<String> command) {
        if (!sigintIgnored()) return command;
        Assumptions.assumeTrue(envResetsSignals(), "SIGINT is ignored here and env has no --default-signal to restore it");
        List<String> out = new ArrayList<>(List.of("env", "--default-signal=INT"));
        out.addAll(command);
        return out;
    }

    /** Linux: bit 2 (SIGINT) of SigIgn in /proc/self/status; elsewhere assumed not ignored. */
    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        return false;
    }

    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
