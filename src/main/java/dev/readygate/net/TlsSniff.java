package dev.readygate.net;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Does this port speak TLS? One handshake on a fresh connection, trusting any certificate (only
 * the protocol is in question, nothing is sent after the handshake). Used to confirm that a
 * plain request met a TLS-only port before calling it PLAIN_ON_TLS_PORT.
 */
public final class TlsSniff {
    private static final TrustManager[] ANY = {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // only the protocol matters here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // only the protocol matters here
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }};

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
        if (timeoutMillis < 1) return null;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Dialer.Dial dial = Dialer.connect(address, port, timeoutMillis);
        if (!dial.ok()) return null;
        Socket raw = dial.socket();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, ANY, new SecureRandom());
            try (SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, sniHost, port, true)) {
                if (sniHost != null) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setServerNames(serverNames(sniHost));
                    ssl.setSSLParameters(p);
                }
                ssl.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                ssl.startHandshake();
                SSLSession s = ssl.getSession();
                String protocol = s.getProtocol();
                s.invalidate();
                return protocol;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        } finally {
            Dialer.closeQuietly(raw);
        }
    }
}
