package dev.readygate.protocol.http;

import dev.readygate.net.Dialer;
import dev.readygate.net.Watchdog;
import dev.readygate.net.TlsSniff;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The state of one hop once it has connected: its socket (plain, then TLS on top), the phase it
 * is in, and what it has received. Every hop of an attempt gets a fresh one; {@link #close}
 * releases everything it holds.
 */
final class Hop {
    final URI uri;
    final String host;
    final int port;
    final boolean https;
    /** System.nanoTime() when the hop started (before the dial). */
    final long startNanos;
    private final Dialer.Dial dial;
    private final Watchdog watchdog;
    /** Closes the socket when the handshake runs past its own budget (null outside the TLS phase). */
    private Watchdog handshakeWatchdog;
    private boolean handshakeWatchdogFired;
    private Socket socket;
    private SSLSocket ssl;
    private SSLSession session;
    private Step step = Step.TLS;
    private long sentNanos;
    private Wire wire;
    private HeadReader heads;

    Hop(URI uri, long startNanos, Dialer.Dial dial, long remainingNanos) {
        this.uri = uri;
        this.host = Uris.host(uri);
        this.port = Uris.port(uri);
        this.https = Uris.https(uri);
        this.startNanos = startNanos;
        this.dial = dial;
        this.socket = dial.socket();
        this.watchdog = new Watchdog(dial.socket(), remainingNanos);
    }

    /** The address connected to, as text (host:port, [v6]:port). */
    String address() {
        return dial.addressText();
    }

    InetSocketAddress connected() {
        return new InetSocketAddress(dial.address(), port);
    }

    /** The socket to talk HTTP on: the dialled one, or TLS on top of it. */
    Socket socket() {
        return socket;
    }

    /** The TLS socket (null on a plain hop, or before the TLS phase). */
    SSLSocket ssl() {
        return ssl;
    }

    void upgrade(SSLSocket tls) {
        ssl = tls;
        socket = tls;
    }

    void handshaken(SSLSession s) {
        session = s;
    }

    Step step() {
        return step;
    }

    void step(Step s) {
        step = s;
    }

    void sent() {
        sentNanos = System.nanoTime();
    }

    /** From sending the request to the first response byte (what proxy_read_timeout limits); valid once the head is read. */
    long waitNanos() {
        return wire.firstByteNanos() - sentNanos;
    }

    void reading(Wire w, HeadReader h) {
        wire = w;
        heads = h;
    }

    /** The reads of the response (null before the read head phase). */
    Wire wire() {
        return wire;
    }

    HeadReader heads() {
        return heads;
    }

    /** Bytes received so far (0 before the read head phase). */
    long received() {
        return wire == null ? 0 : wire.received();
    }

    boolean watchdogFired() {
        return watchdog.fired() || handshakeWatchdogFired || (handshakeWatchdog != null && handshakeWatchdog.fired());
    }

    /** Bounds the handshake to {@code nanos} from now (the socket timeout alone does not bound a handshake slow to start reading). */
    void limitHandshake(long nanos) {
        handshakeWatchdog = new Watchdog(dial.socket(), nanos);
    }

    /** The handshake is over: its own bound no longer applies. */
    void handshakeOver() {
        if (handshakeWatchdog == null) return;
        handshakeWatchdog.cancel();
        handshakeWatchdogFired = handshakeWatchdog.fired();
        handshakeWatchdog = null;
    }

    /**
     * Stops the watchdog, ends the TLS session (no resumption: every attempt verifies again) and
     * closes the sockets. A TLS hop is closed without waiting for the peer's close_notify (a
     * server that stays silent would hold the attempt up to its socket timeout past the deadline).
     */
    void close(TlsSetup tls) {
        watchdog.cancel();
        handshakeOver();
        if (session != null) session.invalidate();
        if (ssl != null) {
            tls.forget(ssl);
            TlsSniff.closeNow(dial.socket(), ssl);
            return;
        }
        Dialer.closeQuietly(socket);
        Dialer.closeQuietly(dial.socket());
    }
}
