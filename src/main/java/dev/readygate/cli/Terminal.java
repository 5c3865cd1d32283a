package dev.readygate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Whether stderr is a terminal, and how wide (for the live view and colour). */
public final class Terminal {
    private Terminal() {
    }

    public static boolean stderrIsTerminal(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) return false;
        String target = stderrTarget();
        if (target != null) return isTty(target);
        return System.console() != null;
    }

    /** What /proc/self/fd/2 links to (/dev/pts/3, pipe:[123]), or null when it cannot be told. */
    private static String stderrTarget() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.exists(fd)) return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        return null;
    }

    private static boolean isTty(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    }

    /**
     * The width of stderr's terminal, asked again at most once a second (the live view follows a resize): COLUMNS when
     * it is set to a positive number, else {@code stty size} on stderr's terminal device, or on /dev/tty without /proc
     * (bounded: a stty that does not answer within 500 ms is killed). 0 when it cannot be told.
     */
    public static IntSupplier columns(Map<String, String> env) {
        int fixed = columnsVariable(env.get("COLUMNS"));
        if (fixed > 0) return () -> fixed;
        return new IntSupplier() {
            private long askedAt;
            private int last;

            @Override
            public synchronized int getAsInt() {
                long now = System.nanoTime();
                if (askedAt == 0 || now - askedAt >= 1_000_000_000L) {
                    askedAt = now;
                    int asked = sttyColumns();
                    if (asked > 0 || last == 0) last = asked;
                }
                return last;
            }
        };
    }

    /** COLUMNS as a width: a positive whole number, else 0. */
    static int columnsVariable(String value) {
        if (value == null) return 0;
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code stty size} (ROWS COLUMNS) with stderr's terminal as its input, or 0. */
    private static int sttyColumns() {
        String tty = stderrTarget();
        if (tty == null && Files.exists(Path.of("/dev/tty"))) tty = "/dev/tty"; // no /proc: the controlling terminal, if any
        if (tty == null || !isTty(tty)) return 0;
        Process p = null;
        try {
            p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File(tty)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(500, TimeUnit.MILLISECONDS)) return 0;
            String[] size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return p.exitValue() == 0 && size.length == 2 ? columnsVariable(size[1]) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (p != null) p.destroyForcibly();
        }
    }

    public static boolean colour(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }
}
