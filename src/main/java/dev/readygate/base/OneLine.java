package dev.readygate.base;

/** Text from a file, a server or an exception made fit for one line of output. Written once, used everywhere. */
public final class OneLine {
    private OneLine() {
    }

    /** Runs of white space (line breaks included) as one space, trimmed; null as "". For messages of libraries. */
    public static String collapse(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Control characters written as escapes (\n, \r, \t, \xNN), the rest kept; null as "". For names read from files. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String piece = escape(c, false);
            if (piece == null) b.append(c);
            else b.append(piece);
        }
        return b.toString();
    }

    /**
     * The escape of one character, or null when it is printed as it is. Strict (for bytes a server
     * sent) also escapes the backslash, and invisible or invalid characters as \\uNNNN.
     */
    public static String escape(char c, boolean strict) {
        if (c == '\n') return "\\n";
        if (c == '\r') return "\\r";
        if (c == '\t') return "\\t";
        if (c < 0x20 || c == 0x7f) return String.format("\\x%02x", (int) c);
        if (!strict) return null;
        if (c == '\\') return "\\\\";
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.UNASSIGNED
                || Character.isSurrogate(c) || c == '\ufffd') return String.format("\\u%04x", (int) c);
        return null;
    }
}
