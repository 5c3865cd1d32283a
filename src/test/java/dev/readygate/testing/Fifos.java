package dev.readygate.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes for tests of what readygate refuses to open (java.nio cannot make one). Without
 * mkfifo the test is skipped, except with CI=true, where it fails.
 */
public final class Fifos {
    private Fifos() {
    }

    /** Makes a FIFO at {@code path} with mkfifo(1). */
    public static Path make(Path path) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            if ("true".equals(System.getenv("CI"))) Assertions.fail("mkfifo is missing on CI: " + e.getMessage());
            Assumptions.abort("mkfifo is missing: " + e.getMessage());
            throw e;
        }
        Assertions.assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + path + " failed");
        Assertions.assertTrue(Files.exists(path) && !Files.isRegularFile(path), path + " is not a FIFO");
        return path;
    }
}
