package dev.readygate.protocol.http;

import dev.readygate.net.TlsSniff;
import dev.readygate.net.Watchdog;

import dev.readygate.base.Durations;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.tls.TlsOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The TLS phase of an https:// hop: a handshake on the dialled socket with our own SNI and
 * hostname check, bounded by the deadline (the socket timeout, and the hop's watchdog).
 */
final class TlsPhase {
    /** The most the handshake leaves of the budget for the plain HTTP request that follows a handshake with no answer. */
    static final long PLAIN_CHECK_MS = 300;

    private TlsPhase() {
    }

    /**
     * Layers TLS on the hop's socket and completes the handshake. A handshake that fails throws;
     * TLS options that cannot be set up are a diagnosis.
     *
     * @return null when the handshake completed; the diagnosis when the TLS options are unusable
     */
    static Diagnosis handshake(Attempt a, TlsSetup tls, Hop hop) throws IOException {
        SSLContext ctx;
        try {
            ctx = tls.context(a.spec.tls());
        } catch (IllegalArgumentException e) {
            return a.diagnosis(Cause.TLS_HANDSHAKE, "TLS setup failed: " + e.getMessage())
                    .hint("fix the TLS options (--ca-cert, --client-cert, --client-key)").permanent(true).build();
        }
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(hop.socket(), hop.host, hop.port, true);
        hop.upgrade(ssl);
        ssl.setSSLParameters(parameters(ssl, hop.host, a.spec.tls()));
        // keep a little of the budget for a plain HTTP request should the handshake get no answer (HopFailures)
        long reserve = Math.min(PLAIN_CHECK_MS, a.budgetMs() / 4);
        ssl.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, a.remainingMs() - reserve)));
        hop.limitHandshake(a.remainingNanos() - reserve * 1_000_000L - Watchdog.GRACE_MS * 1_000_000L);
        long t0 = System.nanoTime();
        try {
            ssl.startHandshake();
        } finally {
            hop.handshakeOver();
        }
        a.note("tlsMs", a.ms(t0));
        SSLSession session = ssl.getSession();
        hop.handshaken(session);
        a.note("tlsProtocol", session.getProtocol());
        a.note("cipher", session.getCipherSuite());
        peerCertificate(a, session, hop.host);
        return null;
    }

    /** Hostname verification unless insecure; SNI with the host name (none for an address literal or an invalid name). */
    private static SSLParameters parameters(SSLSocket ssl, String host, TlsOptions options) {
        SSLParameters p = ssl.getSSLParameters();
        boolean insecure = options != null && options.insecure();
        p.setEndpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        p.setServerNames(TlsSniff.serverNames(host));
        return p;
    }

    private static void peerCertificate(Attempt a, SSLSession session, String host) {
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length > 0 && peer[0] instanceof X509Certificate x) {
                a.note("certificate", Certificates.facts(x));
                expiringSoon(a, x, host);
            }
        } catch (IOException ignored) {
            // no peer certificate
        }
    }

    /** A warning when the certificate expires within --cert-min-validity. */
    private static void expiringSoon(Attempt a, X509Certificate x, String host) {
        Instant notAfter = x.getNotAfter().toInstant();
        Duration left = Duration.between(Instant.now(), notAfter);
        Duration min = a.spec.budgets().certMinValidity();
        if (min == null || min.isZero() || left.isNegative() || left.compareTo(min) >= 0) return;
        a.warn(Diagnosis.builder(Cause.TLS_EXPIRED, "the certificate of " + host + " expires in "
                        + Durations.format(left.withNanos(0)) + " (notAfter " + notAfter + "), within the "
                        + Durations.format(min) + " of --cert-min-validity")
                .variant("expires soon").permanent(false)
                .hint("renew the certificate before it expires")
                .evidence("notAfter", notAfter.toString()).evidence("subject", x.getSubjectX500Principal().getName()).build());
    }
}
