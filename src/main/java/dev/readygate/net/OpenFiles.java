package dev.readygate.net;

import dev.readygate.diagnosis.Diagnosis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's limit of open files (Linux /proc/self/limits): it bounds how many attempts run at
 * once, and the LOCAL_RESOURCES diagnosis names it.
 */
public final class OpenFiles {
    /** Descriptors kept back from attempts: the JVM's own (jars, epoll, stdio), the listener table reads, a wrapped command's pipes. */
    static final int RESERVED = dev.readygate.base.Defaults.RESERVED_FILES;
    /** When the limit cannot be read (not Linux): as if it were 1024, the usual soft limit. */
    static final int ASSUMED_LIMIT = 1024;
    /** The most attempts at once by default, whatever the limit: ten thousand silent targets in flight fit in 64 MiB of heap. */
    static final int MAX_DEFAULT_CONCURRENCY = 16_384;

    /** Read when the first dial happens (Dialer's class initialisation), while descriptors are still there to read it. */
    static final String LIMIT = limit(Path.of("/proc/self/limits"));

    private OpenFiles() {
    }

    /** The soft limit as text ("1024", "unlimited"), or null when it cannot be read. */
    static String limit(Path limits) {
        try {
            for (String line : Files.readAllLines(limits, StandardCharsets.US_ASCII)) {
                if (!line.startsWith("Max open files")) continue;
                String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                return words.length > 0 && !words[0].isEmpty() ? words[0] : null;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: no number to give
        }
        return null;
    }

    /**
     * Attempts that may run at once by default: one descriptor each (an attempt holds one socket at
     * a time), below the limit by {@link #RESERVED} (by half of it when the limit is below twice that), at least 1.
     */
    public static int defaultConcurrency() {
        return defaultConcurrency(LIMIT);
    }

    static int defaultConcurrency(String limit) {
        long l = ASSUMED_LIMIT;
        if ("unlimited".equals(limit)) return MAX_DEFAULT_CONCURRENCY;
        if (limit != null && limit.chars().allMatch(Character::isDigit) && !limit.isEmpty() && limit.length() < 12) l = Long.parseLong(limit);
        // a low limit (ulimit -n 64) keeps half for the JVM rather than leaving nothing
        return (int) Math.max(1, Math.min(MAX_DEFAULT_CONCURRENCY, l - Math.min(RESERVED, l / 2)));
    }

    /** The diagnosis with the limit in its hint and evidence. */
    static Diagnosis explain(Diagnosis d) {
        String l = LIMIT;
        if (l == null) return d;
        return d.withEvidence("openFilesLimit", l).withHint("too many open files: the limit is " + l
                + " (ulimit -n); raise it, or lower --max-concurrency (attempts at once)");
    }
}
