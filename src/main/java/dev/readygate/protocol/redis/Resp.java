package dev.readygate.protocol.redis;

import dev.readygate.base.OneLine;
import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.wire.Sniff;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 and RESP3 (redis.io "Redis serialization protocol specification"), as a probe needs them:
 * commands written as arrays of bulk strings, and one bounded reader of replies over a
 * {@link WireConnection}.
 *
 * <p>A hostile or broken server cannot make the reader allocate much or loop long: a line (simple
 * string, error, number) is at most {@link #MAX_LINE} bytes, a bulk string at most
 * {@link #MAX_BULK}, an aggregate at most {@link #MAX_ELEMENTS} elements (over the whole reply)
 * and {@link #MAX_DEPTH} levels deep, and every read is under the connection's deadline. A reply
 * that breaks a bound, or bytes that are not RESP, are PROTOCOL_ERROR naming what arrived.
 */
final class Resp {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_BULK = 256 * 1024;
    static final int MAX_ELEMENTS = 4096;
    static final int MAX_DEPTH = 8;

    /** One reply. */
    sealed interface Reply permits Simple, Error, Int, Bulk, Null, Aggregate {
    }

    /** {@code +OK}, and RESP3's number-like and boolean lines, as text. */
    record Simple(String text) implements Reply {
    }

    /** {@code -CODE message} (and RESP3's blob error): the code is the first word. */
    record Error(String code, String message) implements Reply {
        /** The whole line as the server wrote it, for messages (one line, bounded). */
        String line() {
            return OneLine.escape(code + (message.isEmpty() ? "" : " " + message));
        }

        boolean is(String c) {
            return code.equals(c);
        }
    }

    record Int(long value) implements Reply {
    }

    /** A bulk or verbatim string (verbatim's "txt:" prefix removed). */
    record Bulk(byte[] bytes) implements Reply {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** RESP2's null bulk and array, RESP3's {@code _}. */
    record Null() implements Reply {
    }

    /** An array, set or push; a map or attribute with keys and values alternating. */
    record Aggregate(char type, List<Reply> items) implements Reply {
        boolean isMap() {
            return type == '%' || type == '|';
        }
    }

    /** A command as RESP: an array of bulk strings. */
    static byte[] command(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "*" + words.length + "\r\n");
        for (String w : words) {
            byte[] b = w.getBytes(StandardCharsets.UTF_8);
            ascii(out, "$" + b.length + "\r\n");
            out.write(b, 0, b.length);
            ascii(out, "\r\n");
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    /** Reads replies from one connection; holds what arrived but was not read yet (pipelined replies). */
    static final class Reader {
        private final WireConnection conn;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int end;
        /** The first bytes the connection ever delivered, to name them when they are not RESP. */
        private final byte[] first = new byte[64];
        private int firstLen;
        private int elements;

        Reader(WireConnection conn) {
            this.conn = conn;
        }

        /**
         * The next reply; RESP3 attributes ({@code |}) before it are skipped.
         *
         * @param awaiting what the probe waits for ("the reply to HELLO"), for messages
         */
        Reply read(String awaiting) throws WireFailure {
            elements = 0;
            for (int i = 0; i < 4; i++) {
                Reply r = value(awaiting, 0);
                if (!(r instanceof Aggregate a && a.type() == '|')) return r;
            }
            throw notResp(awaiting, "attributes without a reply");
        }

        private Reply value(String awaiting, int depth) throws WireFailure {
            if (depth > MAX_DEPTH) throw notResp(awaiting, "a reply nested deeper than " + MAX_DEPTH + " levels");
            int type = next(awaiting);
            switch (type) {
                case '+':
                case ':':
                case ',':
                case '(':
                case '#': {
                    String line = line(awaiting);
                    if (type == ':') return new Int(number(line, awaiting));
                    return new Simple(line);
                }
                case '-':
                    return error(line(awaiting));
                case '$':
                case '=':
                case '!': {
                    long len = number(line(awaiting), awaiting);
                    if (len < 0) return new Null();
                    if (len > MAX_BULK) throw notResp(awaiting, "a string of " + len + " bytes (readygate reads at most " + MAX_BULK + ")");
                    byte[] b = bytes((int) len, awaiting);
                    crlf(awaiting);
                    if (type == '!') return error(new String(b, StandardCharsets.UTF_8));
                    if (type == '=' && b.length >= 4 && b[3] == ':') return new Bulk(java.util.Arrays.copyOfRange(b, 4, b.length));
                    return new Bulk(b);
                }
                case '_':
                    line(awaiting);
                    return new Null();
                case '*':
                case '~':
                case '>':
                case '%':
                case '|': {
                    long n = number(line(awaiting), awaiting);
                    if (n < 0) return new Null();
                    long count = (type == '%' || type == '|') ? 2 * n : n;
                    if (count > MAX_ELEMENTS - elements)
                        throw notResp(awaiting, "an aggregate of " + n + " elements (readygate reads at most " + MAX_ELEMENTS + ")");
                    elements += (int) count;
                    List<Reply> items = new ArrayList<>((int) count);
                    for (int i = 0; i < count; i++) items.add(value(awaiting, depth + 1));
                    return new Aggregate((char) type, items);
                }
                default:
                    throw notResp(awaiting, null);
            }
        }

        private static Error error(String line) {
            int sp = line.indexOf(' ');
            return sp < 0 ? new Error(line, "") : new Error(line.substring(0, sp), line.substring(sp + 1));
        }

        private long number(String text, String awaiting) throws WireFailure {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw notResp(awaiting, "'" + OneLine.escape(text) + "' where a number belongs");
            }
        }

        private int next(String awaiting) throws WireFailure {
            if (pos == end) fill(awaiting);
            return buf[pos++] & 0xff;
        }

        /** A line up to CRLF (the CRLF not included), at most MAX_LINE bytes. */
        private String line(String awaiting) throws WireFailure {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int b = next(awaiting);
                if (b == '\r') {
                    if (next(awaiting) != '\n') throw notResp(awaiting, "a CR without LF");
                    return out.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') return out.toString(StandardCharsets.UTF_8);
                if (out.size() >= MAX_LINE) throw notResp(awaiting, "a line longer than " + MAX_LINE + " bytes");
                out.write(b);
            }
        }

        private byte[] bytes(int len, String awaiting) throws WireFailure {
            byte[] b = new byte[len];
            int done = 0;
            while (done < len) {
                if (pos == end) fill(awaiting);
                int n = Math.min(len - done, end - pos);
                System.arraycopy(buf, pos, b, done, n);
                pos += n;
                done += n;
            }
            return b;
        }

        private void crlf(String awaiting) throws WireFailure {
            if (next(awaiting) != '\r' || next(awaiting) != '\n') throw notResp(awaiting, "a string not ended by CRLF");
        }

        private void fill(String awaiting) throws WireFailure {
            pos = 0;
            end = conn.readSome(buf, 0, buf.length, awaiting);
            if (firstLen < first.length) {
                int n = Math.min(end, first.length - firstLen);
                System.arraycopy(buf, 0, first, firstLen, n);
                firstLen += n;
            }
        }

        /** The first bytes the server sent, named ("a TLS alert (the port speaks TLS)"). */
        String firstBytes() {
            return Sniff.describe(first, firstLen);
        }

        /** The first bytes the server sent, raw (to tell a TLS record). */
        private WireFailure notResp(String awaiting, String what) {
            String message = conn.address() + " is not speaking RESP (Redis): waiting for " + awaiting + ", it sent "
                    + (what == null ? firstBytes() : what + "; its first bytes were " + firstBytes());
            return new WireFailure(conn.diagnosis(Cause.PROTOCOL_ERROR, message)
                    .hint("check the port and the scheme: redis:// and rediss:// expect a Redis server (6379 by default)")
                    .evidence("firstBytes", Sniff.hex(first, Math.min(firstLen, 16)))
                    .build());
        }
    }

    private Resp() {
    }
}
