package dev.readygate.protocol.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Buffered reads from one socket under an absolute deadline: the socket timeout is recomputed
 * before every read, and a read is refused once the deadline has passed, so a server that
 * trickles bytes cannot stretch the attempt. Counts every byte received.
 */
final class Wire {
    /** The attempt's deadline passed (or a read timed out). */
    static final class Timeout extends SocketTimeoutException {
        Timeout(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    /** Small until the server sends more than fits: a thousand attempts waiting on silent servers hold 512 bytes each, not 8 KiB. */
    private static final int FIRST_BUFFER = 512;
    private static final int BUFFER = 8192;
    private byte[] buf = new byte[FIRST_BUFFER];
    private int pos;
    private int lim;
    private long received;
    private long firstByteNanos;
    private boolean gotByte;

    Wire(Socket socket, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = deadlineNanos;
    }

    /** Bytes received from the socket so far. */
    long received() {
        return received;
    }

    boolean hasFirstByte() {
        return gotByte;
    }

    /** System.nanoTime() of the first byte (valid when {@link #hasFirstByte()}). */
    long firstByteNanos() {
        return firstByteNanos;
    }

    /** Bytes already buffered and not consumed (no blocking). */
    int buffered() {
        return lim - pos;
    }

    /** A copy of the buffered, unconsumed bytes, at most max. */
    byte[] peekBuffered(int max) {
        int n = Math.min(max, lim - pos);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        return out;
    }

    /** One byte, or -1 at end of stream. */
    int read() throws IOException {
        if (pos == lim && fill() < 0) return -1;
        return buf[pos++] & 0xff;
    }

    /** Up to len bytes into b (at least one unless end of stream: then -1). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos == lim && fill() < 0) return -1;
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private int fill() throws IOException {
        if (Thread.currentThread().isInterrupted()) throw new Timeout("interrupted");
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) throw new Timeout("deadline passed");
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
        if (lim == buf.length && buf.length < BUFFER) buf = new byte[BUFFER]; // the last read filled it: more is coming
        int n = in.read(buf, 0, buf.length);
        if (n < 0) return -1;
        if (n > 0 && !gotByte) {
            gotByte = true;
            firstByteNanos = System.nanoTime();
        }
        received += n;
        pos = 0;
        lim = n;
        return n;
    }
}
