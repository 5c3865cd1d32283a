package dev.readygate.protocol.wire;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.diagnosis.Phase;
import dev.readygate.model.Target;
import dev.readygate.net.Dialer;
import dev.readygate.net.Dialing;
import dev.readygate.net.Resolver;
import dev.readygate.net.TlsSniff;
import dev.readygate.net.Watchdog;
import dev.readygate.net.tls.TlsContexts;
import dev.readygate.net.tls.TlsOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fresh connection of a wire-protocol probe, under the attempt's deadline.
 *
 * <ul>
 *   <li>{@link #open} dials through {@link Dialing} (so transport causes come first and every
 *       protocol sees address families the same way); a failure is a {@link WireFailure}.</li>
 *   <li>Every read and write is bounded by what is left of the budget; a read that runs out is
 *       READ_TIMEOUT, a close before the first byte EMPTY_RESPONSE, a close later PREMATURE_CLOSE,
 *       a reset CONNECTION_RESET, each naming what the probe waited for.</li>
 *   <li>A {@link Watchdog} closes the socket shortly after the deadline (a write or handshake the
 *       socket timeout does not bound) and when the probing thread is interrupted, so the probe
 *       returns promptly with the interrupt flag still set.</li>
 *   <li>{@link #startTls} upgrades the connection in place (PostgreSQL and MySQL after their
 *       SSLRequest; directly after connect for rediss://).</li>
 * </ul>
 * Not thread-safe: one probe, one thread.
 */
public final class WireConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private final long deadlineNanos;
    private final long startNanos;
    private final Dialing.Result dialing;
    private final Dialer.Dial dial;
    private final Watchdog watchdog;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long received;
    /** The first two bytes received: a TLS record there means a plain client met a TLS-only port. */
    private final byte[] head = new byte[2];
    private int headLen;
    private SSLSession tls;
    private long tlsMs = -1;

    private WireConnection(String host, int port, Dialing.Result dialing, long startNanos, long deadlineNanos) throws IOException {
        this.host = host;
        this.port = port;
        this.dialing = dialing;
        this.dial = dialing.connected();
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.socket = dial.socket();
        this.watchdog = new Watchdog(socket, deadlineNanos - System.nanoTime());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Dials the target's endpoint.
     *
     * @param timeout the attempt's whole budget (already clipped to the deadline)
     * @throws WireFailure the transport's diagnosis (refused, DNS, connect timeout, ...)
     */
    public static WireConnection open(Target target, Duration timeout) throws WireFailure {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String host = target.endpoint().host();
        int port = target.endpoint().port();
        Dialing.Result r = Dialing.dial(host, port, target.ipFamily(), deadline);
        if (!r.ok()) throw new WireFailure(r.failure());
        try {
            return new WireConnection(host, port, r, start, deadline);
        } catch (IOException e) {
            Dialer.closeQuietly(r.connected().socket());
            throw new WireFailure(Classifier.classify(e, Phase.EXCHANGE, r.connected().addressText(), 0));
        }
    }

    /** The address connected to, e.g. {@code 127.0.0.1:5432}. */
    public String address() {
        return dial.addressText();
    }

    /** The host as the target names it (for SNI, certificates and messages). */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A problem of dialling that does not block readiness (the other address family), or null. */
    public Diagnosis warning() {
        return dialing.warning();
    }

    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Bytes received so far. */
    public long received() {
        return received;
    }

    /** The TLS session once {@link #startTls} succeeded, else null. */
    public SSLSession tls() {
        return tls;
    }

    /**
     * What every result of this connection carries: address, family, connectMs, the addresses
     * tried, and the TLS protocol and cipher once upgraded. Protocols add their own facts.
     */
    public Map<String, Object> evidence() {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("address", address());
        ev.put("family", Resolver.family(dial.address()));
        ev.put("connectMs", Math.round(dial.connectNanos() / 10_000.0) / 100.0);
        if (!dialing.addresses().isEmpty()) ev.put("addresses", dialing.addresses());
        if (tls != null) {
            ev.put("tlsProtocol", tls.getProtocol());
            ev.put("cipher", tls.getCipherSuite());
            ev.put("tlsMs", tlsMs);
        }
        return ev;
    }

    /** A diagnosis of this connection: the address in the evidence. */
    public Diagnosis.Builder diagnosis(Cause cause, String message) {
        return Diagnosis.builder(cause, message).evidence("address", address());
    }

    public void write(byte[] data) throws WireFailure {
        write(data, "sending");
    }

    /** Writes all of {@code data}; {@code doing} names the step in a failure ("sending the StartupMessage"). */
    public void write(byte[] data, String doing) throws WireFailure {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw failure(e, doing);
        }
    }

    /** One byte. */
    public int readByte(String awaiting) throws WireFailure {
        byte[] one = new byte[1];
        readFully(one, 0, 1, awaiting);
        return one[0] & 0xff;
    }

    /** Exactly {@code n} bytes (n at most the caller's own bound on the message). */
    public byte[] readFully(int n, String awaiting) throws WireFailure {
        byte[] b = new byte[n];
        readFully(b, 0, n, awaiting);
        return b;
    }

    /**
     * Exactly {@code len} bytes into {@code buf}.
     *
     * @param awaiting what the probe waits for, for messages ("the server's greeting")
     */
    public void readFully(byte[] buf, int off, int len, String awaiting) throws WireFailure {
        int done = 0;
        while (done < len) {
            int n = read(buf, off + done, len - done, awaiting);
            done += n;
        }
    }

    /** At least one byte and at most {@code len}: what has arrived (for lines and replies of unknown length). */
    public int readSome(byte[] buf, int off, int len, String awaiting) throws WireFailure {
        return read(buf, off, len, awaiting);
    }

    /**
     * What arrives within {@code waitMs} (and the budget), at most {@code len} bytes; 0 when nothing
     * did or the connection ended. Never fails: for naming what a server of the wrong protocol sent.
     */
    public int readAvailable(byte[] buf, int off, int len, long waitMs) {
        long left = Math.min(waitMs, remainingNanos() / 1_000_000);
        if (left <= 0 || len <= 0) return 0;
        try {
            socket.setSoTimeout((int) Math.max(1, left));
            int n = in.read(buf, off, len);
            if (n <= 0) return 0;
            remember(buf, off, n);
            received += n;
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    private void remember(byte[] buf, int off, int n) {
        for (int i = 0; i < n && headLen < head.length; i++) head[headLen++] = buf[off + i];
    }

    /** The first bytes received were a TLS record (handshake, alert or data): a plain client met a TLS port. */
    public boolean answeredWithTls() {
        int b0 = head[0] & 0xff;
        return headLen == 2 && (b0 == 0x15 || b0 == 0x16 || b0 == 0x17) && (head[1] & 0xff) == 0x03;
    }

    /**
     * Whether a plain exchange that failed as a plain client fails on a TLS-only port (reset or
     * closed before a byte, or answered with a TLS record) met one: a TLS handshake on a second
     * connection to the same address, with what is left of the budget, tells.
     *
     * @return the TLS protocol the handshake completed; null when the failure does not look like
     *         that, less than 50 ms is left, the thread is interrupted, or the handshake fails
     */
    public String tlsOnlyPort(Diagnosis failed, long deadlineNanos) {
        Cause c = failed.cause();
        boolean silentEnd = received == 0 && (c == Cause.CONNECTION_RESET || c == Cause.EMPTY_RESPONSE || c == Cause.PREMATURE_CLOSE);
        boolean tlsRecord = c == Cause.PROTOCOL_ERROR && answeredWithTls();
        long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if ((!silentEnd && !tlsRecord) || leftMs < 50 || Thread.currentThread().isInterrupted()) return null;
        return TlsSniff.handshake(dial.address(), port, host, leftMs);
    }

    private int read(byte[] buf, int off, int len, String awaiting) throws WireFailure {
        long left = remainingNanos() / 1_000_000;
        if (left <= 0) throw timeout(awaiting);
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            int n = in.read(buf, off, len);
            if (n < 0) throw closed(awaiting);
            remember(buf, off, n);
            received += n;
            return n;
        } catch (SocketTimeoutException e) {
            throw timeout(awaiting);
        } catch (IOException e) {
            throw failure(e, "waiting for " + awaiting);
        }
    }

    /** One context per set of options for the whole run: building one reads files and costs milliseconds. */
    private static final Map<TlsOptions, SSLContext> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Upgrades this connection to TLS as {@code options} ask: certificates verified (and the host
     * name checked) unless insecure, {@code --ca-cert} as the only trust when given, a client
     * certificate when given. See {@link #startTls(SSLContext, boolean)}.
     *
     * @throws WireFailure as there; a context that cannot be built (files changed since the plan) is a permanent TLS_HANDSHAKE
     */
    public void startTls(TlsOptions options) throws WireFailure {
        startTls(options, options == null || !options.insecure());
    }

    /**
     * As {@link #startTls(TlsOptions)}, with the host name check chosen apart from the chain's
     * (MySQL's ssl-mode=VERIFY_CA and libpq's sslmode=verify-ca verify the chain, not the name).
     */
    public void startTls(TlsOptions options, boolean verifyHostname) throws WireFailure {
        TlsOptions o = options == null ? TlsOptions.DEFAULT : options;
        SSLContext context;
        try {
            context = CONTEXTS.computeIfAbsent(o, TlsContexts::build);
        } catch (IllegalArgumentException e) {
            throw new WireFailure(diagnosis(Cause.TLS_HANDSHAKE, "TLS setup failed: " + e.getMessage())
                    .hint("fix the TLS options (--ca-cert, --client-cert, --client-key)").permanent(true).build());
        }
        startTls(context, verifyHostname && !o.insecure());
    }

    /**
     * Upgrades this connection to TLS in place and shakes hands (SNI with the host name; the host
     * name checked against the certificate when {@code verifyHostname}).
     *
     * @throws WireFailure TLS_UNTRUSTED, TLS_HOSTNAME_MISMATCH, TLS_EXPIRED, TLS_HANDSHAKE, or a
     *                     transport cause; READ_TIMEOUT when the handshake got no answer
     */
    public void startTls(SSLContext context, boolean verifyHostname) throws WireFailure {
        long t0 = System.nanoTime();
        try {
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
            p.setServerNames(TlsSniff.serverNames(host));
            ssl.setSSLParameters(p);
            long left = remainingNanos() / 1_000_000;
            if (left <= 0) throw timeout("the TLS handshake");
            ssl.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            ssl.startHandshake();
            socket = ssl;
            in = ssl.getInputStream();
            out = ssl.getOutputStream();
            tls = ssl.getSession();
            tlsMs = (System.nanoTime() - t0) / 1_000_000;
        } catch (SocketTimeoutException e) {
            throw new WireFailure(diagnosis(Cause.READ_TIMEOUT, "the TLS handshake with " + address() + " got no answer within "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms")
                    .hint("the port may speak the protocol in plain text, not TLS: check the scheme or the TLS setting").build());
        } catch (IOException e) {
            if (watchdog.fired()) throw timeout("the TLS handshake");
            throw new WireFailure(TlsHandshakes.diagnose(e, address(), host).build());
        }
    }

    /** The server's certificate after {@link #startTls}, or null. */
    public X509Certificate peerCertificate() {
        if (tls == null) return null;
        try {
            Certificate[] chain = tls.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends the protocol's goodbye (PostgreSQL Terminate, MySQL COM_QUIT) if the connection still works, then closes. */
    public void goodbye(byte[] bye) {
        try {
            if (remainingNanos() > 0 && !socket.isClosed()) {
                out.write(bye);
                out.flush();
            }
        } catch (IOException ignored) {
            // the server has gone: nothing to say goodbye to
        }
        close();
    }

    @Override
    public void close() {
        watchdog.cancel();
        Dialer.closeQuietly(socket);
        Dialer.closeQuietly(dial.socket());
    }

    private WireFailure timeout(String awaiting) {
        long ms = elapsedMs();
        String what = received == 0
                ? address() + " accepted the connection but sent nothing within " + ms + " ms (waited for " + awaiting + ")"
                : address() + " stopped answering: no " + awaiting + " within " + ms + " ms";
        if (Thread.currentThread().isInterrupted()) what = "stopped while waiting for " + awaiting + " from " + address();
        return new WireFailure(diagnosis(Cause.READ_TIMEOUT, what).evidence("elapsedMs", ms).evidence("bytesReceived", received).build());
    }

    private WireFailure closed(String awaiting) {
        if (received == 0)
            return new WireFailure(diagnosis(Cause.EMPTY_RESPONSE, address() + " accepted the connection and closed it without a byte"
                    + " (waited for " + awaiting + ")")
                    .hint("the server is starting or overloaded, or the port speaks another protocol (or TLS only)").build());
        return new WireFailure(diagnosis(Cause.PREMATURE_CLOSE, address() + " closed the connection while readygate waited for " + awaiting)
                .hint("the server crashed, restarted or ended the session: see its log").evidence("bytesReceived", received).build());
    }

    private WireFailure failure(IOException e, String doing) {
        if (watchdog.fired() || Thread.currentThread().isInterrupted()) return timeout(doing.replaceFirst("^waiting for ", ""));
        Cause cause = Classifier.cause(e, Phase.EXCHANGE);
        if (cause == Cause.CONNECTION_RESET)
            return new WireFailure(diagnosis(cause, "connection reset by " + address() + " while " + doing)
                    .hint(received == 0 ? "a TLS-only port resets plain clients, and a crashing server resets everyone: check the TLS"
                            + " setting and the server's log" : "the server crashed or dropped the session: see its log")
                    .evidence("bytesReceived", received).evidence("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build());
        if (cause == Cause.PREMATURE_CLOSE) return closed(doing.replaceFirst("^waiting for ", ""));
        return new WireFailure(Classifier.classify(e, Phase.EXCHANGE, address(), elapsedMs()));
    }
}
