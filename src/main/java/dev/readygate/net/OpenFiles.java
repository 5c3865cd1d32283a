package dev.readygate.net;

import dev.readygate.diagnosis.Diagnosis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's limit of open files (Linux /proc/self/limits), for the LOCAL_RESOURCES diagnosis. */
final class OpenFiles {
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

    /** The diagnosis with the limit in its hint and evidence. */
    static Diagnosis explain(Diagnosis d) {
        String l = LIMIT;
        if (l == null) return d;
        return d.withEvidence("openFilesLimit", l).withHint("too many open files: the limit is " + l
                + " (ulimit -n); raise it, or wait for fewer targets at once");
    }
}
