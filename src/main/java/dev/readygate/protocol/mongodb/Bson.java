package dev.readygate.protocol.mongodb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little BSON (bsonspec.org, version 1.1) the probe needs: writing the commands it sends
 * (hello, isMaster, buildInfo, saslStart, saslContinue) and reading the replies, bounded.
 *
 * <p>Reading never allocates more than the bytes it was given: every length is checked against
 * what is left of the buffer before it is used, nesting is capped at {@link #MAX_DEPTH} and the
 * number of elements at {@link #MAX_ELEMENTS}. Documents become {@code Map<String, Object>} in
 * wire order, arrays {@code List<Object>}; values are String, Integer, Long, Double, Boolean,
 * byte[] (binary), null, or a short text for types the probe only shows ({@code ObjectId(...)}).
 * A malformed document is an {@link IllegalArgumentException} whose message says what was wrong.
 */
final class Bson {
    static final int MAX_DEPTH = 16;
    static final int MAX_ELEMENTS = 10_000;

    private Bson() {
    }

    /** Builds one document; keys in the order they are added (the command name first, as MongoDB wants). */
    static final class Doc {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Doc int32(String key, int v) {
            head(0x10, key);
            le32(body, v);
            return this;
        }

        Doc int64(String key, long v) {
            head(0x12, key);
            for (int i = 0; i < 8; i++) body.write((int) (v >>> (8 * i)) & 0xff);
            return this;
        }

        Doc dbl(String key, double v) {
            head(0x01, key);
            long bits = Double.doubleToLongBits(v);
            for (int i = 0; i < 8; i++) body.write((int) (bits >>> (8 * i)) & 0xff);
            return this;
        }

        Doc bool(String key, boolean v) {
            head(0x08, key);
            body.write(v ? 1 : 0);
            return this;
        }

        Doc string(String key, String v) {
            head(0x02, key);
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            le32(body, b.length + 1);
            body.writeBytes(b);
            body.write(0);
            return this;
        }

        /** Binary, subtype 0 (generic), as SASL payloads are sent. */
        Doc binary(String key, byte[] v) {
            head(0x05, key);
            le32(body, v.length);
            body.write(0);
            body.writeBytes(v);
            return this;
        }

        Doc doc(String key, Doc v) {
            head(0x03, key);
            body.writeBytes(v.bytes());
            return this;
        }

        /** An array: {@code v}'s keys are "0", "1", ... */
        Doc array(String key, Doc v) {
            head(0x04, key);
            body.writeBytes(v.bytes());
            return this;
        }

        /** The document's bytes: its int32 length, the elements, the terminating 0. */
        byte[] bytes() {
            byte[] e = body.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream(e.length + 5);
            le32(out, e.length + 5);
            out.writeBytes(e);
            out.write(0);
            return out.toByteArray();
        }

        private void head(int type, String key) {
            body.write(type);
            body.writeBytes(key.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
    }

    static Doc doc() {
        return new Doc();
    }

    /**
     * Reads the document that starts at {@code offset} and must end within {@code limit}.
     *
     * @throws IllegalArgumentException when it is malformed, too deep or has too many elements
     */
    static Map<String, Object> read(byte[] b, int offset, int limit) {
        return new Reader(b, limit).document(offset, 0);
    }

    /** The length a document at {@code offset} says it has (its first int32). */
    static int length(byte[] b, int offset) {
        return le32(b, offset);
    }

    private static final class Reader {
        private final byte[] b;
        private final int limit;
        private int elements;

        Reader(byte[] b, int limit) {
            this.b = b;
            this.limit = Math.min(limit, b.length);
        }

        Map<String, Object> document(int at, int depth) {
            Map<String, Object> m = new LinkedHashMap<>();
            elements(at, depth, (k, v) -> m.put(k, v));
            return m;
        }

        List<Object> array(int at, int depth) {
            List<Object> l = new ArrayList<>();
            elements(at, depth, (k, v) -> l.add(v));
            return l;
        }

        private void elements(int at, int depth, java.util.function.BiConsumer<String, Object> sink) {
            if (depth >= MAX_DEPTH) throw new IllegalArgumentException("BSON nested deeper than " + MAX_DEPTH + " levels");
            int len = int32(at);
            if (len < 5 || len > limit - at) throw new IllegalArgumentException("BSON document of " + len + " bytes where " + (limit - at) + " remain");
            int end = at + len - 1;
            if (b[end] != 0) throw new IllegalArgumentException("BSON document does not end with 0x00");
            int p = at + 4;
            while (p < end) {
                if (++elements > MAX_ELEMENTS) throw new IllegalArgumentException("BSON with more than " + MAX_ELEMENTS + " elements");
                int type = b[p++] & 0xff;
                int keyEnd = cstringEnd(p, end);
                String key = utf8(p, keyEnd - p);
                p = keyEnd + 1;
                Object[] value = new Object[1];
                p = value(type, p, end, depth, value);
                sink.accept(key, value[0]);
            }
            if (p != end) throw new IllegalArgumentException("BSON element runs past its document's end");
        }

        /** Reads one value of {@code type} at {@code p} (before {@code end}); returns where the next element starts. */
        private int value(int type, int p, int end, int depth, Object[] out) {
            switch (type) {
                case 0x01 -> { // double
                    need(p, 8, end);
                    out[0] = Double.longBitsToDouble(int64(p));
                    return p + 8;
                }
                case 0x02, 0x0D, 0x0E -> { // string, JavaScript code, symbol
                    int n = int32(p);
                    if (n < 1 || n > end - p - 4) throw new IllegalArgumentException("BSON string of " + n + " bytes where " + (end - p - 4) + " remain");
                    if (b[p + 4 + n - 1] != 0) throw new IllegalArgumentException("BSON string does not end with 0x00");
                    out[0] = utf8(p + 4, n - 1);
                    return p + 4 + n;
                }
                case 0x03, 0x04 -> { // document, array
                    int n = int32(p);
                    if (n < 5 || n > end - p) throw new IllegalArgumentException("BSON document of " + n + " bytes where " + (end - p) + " remain");
                    out[0] = type == 0x03 ? document(p, depth + 1) : array(p, depth + 1);
                    return p + n;
                }
                case 0x05 -> { // binary
                    int n = int32(p);
                    if (n < 0 || n > end - p - 5) throw new IllegalArgumentException("BSON binary of " + n + " bytes where " + (end - p - 5) + " remain");
                    byte[] v = new byte[n];
                    System.arraycopy(b, p + 5, v, 0, n);
                    out[0] = v;
                    return p + 5 + n;
                }
                case 0x06, 0x0A, 0x7F, 0xFF -> { // undefined, null, max key, min key
                    out[0] = null;
                    return p;
                }
                case 0x07 -> { // ObjectId
                    need(p, 12, end);
                    out[0] = "ObjectId(" + hex(p, 12) + ")";
                    return p + 12;
                }
                case 0x08 -> { // boolean
                    need(p, 1, end);
                    out[0] = b[p] != 0;
                    return p + 1;
                }
                case 0x09, 0x11 -> { // UTC datetime, timestamp
                    need(p, 8, end);
                    out[0] = int64(p);
                    return p + 8;
                }
                case 0x0B -> { // regex: two cstrings
                    int e1 = cstringEnd(p, end);
                    int e2 = cstringEnd(e1 + 1, end);
                    out[0] = "/" + utf8(p, e1 - p) + "/" + utf8(e1 + 1, e2 - e1 - 1);
                    return e2 + 1;
                }
                case 0x0F -> { // code with scope: int32 total length, then the rest
                    int n = int32(p);
                    if (n < 14 || n > end - p) throw new IllegalArgumentException("BSON code with scope of " + n + " bytes where " + (end - p) + " remain");
                    out[0] = "(JavaScript code with scope)";
                    return p + n;
                }
                case 0x10 -> { // int32
                    need(p, 4, end);
                    out[0] = int32(p);
                    return p + 4;
                }
                case 0x12 -> { // int64
                    need(p, 8, end);
                    out[0] = int64(p);
                    return p + 8;
                }
                case 0x13 -> { // decimal128
                    need(p, 16, end);
                    out[0] = "(decimal128)";
                    return p + 16;
                }
                default -> throw new IllegalArgumentException(String.format("BSON element of unknown type 0x%02x", type));
            }
        }

        private void need(int p, int n, int end) {
            if (n > end - p) throw new IllegalArgumentException("BSON value of " + n + " bytes where " + Math.max(0, end - p) + " remain");
        }

        private int cstringEnd(int p, int end) {
            for (int i = p; i < end; i++) if (b[i] == 0) return i;
            throw new IllegalArgumentException("BSON name or string without its terminating 0x00");
        }

        private int int32(int p) {
            if (p < 0 || 4 > limit - p) throw new IllegalArgumentException("BSON truncated: no room for a length");
            return le32(b, p);
        }

        private long int64(int p) {
            return (le32(b, p) & 0xffffffffL) | ((long) le32(b, p + 4)) << 32;
        }

        private String utf8(int p, int n) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b, p, n)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("BSON string that is not UTF-8");
            }
        }

        private String hex(int p, int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(String.format("%02x", b[p + i] & 0xff));
            return sb.toString();
        }
    }

    static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static void le32(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    /** A field as a boolean as MongoDB means it (true, or a number not 0). */
    static boolean truthy(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v instanceof Boolean bool) return bool;
        if (v instanceof Number n) return n.doubleValue() != 0;
        return false;
    }

    /** A numeric field as an int, or {@code fallback}. */
    static int intOf(Map<String, Object> doc, String key, int fallback) {
        Object v = doc.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    /** Server text shown in messages and evidence: at most this many characters. */
    static final int MAX_SHOWN = 200;

    /** A string field fit for a message: on one line (control characters escaped), at most {@link #MAX_SHOWN} characters; or null. */
    static String shownOf(Map<String, Object> doc, String key) {
        String s = stringOf(doc, key);
        return s == null ? null : shown(s);
    }

    static String shown(String s) {
        return dev.readygate.base.OneLine.escape(s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s);
    }

    /** A string field, or null. */
    static String stringOf(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        return v instanceof String s ? s : null;
    }
}
