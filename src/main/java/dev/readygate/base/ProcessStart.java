package dev.readygate.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago this process was started (forked, then exec'd: a launcher script that execs the
 * JVM counts from its own start), so that {@code --timeout 3s} counts from the moment the user
 * ran readygate, not from the end of the JVM's start-up. Linux: the process's start in clock ticks
 * since boot (/proc/self/stat, field 22) against the time since boot (/proc/uptime), both with
 * 10 ms resolution; {@code ProcessHandle}'s start instant was seen off by up to a second. The age
 * is rounded down by one tick, so a deadline counted from it never ends early (at most ~20 ms late).
 */
public final class ProcessStart {
    /** USER_HZ: the unit of /proc/PID/stat's times on every Linux architecture readygate runs on. */
    static final long TICKS_PER_SECOND = 100;
    /** An age beyond this is not believed (a clock or parsing surprise): no correction then. */
    static final long MAX_BELIEVABLE_NANOS = 60_000_000_000L;

    private ProcessStart() {
    }

    /** Nanoseconds since this process started, rounded down; 0 when it cannot be told (not Linux). */
    public static long ageNanos() {
        try {
            return ageNanos(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII),
                    Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** From the text of /proc/PID/stat and /proc/uptime; 0 when they do not parse. */
    static long ageNanos(String stat, String uptime) {
        int close = stat.lastIndexOf(')'); // the command name, in parentheses, may hold spaces and ')'
        if (close < 0) return 0;
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // after the name come field 3 (state) onwards: starttime is field 22
        if (f.length < 20) return 0;
        long startTicks;
        try {
            startTicks = Long.parseLong(f[19]);
        } catch (NumberFormatException e) {
            return 0;
        }
        String up = uptime.trim().split("\\s+")[0];
        int dot = up.indexOf('.');
        long upCentis;
        try {
            long whole = Long.parseLong(dot < 0 ? up : up.substring(0, dot));
            String frac = dot < 0 ? "" : (up.substring(dot + 1) + "00").substring(0, 2);
            upCentis = whole * 100 + (frac.isEmpty() ? 0 : Long.parseLong(frac));
        } catch (NumberFormatException e) {
            return 0;
        }
        long ageTicks = upCentis * TICKS_PER_SECOND / 100 - startTicks - 1; // one tick down: never early
        long nanos = ageTicks * (1_000_000_000L / TICKS_PER_SECOND);
        return nanos <= 0 || nanos > MAX_BELIEVABLE_NANOS ? 0 : nanos;
    }
}
