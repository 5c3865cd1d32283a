package dev.readygate.report;

/** ANSI styling, off unless stderr is a terminal and NO_COLOR is unset or empty (no-color.org). */
public record Style(boolean color) {
    public static final Style PLAIN = new Style(false);

    public String ok(String s) {
        return color ? "\u001b[32m" + s + "\u001b[0m" : s;
    }

    public String bad(String s) {
        return color ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    public String warn(String s) {
        return color ? "\u001b[33m" + s + "\u001b[0m" : s;
    }

    public String dim(String s) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    public String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
}
