package dev.readygate.base;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: 250ms, 2s, 1.5s, 1m, 1m30s, 2h, 7d. A bare number is rejected (unit required). */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message naming the accepted forms */
    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing duration; write e.g. 250ms, 2s or 1m");
        String s = text.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("empty duration; write e.g. 250ms, 2s or 1m");
        if (s.matches("\\d+(\\.\\d+)?"))
            throw new IllegalArgumentException("'" + s + "' has no unit; write e.g. " + s + "s or " + s + "ms");
        Matcher m = PART.matcher(s);
        int pos = 0;
        long nanos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos)
                throw new IllegalArgumentException("'" + s + "' is not a duration; write e.g. 250ms, 2s, 1m30s");
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            double add = v * unit;
            if (add > Long.MAX_VALUE / 2.0 || nanos > Long.MAX_VALUE / 2) throw new IllegalArgumentException("'" + s + "' is too long a duration");
            nanos += (long) add;
            pos = m.end();
        }
        return Duration.ofNanos(nanos);
    }

    /** Human form: 250ms, 2s, 1.5s, 1m30s. */
    public static String format(Duration d) {
        if (d == null) return "none";
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) {
            return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        long days = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60, sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) b.append(days).append('d');
        if (h > 0) b.append(h).append('h');
        if (m > 0) b.append(m).append('m');
        if (sec > 0) b.append(sec).append('s');
        return b.toString();
    }
}
