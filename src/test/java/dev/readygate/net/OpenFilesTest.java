package dev.readygate.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The open-files limit, and the attempts at once it allows by default. */
class OpenFilesTest {
    @Test
    void theLimitIsReadFromProcLimits(@TempDir Path dir) throws Exception {
        Path limits = dir.resolve("limits");
        Files.writeString(limits, "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max cpu time              unlimited            unlimited            seconds\n"
                + "Max open files            1024                 524288               files\n");
        assertEquals("1024", OpenFiles.limit(limits));
        assertNull(OpenFiles.limit(dir.resolve("missing")), "not Linux: no number");
    }

    @Test
    void attemptsAtOnceStayBelowTheLimit() {
        assertEquals(1024 - 128, OpenFiles.defaultConcurrency("1024"));
        assertEquals(10_000 - 128, OpenFiles.defaultConcurrency("10000"));
        assertEquals(32, OpenFiles.defaultConcurrency("64"), "a low limit keeps half for the JVM");
        assertEquals(1, OpenFiles.defaultConcurrency("1"));
        assertEquals(OpenFiles.MAX_DEFAULT_CONCURRENCY, OpenFiles.defaultConcurrency("1048576"));
        assertEquals(OpenFiles.MAX_DEFAULT_CONCURRENCY, OpenFiles.defaultConcurrency("unlimited"));
        assertEquals(1024 - 128, OpenFiles.defaultConcurrency(null), "unknown: as if 1024");
        assertEquals(1024 - 128, OpenFiles.defaultConcurrency("lots"), "unreadable: as if 1024");
    }
}
