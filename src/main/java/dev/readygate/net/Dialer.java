package dev.readygate.net;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.LocalExplain;
import dev.readygate.diagnosis.Phase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;

/** Opens one fresh TCP connection to one address under a timeout, and classifies a failure. */
public final class Dialer {
    private Dialer() {
    }

    /**
     * Either a connected socket or a diagnosis; connectNanos is the time connect took, addressText the
     * address and port as text ("127.0.0.1:80", "[::1]:80"), made once per dial.
     */
    public record Dial(Socket socket, Diagnosis failure, InetAddress address, int port, long connectNanos, String addressText) {
        public boolean ok() {
            return socket != null;
        }
    }

    /** The open-files limit, read before the first dial: once descriptors run out it could not be read. */
    private static final String OPEN_FILES_LIMIT = OpenFiles.LIMIT;

    public static Dial connect(InetAddress address, int port, long timeoutMillis) {
        // NO_PROXY: a plain socket, not the SOCKS-capable default that builds a URI and asks the
        // proxy selector on every connect (a fifth of a refused attempt's work); a readiness check
        // dials the target itself
        Socket s = new Socket(Proxy.NO_PROXY);
        String text = Resolver.format(address, port);
        long start = System.nanoTime();
        try {
            s.connect(new InetSocketAddress(address, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
            long took = System.nanoTime() - start;
            if (selfConnected(s, address, port)) {
                closeQuietly(s);
                throw new java.net.ConnectException("Connection refused (the socket connected to itself: nothing listens on " + port + ")");
            }
            // options only once connected: a refused attempt (16 a second while waiting) makes no extra syscalls
            s.setTcpNoDelay(true);
            return new Dial(s, null, address, port, took, text);
        } catch (IOException | RuntimeException e) {
            long took = System.nanoTime() - start;
            closeQuietly(s);
            Diagnosis d = Classifier.builder(e, Phase.CONNECT, text, took / 1_000_000)
                    .evidence("family", Resolver.family(address)).build();
            // the explanation's owner lookup is clipped to what is left of this attempt's budget
            d = LocalExplain.explain(d, address, port, LocalListeners.system(), start + Math.max(0, Math.min(timeoutMillis, 86_400_000L)) * 1_000_000L);
            if (d.cause() == Cause.LOCAL_RESOURCES) d = OpenFiles.explain(d);
            return new Dial(null, d, address, port, took, text);
        }
    }

    /**
     * TCP simultaneous open with itself: connecting to a port of this machine where nothing
     * listens can succeed when the kernel picks that very port as the local one (it is in the
     * ephemeral range). Nothing listens there; wait-for-it-style checks call it ready.
     */
    static boolean selfConnected(Socket s, InetAddress address, int port) {
        return s.getLocalPort() == port && address.equals(s.getLocalAddress());
    }

    public static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
