package dev.readygate.source.nginx;

import java.time.Duration;
import java.util.Locale;

/** nginx's time and size notations (ngx_parse_time, ngx_parse_size). */
public final class NginxValues {
    private NginxValues() {
    }

    /**
     * A time: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1h30m}, {@code 2d}, {@code 1w},
     * {@code 1M} (30 days), {@code 1y} (365 days); a bare number is seconds.
     *
     * @throws IllegalArgumentException when nginx would say "invalid value"
     */
    public static Duration time(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("invalid time value \"\"");
        long totalMs = 0;
        int i = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (start == i) throw new IllegalArgumentException("invalid time value \"" + s + "\"");
            long n = Long.parseLong(s.substring(start, Math.min(i, start + 12)));
            long unitMs;
            if (i == s.length()) {
                unitMs = 1000;
            } else {
                char c = s.charAt(i++);
                switch (c) {
                    case 'm' -> {
                        if (i < s.length() && s.charAt(i) == 's') {
                            i++;
                            unitMs = 1;
                        } else {
                            unitMs = 60_000;
                        }
                    }
                    case 's' -> unitMs = 1000;
                    case 'h' -> unitMs = 3_600_000;
                    case 'd' -> unitMs = 86_400_000;
                    case 'w' -> unitMs = 7 * 86_400_000L;
                    case 'M' -> unitMs = 30 * 86_400_000L;
                    case 'y' -> unitMs = 365 * 86_400_000L;
                    default -> throw new IllegalArgumentException("invalid time value \"" + s + "\"");
                }
            }
            totalMs += n * unitMs;
            any = true;
        }
        if (!any) throw new IllegalArgumentException("invalid time value \"" + s + "\"");
        return Duration.ofMillis(totalMs);
    }

    /**
     * A size in bytes: {@code 4096}, {@code 4k}/{@code 4K}, {@code 1m}/{@code 1M}, {@code 1g}/{@code 1G}.
     *
     * @throws IllegalArgumentException when nginx would say "invalid value"
     */
    public static long size(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("invalid size value \"\"");
        char last = s.charAt(s.length() - 1);
        long mult = switch (last) {
            case 'k', 'K' -> 1024L;
            case 'm', 'M' -> 1024L * 1024;
            case 'g', 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String num = mult == 1 ? s : s.substring(0, s.length() - 1);
        if (num.isEmpty() || num.length() > 12 || !num.chars().allMatch(Character::isDigit))
            throw new IllegalArgumentException("invalid size value \"" + s + "\"");
        return Long.parseLong(num) * mult;
    }

    /** A size as nginx people write it: 4k, 1m, or bytes. */
    public static String formatSize(long bytes) {
        if (bytes > 0 && bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + "m";
        if (bytes > 0 && bytes % 1024 == 0) return bytes / 1024 + "k";
        return Long.toString(bytes);
    }

    /** A time as nginx people write it: 500ms, 10s, 5m, 1h. */
    public static String formatTime(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    static boolean onOff(String v) {
        return v != null && "on".equals(v.toLowerCase(Locale.ROOT));
    }
}
