package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.wire.Sniff;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL's frontend/backend protocol 3.0 as the probe speaks it: the messages it sends
 * (SSLRequest, StartupMessage, password messages, a simple Query, Terminate) and the typed
 * messages it reads, bounded in size. All integers are big-endian.
 */
final class Wire {
    /** Protocol 3.0 (0x00030000). */
    static final int PROTOCOL_3_0 = 196_608;
    static final int SSL_REQUEST_CODE = 80_877_103;
    /** No message the probe reads is larger (an ErrorResponse, a ParameterStatus, one small row). */
    static final int MAX_MESSAGE = 1 << 20;
    /** Terminate: 'X' and its length. */
    static final byte[] TERMINATE = {'X', 0, 0, 0, 4};

    private Wire() {
    }

    /** A typed backend message: its type byte and its body (the length word left out). */
    record Message(char type, byte[] body) {
        int int32(int at) {
            return Wire.int32(body, at);
        }

        /** The body from {@code at} as text (UTF-8), without a trailing NUL. */
        String text(int at) {
            int end = body.length;
            while (end > at && body[end - 1] == 0) end--;
            return at >= end ? "" : new String(body, at, end - at, StandardCharsets.UTF_8);
        }
    }

    static byte[] sslRequest() {
        return new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
    }

    /** StartupMessage: length, protocol 3.0, NUL-terminated name/value pairs, a final NUL. */
    static byte[] startup(Map<String, String> parameters) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        putInt(b, 0);
        putInt(b, PROTOCOL_3_0);
        parameters.forEach((k, v) -> {
            cstring(b, k);
            cstring(b, v);
        });
        b.write(0);
        byte[] m = b.toByteArray();
        setInt(m, 0, m.length);
        return m;
    }

    /** PasswordMessage 'p' with a NUL-terminated password (cleartext or the md5 digest). */
    static byte[] password(String text) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cstring(body, text);
        return typed('p', body.toByteArray());
    }

    /** SASLInitialResponse 'p': mechanism, then the length-prefixed client-first message. */
    static byte[] saslInitial(String mechanism, String clientFirst) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cstring(body, mechanism);
        byte[] data = clientFirst.getBytes(StandardCharsets.UTF_8);
        putInt(body, data.length);
        body.writeBytes(data);
        return typed('p', body.toByteArray());
    }

    /** SASLResponse 'p': the client's final message as it is. */
    static byte[] saslResponse(String clientFinal) {
        return typed('p', clientFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** A simple Query 'Q'. */
    static byte[] query(String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        cstring(body, sql);
        return typed('Q', body.toByteArray());
    }

    /** "md5" + md5hex(md5hex(password + user) + salt), as AuthenticationMD5Password asks. */
    static String md5Password(String user, String password, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            String inner = hex(md.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md.update(inner.getBytes(StandardCharsets.US_ASCII));
            md.update(salt);
            return "md5" + hex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    /**
     * Reads one typed message. A type byte that no backend sends, or a length outside 4 to
     * {@link #MAX_MESSAGE}, is a PROTOCOL_ERROR naming what arrived.
     */
    static Message read(WireConnection c, String awaiting) throws WireFailure {
        byte[] head = c.readFully(5, awaiting);
        char type = (char) (head[0] & 0xff);
        int len = int32(head, 1);
        if (!backendType(type) || len < 4 || len > MAX_MESSAGE) throw notPostgres(c, head, awaiting);
        return new Message(type, c.readFully(len - 4, awaiting));
    }

    /** PROTOCOL_ERROR naming what arrived instead of a PostgreSQL message (with what else has come already). */
    static WireFailure notPostgres(WireConnection c, byte[] first, String awaiting) {
        byte[] more = new byte[64];
        System.arraycopy(first, 0, more, 0, Math.min(first.length, 64));
        int n = Math.min(first.length, 64);
        if (n < 64) n += c.readAvailable(more, n, 64 - n, 100);
        String what = Sniff.describe(more, n);
        return new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, c.address() + " does not speak PostgreSQL: waiting for " + awaiting
                        + ", it sent " + what)
                .hint("check the port and the scheme: a PostgreSQL server answers the SSLRequest with 'S' or 'N' and the start-up with 'R' or 'E'")
                .evidence("received", what).build());
    }

    /** The fields of an ErrorResponse or NoticeResponse, by their code ('C' SQLSTATE, 'M' message, 'D' detail, 'V' severity). */
    static Map<Character, String> fields(byte[] body) {
        Map<Character, String> f = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0 && f.size() < 64) {
            char code = (char) (body[i] & 0xff);
            int end = i + 1;
            while (end < body.length && body[end] != 0) end++;
            f.putIfAbsent(code, new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return f;
    }

    /** NUL-terminated strings from {@code at} to the end (SASL mechanism names, ParameterStatus name and value). */
    static java.util.List<String> cstrings(byte[] body, int at) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = at;
        while (i < body.length && out.size() < 64) {
            int end = i;
            while (end < body.length && body[end] != 0) end++;
            if (end == i) break;
            out.add(new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return out;
    }

    private static boolean backendType(char t) {
        return "RENSKZvTDCInts123GHWdcAV".indexOf(t) >= 0;
    }

    static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static byte[] typed(char type, byte[] body) {
        byte[] m = new byte[body.length + 5];
        m[0] = (byte) type;
        setInt(m, 1, body.length + 4);
        System.arraycopy(body, 0, m, 5, body.length);
        return m;
    }

    private static void putInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    private static void setInt(byte[] m, int at, int v) {
        m[at] = (byte) (v >>> 24);
        m[at + 1] = (byte) (v >>> 16);
        m[at + 2] = (byte) (v >>> 8);
        m[at + 3] = (byte) v;
    }

    private static void cstring(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.write(0);
    }

    private static String hex(byte[] d) {
        StringBuilder sb = new StringBuilder(d.length * 2);
        for (byte x : d) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return sb.toString();
    }
}
