package dev.readygate.protocol.mysql;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.wire.Sniff;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.util.Arrays;

/**
 * MySQL packets over one {@link WireConnection}: {@code int<3> payload length (LE), int<1>
 * sequence id, payload}. Reads are bounded: a payload longer than {@link #MAX_PAYLOAD} (a hostile
 * or foreign server announcing 16 MB) is a PROTOCOL_ERROR before anything is allocated. The first
 * packet is read with {@link #readFirst}, which names what arrived when it is no MySQL packet.
 */
final class Packets {
    /** Greetings, OK/ERR packets and an RSA public key fit in far less. */
    static final int MAX_PAYLOAD = 64 * 1024;
    /** A greeting or a pre-greeting ERR packet is a few hundred bytes. */
    static final int MAX_FIRST = 4096;

    record Packet(int seq, byte[] payload) {
        int first() {
            return payload.length == 0 ? -1 : payload[0] & 0xff;
        }
    }

    private final WireConnection conn;
    private byte[] pending = new byte[0];
    private int pendingOff;
    private int seq;

    Packets(WireConnection conn) {
        this.conn = conn;
    }

    /**
     * The server's first packet (a HandshakeV10 greeting or an ERR packet). Judges the bytes as
     * they arrive, so a server of another protocol that speaks first (SSH, a TLS record, text) is
     * a PROTOCOL_ERROR naming what it sent rather than a wait for a length it never announced.
     */
    Packet readFirst() throws WireFailure {
        byte[] buf = new byte[64];
        int n = 0;
        while (n < 5) { // each round reads at least one byte: at most 5 rounds
            try {
                n += conn.readSome(buf, n, buf.length - n, "the server's greeting");
            } catch (WireFailure f) {
                if (n > 0 || f.diagnosis().cause() != Cause.READ_TIMEOUT) throw f;
                throw new WireFailure(f.diagnosis().withHint("a MySQL server greets first, and this port stayed silent: a server of"
                        + " another protocol that waits for its client (PostgreSQL, HTTP, Redis, a TLS-only proxy) listens here, or a MySQL server hangs"
                        + " before its greeting (resolving the client's host name: skip-name-resolve); check the port"));
            }
            if (!plausibleFirst(buf, n)) throw notMysql(buf, n);
        }
        pending = Arrays.copyOf(buf, n);
        pendingOff = 0;
        return read("the server's greeting");
    }

    /** Whether the first {@code n} bytes can start a greeting or an ERR packet. */
    static boolean plausibleFirst(byte[] b, int n) {
        if (n >= 3) {
            int len = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16;
            if (len < 1 || len > MAX_FIRST) return false;
        }
        if (n >= 4 && b[3] != 0) return false;
        if (n >= 5) {
            int kind = b[4] & 0xff;
            return kind == 0x0a || kind == 0xff || kind == 0x09;
        }
        return true;
    }

    private WireFailure notMysql(byte[] b, int n) {
        return new WireFailure(conn.diagnosis(Cause.PROTOCOL_ERROR, conn.address() + " is not a MySQL/MariaDB server: it sent "
                        + Sniff.describe(b, n) + " where a MySQL greeting belongs")
                .hint("check the port and the scheme: a MySQL server greets with its version first")
                .evidence("firstBytes", Sniff.hex(b, Math.min(n, 16))).build());
    }

    /** One packet; the next packet written follows its sequence id. */
    Packet read(String awaiting) throws WireFailure {
        byte[] h = take(4, awaiting);
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        int s = h[3] & 0xff;
        if (len > MAX_PAYLOAD)
            throw new WireFailure(conn.diagnosis(Cause.PROTOCOL_ERROR, conn.address() + " announced a packet of " + len
                            + " bytes while readygate waited for " + awaiting + " (at most " + MAX_PAYLOAD + " expected)")
                    .hint("check the port and the scheme: this is not the MySQL exchange readygate expects").build());
        byte[] payload = take(len, awaiting);
        seq = (s + 1) & 0xff;
        return new Packet(s, payload);
    }

    /** Writes one packet with the next sequence id. */
    void write(byte[] payload, String doing) throws WireFailure {
        conn.write(frame(seq, payload), doing);
        seq = (seq + 1) & 0xff;
    }

    /** One packet on the wire: the payload's 3-byte little-endian length, the sequence id, the payload. */
    static byte[] frame(int seq, byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >>> 8);
        p[2] = (byte) (payload.length >>> 16);
        p[3] = (byte) seq;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    /** A new command starts at sequence id 0. */
    void command(byte[] payload, String doing) throws WireFailure {
        seq = 0;
        write(payload, doing);
    }

    /** Bytes the server sent beyond the packets read (must be none before a TLS upgrade). */
    int buffered() {
        return pending.length - pendingOff;
    }

    private byte[] take(int n, String awaiting) throws WireFailure {
        byte[] out = new byte[n];
        int fromPending = Math.min(n, pending.length - pendingOff);
        System.arraycopy(pending, pendingOff, out, 0, fromPending);
        pendingOff += fromPending;
        if (fromPending < n) conn.readFully(out, fromPending, n - fromPending, awaiting);
        return out;
    }
}
