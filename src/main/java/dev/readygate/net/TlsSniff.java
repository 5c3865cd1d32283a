package dev.readygate.net;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Does this port speak TLS? One handshake on a fresh connection, trusting any certificate (only
 * the protocol is in question, nothing is sent after the handshake). Used to confirm that a
 * plain request met a TLS-only port before calling it PLAIN_ON_TLS_PORT; and its mirror, does this
 * port answer plain HTTP, after a TLS handshake that got no answer.
 */
public final class TlsSniff {
    /** Only the protocol matters here: any certificate, any name. */
    private static final TrustManager[] ANY = {new TrustAll()};

    private TlsSniff() {
    }

    /**
     * The SNI names to send for {@code host}: none for an address literal or a name SNI cannot
     * carry (an underscore, as in Compose's my_db); an absolute name without its trailing dot.
     */
    public static List<SNIServerName> serverNames(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || Resolver.isLiteral(name)) return List.of();
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** The negotiated protocol (e.g. "TLSv1.3") when the port completes a TLS handshake within the time, else null. */
    public static String handshake(InetAddress address, int port, String sniHost, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Socket raw = open(address, port, timeoutMillis);
        if (raw == null) return null;
        SSLSocket ssl = null;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, ANY, new SecureRandom());
            ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, sniHost, port, true);
            if (sniHost != null) {
                SSLParameters p = ssl.getSSLParameters();
                p.setServerNames(serverNames(sniHost));
                ssl.setSSLParameters(p);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left < 1) return null;
            ssl.setSoTimeout((int) left);
            ssl.startHandshake();
            SSLSession s = ssl.getSession();
            String protocol = s.getProtocol();
            s.invalidate();
            return protocol;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        } finally {
            closeNow(raw, ssl);
        }
    }

    /** A fresh connection made within the time, or null. */
    private static Socket open(InetAddress address, int port, long timeoutMillis) {
        if (timeoutMillis < 1) return null;
        Dialer.Dial dial = Dialer.connect(address, port, timeoutMillis);
        return dial.ok() ? dial.socket() : null;
    }

    /**
     * Closes a TLS connection without waiting for the peer: the TLS close would wait (up to the
     * socket timeout) for the peer's close_notify, which a silent server never sends. The
     * connection underneath is closed first, so the TLS socket has nothing left to wait on.
     */
    public static void closeNow(Socket raw, Socket tls) {
        Dialer.closeQuietly(raw);
        Dialer.closeQuietly(tls);
    }

    /**
     * Does this port answer plain HTTP? One GET / on a fresh connection; the status line when the
     * answer starts with "HTTP/" within the time, else null. Used after a TLS handshake that got no
     * answer: a plain HTTP server waits for a complete request and never answers a ClientHello.
     */
    public static String plainStatusLine(InetAddress address, int port, String hostHeader, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Socket s = open(address, port, timeoutMillis);
        if (s == null) return null;
        try {
            s.setSoLinger(true, 0);
            String name = hostHeader == null ? Resolver.text(address) : hostHeader;
            String host = name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name;
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: readygate\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            InputStream in = s.getInputStream();
            while (line.length() < 80) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left < 1) break;
                s.setSoTimeout((int) left);
                int b = in.read();
                if (b < 0 || b == '\r' || b == '\n') break;
                line.append((char) (b >= 0x20 && b < 0x7f ? b : '?'));
            }
            String l = line.toString();
            return l.matches("HTTP/\\d(\\.\\d)? \\d{3}.*") ? l : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            Dialer.closeQuietly(s);
        }
    }
}
