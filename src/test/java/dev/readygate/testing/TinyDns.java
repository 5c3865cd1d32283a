package dev.readygate.testing;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tiny DNS server on 127.0.0.1 (UDP) for tests: answers A and AAAA queries from fixed
 * records, NXDOMAIN for other names; or, for a name mapped to a raw-answer function, sends
 * whatever bytes that function makes (garbage, lies) to exercise the client's parsing.
 */
public final class TinyDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<InetAddress>> records = new ConcurrentHashMap<>();
    private final Map<String, Function<byte[], byte[]>> raw = new ConcurrentHashMap<>();
    private final Thread thread;

    public TinyDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public TinyDns add(String name, InetAddress... addresses) {
        records.put(name.toLowerCase(Locale.ROOT), List.of(addresses));
        return this;
    }

    /** For queries of {@code name}, send {@code answer.apply(query)} as is. */
    public TinyDns raw(String name, Function<byte[], byte[]> answer) {
        raw.put(name.toLowerCase(Locale.ROOT), answer);
        return this;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] q = java.util.Arrays.copyOf(buf, p.getLength());
                int pos = 12;
                StringBuilder name = new StringBuilder();
                while (q[pos] != 0) {
                    int l = q[pos];
                    if (name.length() > 0) name.append('.');
                    name.append(new String(q, pos + 1, l, StandardCharsets.US_ASCII));
                    pos += 1 + l;
                }
                int qend = pos + 5;
                int type = ((q[pos + 1] & 0xff) << 8) | (q[pos + 2] & 0xff);
                String n = name.toString().toLowerCase(Locale.ROOT);
                byte[] answer;
                if (raw.containsKey(n)) {
                    answer = raw.get(n).apply(q);
                } else {
                    List<InetAddress> all = records.get(n);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(q, 0, 2);
                    out.write(0x81);
                    out.write(all == null ? 0x83 : 0x80);
                    List<InetAddress> matching = all == null ? List.of() : all.stream()
                            .filter(a -> a.getAddress().length == (type == 28 ? 16 : 4)).toList();
                    out.write(new byte[] {0, 1, 0, (byte) matching.size(), 0, 0, 0, 0});
                    out.write(q, 12, qend - 12);
                    for (InetAddress a : matching) {
                        byte[] ab = a.getAddress();
                        out.write(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 30, 0, (byte) ab.length});
                        out.write(ab);
                    }
                    answer = out.toByteArray();
                }
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
