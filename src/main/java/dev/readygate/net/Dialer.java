package dev.readygate.net;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.LocalExplain;
import dev.readygate.diagnosis.Phase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opens one fresh TCP connection to one address under a timeout, and classifies a failure. */
public final class Dialer {
    private Dialer() {
    }

    /** Either a connected socket or a diagnosis; connectNanos is the time connect took. */
    public record Dial(Socket socket, Diagnosis failure, InetAddress address, int port, long connectNanos) {
        public boolean ok() {
            return socket != null;
        }

        public String addressText() {
            return Resolver.format(address, port);
        }
    }

    /** The open-files limit, read before the first dial: once descriptors run out it could not be read. */
    private static final String OPEN_FILES_LIMIT = OpenFiles.LIMIT;

    public static Dial connect(InetAddress address, int port, long timeoutMillis) {
        Socket s = new Socket();
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
            return new Dial(s, null, address, port, took);
        } catch (IOException | RuntimeException e) {
            long took = System.nanoTime() - start;
            closeQuietly(s);
            Diagnosis d = Classifier.classify(e, Phase.CONNECT, Resolver.format(address, port), took / 1_000_000)
                    .withEvidence("family", Resolver.family(address));
            // the explanation's owner lookup is clipped to what is left of this attempt's budget
            d = LocalExplain.explain(d, address, port, LocalListeners.system(), start + Math.max(0, Math.min(timeoutMillis, 86_400_000L)) * 1_000_000L);
            if (d.cause() == Cause.LOCAL_RESOURCES) d = OpenFiles.explain(d);
            return new Dial(null, d, address, port, took);
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
