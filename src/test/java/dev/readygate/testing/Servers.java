package dev.readygate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback helpers. */
public final class Servers {
    /** readygate names a listener up to this many ports away from a refused one ("did you mean"). */
    static final int NEIGHBOURHOOD = 100;

    private Servers() {
    }

    /**
     * A port nothing listens on (bound then closed), with no listener within +-100 ports on any
     * address either, so that a refused connect to it is told as plainly refused, whatever else
     * listens on this (shared) machine. Without /proc: any free port.
     */
    public static int freePort() {
        BitSet listening = listeningPorts();
        if (listening != null) {
            for (int tries = 0; tries < 500; tries++) {
                int port = ThreadLocalRandom.current().nextInt(20_000 + NEIGHBOURHOOD, 65_535 - NEIGHBOURHOOD);
                if (listening.get(port - NEIGHBOURHOOD, port + NEIGHBOURHOOD + 1).isEmpty() && bindable(port)) return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A listening socket on 127.0.0.1 (the kernel accepts connections into the backlog). */
    public static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A listening socket on 127.0.0.1 on a {@link #freePort()}: the only listener within +-100 ports. */
    public static ServerSocket listenAlone() {
        for (int tries = 0; ; tries++) {
            try {
                return new ServerSocket(freePort(), 50, InetAddress.getByName("127.0.0.1"));
            } catch (IOException e) {
                if (tries == 20) throw new IllegalStateException(e); // taken in between: try another
            }
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The ports in state LISTEN on any address, from /proc/net/tcp and tcp6; null when unreadable. */
    static BitSet listeningPorts() {
        BitSet out = new BitSet(65_536);
        boolean read = false;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[3].equals("0A")) continue;
                    int colon = f[1].lastIndexOf(':');
                    if (colon > 0) out.set(Integer.parseInt(f[1].substring(colon + 1), 16));
                }
                read = true;
            } catch (IOException | RuntimeException e) {
                // this table is missing (no IPv6, no /proc)
            }
        }
        return read ? out : null;
    }
}
