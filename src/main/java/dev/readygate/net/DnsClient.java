package dev.readygate.net;

import dev.readygate.base.HostPort;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal DNS client: one UDP query per record type (A, then AAAA) to one server, as nginx's
 * own {@code resolver} does at run time. Bounded in time (the whole lookup) and in parsing (the
 * packet size, the record count, name-compression hops); it never throws for what the server
 * sends: a garbage, truncated or mismatched answer is a {@link Answer} with an error.
 */
public final class DnsClient {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int MAX_PACKET = 1232;
    private static final int MAX_RECORDS = 64;
    private static final int MAX_POINTERS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the server said: the addresses, or why there are none (kind: NOT_FOUND, TIMEOUT or ERROR). */
    public record Answer(List<InetAddress> addresses, Kind kind, String error) {
        public enum Kind {OK, NOT_FOUND, TIMEOUT, ERROR}

        public Answer {
            addresses = List.copyOf(addresses);
        }

        public boolean ok() {
            return kind == Kind.OK;
        }
    }

    private final InetSocketAddress server;

    public DnsClient(InetSocketAddress server) {
        this.server = server;
    }

    /**
     * Parses the address of nginx's {@code resolver} directive ("10.0.0.2", "10.0.0.2:5353",
     * "[::1]:53"); null when it is not an address literal (nginx also accepts names there).
     */
    public static InetSocketAddress parseServer(String text) {
        HostPort server;
        try {
            server = HostPort.isIpv6Literal(text) ? new HostPort(text, 53) : HostPort.parse(text).withDefaultPort(53);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!HostPort.isIpLiteral(server.host())) return null;
        try {
            return new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A then AAAA records of {@code name} within {@code timeout} in all; ipv6 false skips AAAA (nginx's ipv6=off). */
    public Answer lookup(String name, Duration timeout, boolean ipv6) {
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        List<InetAddress> all = new ArrayList<>();
        Answer first = query(name, TYPE_A, deadline);
        if (first.ok()) all.addAll(first.addresses());
        Answer second = ipv6 ? query(name, TYPE_AAAA, deadline) : new Answer(List.of(), Answer.Kind.NOT_FOUND, null);
        if (second.ok()) all.addAll(second.addresses());
        if (!all.isEmpty()) return new Answer(all, Answer.Kind.OK, null);
        // no address: the more telling failure wins (timeout/error over "no such name")
        Answer worse = first.kind() == Answer.Kind.NOT_FOUND ? second : first;
        if (worse.kind() == Answer.Kind.OK || worse.kind() == Answer.Kind.NOT_FOUND)
            return new Answer(List.of(), Answer.Kind.NOT_FOUND, "no A" + (ipv6 ? " or AAAA" : "") + " record for '" + name + "'");
        return worse;
    }

    private Answer query(String name, int type, long deadline) {
        byte[] q;
        try {
            q = encode(name, type);
        } catch (IllegalArgumentException e) {
            return new Answer(List.of(), Answer.Kind.ERROR, e.getMessage());
        }
        int id = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(server);
            s.send(new DatagramPacket(q, q.length));
            byte[] buf = new byte[MAX_PACKET];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return timeout(type);
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, left)));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    return timeout(type);
                }
                if (p.getLength() < 2 || (((buf[0] & 0xff) << 8) | (buf[1] & 0xff)) != id) continue; // not ours: keep listening
                if (!sameQuestion(q, buf, p.getLength()))
                    return new Answer(List.of(), Answer.Kind.ERROR, "the DNS server answered a different question than '" + name + "'");
                return parse(buf, p.getLength(), type);
            }
        } catch (IOException e) {
            // e.g. ICMP port unreachable surfaces as PortUnreachableException on a connected socket
            return new Answer(List.of(), Answer.Kind.ERROR, "the DNS server " + Resolver.format(server.getAddress(), server.getPort())
                    + " did not take the query: " + e.getMessage());
        }
    }

    private Answer timeout(int type) {
        return new Answer(List.of(), Answer.Kind.TIMEOUT, "the DNS server " + Resolver.format(server.getAddress(), server.getPort())
                + " did not answer the " + (type == TYPE_A ? "A" : "AAAA") + " query in time");
    }

    static byte[] encode(String name, int type) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        byte[] out = new byte[12 + n.length() + 2 + 4];
        int id = RANDOM.nextInt(0x10000);
        out[0] = (byte) (id >> 8);
        out[1] = (byte) id;
        out[2] = 0x01; // RD
        out[5] = 1; // QDCOUNT
        int i = 12;
        for (String label : n.split("\\.", -1)) {
            byte[] b = label.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (b.length == 0 || b.length > 63) throw new IllegalArgumentException("'" + name + "' is not a valid DNS name");
            out[i++] = (byte) b.length;
            System.arraycopy(b, 0, out, i, b.length);
            i += b.length;
        }
        if (i > 12 + 255) throw new IllegalArgumentException("'" + name + "' is longer than a DNS name can be");
        out[i++] = 0;
        out[i++] = 0;
        out[i++] = (byte) type;
        out[i++] = 0;
        out[i] = 1; // class IN
        return out;
    }

    /** Reads the answer section; anything malformed is an ERROR answer, never an exception. */
    static Answer parse(byte[] b, int len, int type) {
        try {
            if (len < 12) return error("the DNS answer is shorter than a header (" + len + " bytes)");
            if ((b[2] & 0x80) == 0) return error("the DNS server sent a query, not an answer");
            if ((b[2] & 0x02) != 0) return error("the DNS answer is truncated (TC set); the resolver's answers do not fit UDP");
            int rcode = b[3] & 0x0f;
            if (rcode == 3) return new Answer(List.of(), Answer.Kind.NOT_FOUND, "NXDOMAIN");
            if (rcode != 0) return error("the DNS server answered with RCODE " + rcode);
            int qd = u16(b, 4, len), an = u16(b, 6, len);
            if (qd > 1 || an > MAX_RECORDS) return error("the DNS answer claims " + qd + " questions and " + an + " answers");
            int pos = 12;
            for (int i = 0; i < qd; i++) pos = skipName(b, pos, len) + 4;
            List<InetAddress> out = new ArrayList<>();
            for (int i = 0; i < an; i++) {
                pos = skipName(b, pos, len);
                int rtype = u16(b, pos, len), rdlen = u16(b, pos + 8, len);
                int data = pos + 10;
                if (data + rdlen > len) return error("a DNS record runs past the end of the answer");
                if (rtype == type && type == TYPE_A && rdlen == 4 || rtype == type && type == TYPE_AAAA && rdlen == 16) {
                    byte[] a = new byte[rdlen];
                    System.arraycopy(b, data, a, 0, rdlen);
                    out.add(InetAddress.getByAddress(a));
                } else if (rtype == type) {
                    return error("a DNS " + (type == TYPE_A ? "A" : "AAAA") + " record has " + rdlen + " bytes of data");
                }
                pos = data + rdlen;
            }
            return out.isEmpty() ? new Answer(List.of(), Answer.Kind.NOT_FOUND, "no records") : new Answer(out, Answer.Kind.OK, null);
        } catch (IndexOutOfBoundsException | UnknownHostException e) {
            return error("the DNS answer is malformed (" + e.getMessage() + ")");
        }
    }

    /** The answer repeats the query's question (name case-insensitively, type and class). */
    static boolean sameQuestion(byte[] query, byte[] answer, int len) {
        if (len < query.length || answer[4] != 0 || answer[5] != 1) return false;
        for (int i = 12; i < query.length; i++)
            if (Character.toLowerCase((char) (query[i] & 0xff)) != Character.toLowerCase((char) (answer[i] & 0xff))) return false;
        return true;
    }

    private static Answer error(String message) {
        return new Answer(List.of(), Answer.Kind.ERROR, message);
    }

    private static int u16(byte[] b, int pos, int len) {
        if (pos < 0 || pos + 2 > len) throw new IndexOutOfBoundsException("offset " + pos + " past " + len);
        return ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    }

    /** The offset after the (possibly compressed) name at pos. */
    private static int skipName(byte[] b, int pos, int len) {
        int hops = 0;
        while (true) {
            if (pos >= len) throw new IndexOutOfBoundsException("a name runs past the end");
            int l = b[pos] & 0xff;
            if (l == 0) return pos + 1;
            if ((l & 0xc0) == 0xc0) {
                if (pos + 2 > len || ++hops > MAX_POINTERS) throw new IndexOutOfBoundsException("bad name pointer");
                return pos + 2; // a pointer ends the name in place
            }
            if ((l & 0xc0) != 0) throw new IndexOutOfBoundsException("bad label length " + l);
            pos += 1 + l;
        }
    }
}
