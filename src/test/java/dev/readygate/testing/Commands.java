package dev.readygate.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Commands a test needs from the PATH (bash, npx): missing, the test is skipped, or fails when CI=true. */
public final class Commands {
    private Commands() {
    }

    /** The command's path on the PATH, or null. */
    public static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path f = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(f)) return f.toString();
        }
        return null;
    }

    /** The command's path; without it the test fails when CI=true, else is skipped, saying what is not tested. */
    public static String require(String name, String untested) {
        String path = onPath(name);
        if (path == null) {
            if ("true".equals(System.getenv("CI"))) Assertions.fail(name + " is not installed (CI=true): " + untested);
            Assumptions.abort("no " + name + " on PATH: " + untested);
        }
        return path;
    }
}
