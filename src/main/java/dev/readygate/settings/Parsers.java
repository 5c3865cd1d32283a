package dev.readygate.settings;

import dev.readygate.base.Durations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Value parsers shared by settings; each throws IllegalArgumentException with the fix. */
public final class Parsers {
    private Parsers() {
    }

    /** A duration, or none/never/forever for null (no deadline); zero is refused. */
    public static Duration timeout(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none") || s.equals("never") || s.equals("forever")) return null;
        Duration d = Durations.parse(v);
        if (d.isZero()) throw new IllegalArgumentException("'" + v + "' would give up at once; write e.g. 60s, or none to wait forever");
        return d;
    }

    /** Bytes as nginx writes them: 4096, 4k, 8K, 1m. */
    public static int size(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : 1;
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits) * unit;
            if (n > 0 && n <= Integer.MAX_VALUE) return (int) n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + v + "' is not a size; write e.g. 4k, 8k or 16384");
    }

    public static Duration positive(String v) {
        Duration d = Durations.parse(v);
        if (d.isZero()) throw new IllegalArgumentException("'" + v + "' must be more than 0");
        return d;
    }

    public static int integer(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + v + "' is not a whole number from " + min + " to " + max);
    }

    public static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        };
    }

    public static Pattern regex(String v) {
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' is not a valid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** A readable regular file. */
    public static Path file(String v) {
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("file '" + v + "' does not exist");
        if (!Files.isReadable(p)) throw new IllegalArgumentException("file '" + v + "' is not readable");
        return p;
    }

    /** A path, not checked (e.g. a file to write). */
    public static Path path(String v) {
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("'" + v + "' is not a path: " + e.getReason());
        }
    }

    /** Text as given. */
    public static String text(String v) {
        return v;
    }
}
