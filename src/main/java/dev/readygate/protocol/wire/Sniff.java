package dev.readygate.protocol.wire;

import dev.readygate.base.OneLine;

import java.nio.charset.StandardCharsets;

/**
 * Names bytes that are not the protocol a probe expected, so PROTOCOL_ERROR says what answers
 * instead: a TLS record, an HTTP server, an SSH banner, another database's greeting, or text or
 * bytes as they came. Recognises by the first bytes only; never throws.
 */
public final class Sniff {
    private static final int EXCERPT = 60;

    private Sniff() {
    }

    /** What {@code n} bytes of {@code b} look like, e.g. "a TLS record (the port speaks TLS)". */
    public static String describe(byte[] b, int n) {
        n = Math.max(0, Math.min(n, b.length));
        if (n == 0) return "nothing";
        int b0 = b[0] & 0xff;
        if (n >= 2 && (b0 == 0x16 || b0 == 0x15 || b0 == 0x17) && (b[1] & 0xff) == 0x03)
            return "a TLS " + (b0 == 0x15 ? "alert" : "record") + " (the port speaks TLS)";
        String text = new String(b, 0, n, StandardCharsets.ISO_8859_1);
        if (text.startsWith("HTTP/")) return "an HTTP response ('" + firstLine(text) + "'): an HTTP server";
        if (text.startsWith("SSH-")) return "an SSH server's banner ('" + firstLine(text) + "')";
        if (text.startsWith("AMQP")) return "an AMQP protocol header: a message broker (RabbitMQ)";
        if (text.startsWith("INFO {")) return "a NATS server's INFO";
        if (mysqlGreeting(b, n)) return "a MySQL/MariaDB greeting (server " + mysqlVersion(b, n) + ")";
        if (mongoReply(b, n)) return "a MongoDB reply";
        if (postgres(b, n)) return "a PostgreSQL message ('" + (char) b0 + "')";
        if ((b0 == '+' || b0 == '-') && text.contains("\r\n")) return "a Redis reply ('" + firstLine(text) + "')";
        if (printable(b, n)) return "text '" + OneLine.escape(excerpt(text)) + "'";
        return n + " byte" + (n == 1 ? "" : "s") + " " + hex(b, Math.min(n, 16)) + (n > 16 ? " ..." : "");
    }

    /** The bytes as hex pairs, e.g. "0x16 0x03 0x01". */
    public static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("0x%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static boolean mysqlGreeting(byte[] b, int n) {
        if (n < 6) return false;
        int len = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16;
        return b[3] == 0 && (b[4] == 0x0a || (b[4] & 0xff) == 0xff) && len > 1 && len < 1024;
    }

    private static String mysqlVersion(byte[] b, int n) {
        if (b[4] != 0x0a) return "error packet";
        int end = 5;
        while (end < n && b[end] != 0) end++;
        return OneLine.escape(new String(b, 5, end - 5, StandardCharsets.ISO_8859_1));
    }

    /** A MongoDB wire message: little-endian length, then opCode 1 (OP_REPLY) or 2013 (OP_MSG) at offset 12. */
    private static boolean mongoReply(byte[] b, int n) {
        if (n < 16) return false;
        int len = le32(b, 0);
        int op = le32(b, 12);
        return len >= 16 && len < 48_000_000 && (op == 1 || op == 2013);
    }

    /** A PostgreSQL backend message: type 'E' or 'R', then a big-endian length that fits. */
    private static boolean postgres(byte[] b, int n) {
        if (n < 5 || (b[0] != 'E' && b[0] != 'R')) return false;
        int len = (b[1] & 0xff) << 24 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 8 | (b[4] & 0xff);
        return len >= 4 && len < 65_536;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static boolean printable(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') return false;
            if (c >= 0x7f) return false;
        }
        return true;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\r');
        int lf = text.indexOf('\n');
        if (end < 0 || (lf >= 0 && lf < end)) end = lf;
        return OneLine.escape(excerpt(end < 0 ? text : text.substring(0, end)));
    }

    private static String excerpt(String s) {
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "...";
    }
}
