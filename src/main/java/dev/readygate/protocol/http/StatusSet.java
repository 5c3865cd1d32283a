package dev.readygate.protocol.http;

import java.util.ArrayList;
import java.util.List;

/** A set of HTTP status codes written as ranges and single codes: {@code 200-299,401}. */
public final class StatusSet {
    public static final StatusSet SUCCESS = parse(dev.readygate.base.Defaults.STATUS_TEXT);

    private final List<int[]> ranges;
    private final String text;

    private StatusSet(List<int[]> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    public static StatusSet parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty status set; write e.g. 200-299,401");
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException("empty element in status set '" + text + "'; write e.g. 200-299,401");
            int dash = p.indexOf('-');
            int lo, hi;
            if (p.matches("[1-5]xx")) {
                lo = (p.charAt(0) - '0') * 100;
                hi = lo + 99;
            } else if (dash > 0) {
                lo = code(p.substring(0, dash), text);
                hi = code(p.substring(dash + 1), text);
                if (hi < lo) throw new IllegalArgumentException("status range '" + p + "' is backwards; write " + hi + "-" + lo);
            } else {
                lo = hi = code(p, text);
            }
            ranges.add(new int[] {lo, hi});
        }
        return new StatusSet(ranges, text.replace(" ", ""));
    }

    private static int code(String s, String whole) {
        try {
            int c = Integer.parseInt(s.trim());
            if (c >= 100 && c <= 599) return c;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + s.trim() + "' in status set '" + whole + "' is not an HTTP status (100-599); write e.g. 200-299,401");
    }

    public boolean contains(int status) {
        for (int[] r : ranges) if (status >= r[0] && status <= r[1]) return true;
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusSet s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
