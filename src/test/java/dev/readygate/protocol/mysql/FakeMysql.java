package dev.readygate.protocol.mysql;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The server side of a MySQL exchange, byte by byte, for states no cheap real server gives
 * (MySQL 8's caching_sha2_password, 1129, 1053): one connection's packets with their sequence ids.
 */
final class FakeMysql {
    static final long CAPS = Greeting.CLIENT_LONG_PASSWORD | Greeting.CLIENT_CONNECT_WITH_DB | Greeting.CLIENT_PROTOCOL_41
            | Greeting.CLIENT_TRANSACTIONS | Greeting.CLIENT_SECURE_CONNECTION | Greeting.CLIENT_PLUGIN_AUTH;
    static final byte[] SCRAMBLE = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OK = {0, 0, 0, 2, 0, 0, 0};

    private final Socket s;
    private final DataInputStream in;
    int seq;

    FakeMysql(Socket s) throws IOException {
        this.s = s;
        this.in = new DataInputStream(s.getInputStream());
    }

    /** A HandshakeV10 greeting with the 20-byte {@link #SCRAMBLE}. */
    static byte[] greeting(String version, String plugin, long caps) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(10);
        b.writeBytes(version.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        b.writeBytes(new byte[] {7, 0, 0, 0});
        b.write(SCRAMBLE, 0, 8);
        b.write(0);
        b.write((int) (caps & 0xff));
        b.write((int) (caps >>> 8 & 0xff));
        b.write(45);
        b.writeBytes(new byte[] {2, 0});
        b.write((int) (caps >>> 16 & 0xff));
        b.write((int) (caps >>> 24 & 0xff));
        b.write(21);
        b.writeBytes(new byte[10]);
        b.write(SCRAMBLE, 8, 12);
        b.write(0);
        b.writeBytes(plugin.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    static byte[] error(int code, String state, String message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xff);
        b.write(code & 0xff);
        b.write(code >>> 8);
        if (state != null) {
            b.write('#');
            b.writeBytes(state.getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** Sends a packet with the next sequence id. */
    void send(byte[] payload) throws IOException {
        s.getOutputStream().write(Packets.frame(seq, payload));
        s.getOutputStream().flush();
        seq = (seq + 1) & 0xff;
    }

    /** Reads a packet; a wrong sequence id fails the exchange. */
    byte[] receive() throws IOException {
        byte[] h = new byte[4];
        in.readFully(h);
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        int got = h[3] & 0xff;
        if (got != seq && got != 0) throw new IOException("sequence id " + got + ", expected " + seq);
        seq = (got + 1) & 0xff;
        byte[] p = new byte[len];
        in.readFully(p);
        return p;
    }

    /** The parts of a HandshakeResponse41 (without CLIENT_PLUGIN_AUTH_LENENC_DATA). */
    record Response(long caps, String user, byte[] auth, String db, String plugin) {
    }

    static Response parseResponse(byte[] p) throws Cursor.Truncated {
        Cursor c = new Cursor(p, 0);
        long caps = c.u32("caps");
        c.skip(4 + 1 + 23, "filler");
        String user = c.cstring("user", false);
        byte[] auth = c.bytes(c.u8("auth length"), "auth");
        String db = (caps & Greeting.CLIENT_CONNECT_WITH_DB) != 0 ? c.cstring("db", false) : null;
        String plugin = (caps & Greeting.CLIENT_PLUGIN_AUTH) != 0 ? c.cstring("plugin", true) : null;
        return new Response(caps, user, auth, db, plugin);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
