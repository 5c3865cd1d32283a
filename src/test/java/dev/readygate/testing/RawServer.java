package dev.readygate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server on a background thread that does exactly what a test tells it with each
 * accepted connection. Closing it releases handlers that wait, closes the listener and joins.
 */
public final class RawServer implements AutoCloseable {
    public interface Handler {
        void handle(Socket s, RawServer server) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread thread;
    private final CountDownLatch release = new CountDownLatch(1);
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();

    public RawServer(Handler handler) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
    }

    public RawServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.thread = new Thread(() -> {
            for (int i = 0; i < 1000 && !listener.isClosed(); i++) {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(10_000);
                    handler.handle(s, this);
                } catch (Exception e) {
                    if (!listener.isClosed()) errors.add(e);
                }
            }
        }, "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Reads a request head from a socket of another server (no recording). */
    public record Reader(Socket s) {
        public String request() throws IOException {
            return head(s);
        }
    }

    /** Reads the request head (up to the empty line, at most 64 KiB) and records it. */
    public String readRequest(Socket s) throws IOException {
        String req = head(s);
        requests.add(req);
        return req;
    }

    private static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < 4 && out.size() < 65536) {
            int b = in.read();
            if (b < 0) break;
            out.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the server is closed (at most ms); true when released. */
    public boolean awaitRelease(long ms) throws InterruptedException {
        return release.await(ms, TimeUnit.MILLISECONDS);
    }

    public static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        listener.close();
        thread.join(5_000);
    }
}
