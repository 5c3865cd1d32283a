package dev.readygate.protocol.mysql;

import java.nio.charset.StandardCharsets;

/** Reads the fields of one payload; running past its end is a {@link Truncated}, never an index error. */
final class Cursor {
    /** The payload ended before a field: the caller names the packet in a PROTOCOL_ERROR. */
    static final class Truncated extends Exception {
        Truncated(String field) {
            super(field, null, false, false);
        }
    }

    private final byte[] b;
    private int at;

    Cursor(byte[] b, int at) {
        this.b = b;
        this.at = at;
    }

    int position() {
        return at;
    }

    int remaining() {
        return b.length - at;
    }

    int u8(String field) throws Truncated {
        need(1, field);
        return b[at++] & 0xff;
    }

    int u16(String field) throws Truncated {
        need(2, field);
        int v = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
        at += 2;
        return v;
    }

    long u32(String field) throws Truncated {
        need(4, field);
        long v = (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
        at += 4;
        return v;
    }

    byte[] bytes(int n, String field) throws Truncated {
        need(n, field);
        byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
        at += n;
        return out;
    }

    void skip(int n, String field) throws Truncated {
        need(n, field);
        at += n;
    }

    /** A NUL-terminated string (a missing NUL at the very end is tolerated when {@code toEnd}). */
    String cstring(String field, boolean toEnd) throws Truncated {
        int end = at;
        while (end < b.length && b[end] != 0) end++;
        if (end == b.length && !toEnd) throw new Truncated(field);
        String s = new String(b, at, end - at, StandardCharsets.UTF_8);
        at = Math.min(b.length, end + 1);
        return s;
    }

    /** The rest of the payload. */
    byte[] rest() {
        byte[] out = java.util.Arrays.copyOfRange(b, at, b.length);
        at = b.length;
        return out;
    }

    private void need(int n, String field) throws Truncated {
        if (n < 0 || b.length - at < n) throw new Truncated(field);
    }
}
