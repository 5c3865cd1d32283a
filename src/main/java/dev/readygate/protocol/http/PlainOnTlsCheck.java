package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.Resolver;
import dev.readygate.net.TlsSniff;
import dev.readygate.protocol.ProbeResult;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A plain http:// request that met a port speaking TLS. After the hops: a reset or a silent close
 * may mean the port speaks TLS only, and a TLS handshake on a fresh connection to the same address
 * decides (the TLS_ONLY_PORT row of {@link TlsFailures}). For a response: a 400 whose body says
 * plain HTTP was sent to an HTTPS port (nginx, Apache, Caddy), or any 400 from a port that also
 * completes a TLS handshake, is PLAIN_ON_TLS_PORT whatever statuses are accepted: a proxy that
 * relays it hands clients an error. The confirming handshake has a short budget of its own.
 */
final class PlainOnTlsCheck {
    /** The longest a confirming handshake may take: a TLS server answers a ClientHello at once. */
    static final long CONFIRM_MS = 300;

    /** What servers say in the 400 they send to plain HTTP on their TLS port. */
    private static final Pattern SAYS_HTTPS_PORT = Pattern.compile("(?s).*(https port|http request to an https server|speaking plain http to an ssl"
            + "|client sent an http request to an https server).*");

    private PlainOnTlsCheck() {
    }

    /**
     * @param connected the address the last connected hop used (null when none connected)
     */
    static ProbeResult check(Attempt a, ProbeResult r, InetSocketAddress connected) {
        if (r.ready() || !"http".equals(a.target.scheme())) return r;
        Diagnosis d = r.diagnosis();
        if (!suspicious(d) || connected == null) return r;
        String protocol = confirm(a, connected);
        if (protocol == null) return r;
        return ProbeResult.notReady(tlsOnly(a, d, connected, protocol), r.warnings());
    }

    /**
     * A 400 answer to a plain http:// request: PLAIN_ON_TLS_PORT when its body says the port
     * expects HTTPS, or the port completes a TLS handshake; null otherwise (and for https://).
     *
     * @param asStatus the 400 as an HTTP_STATUS diagnosis (what the plain request got)
     */
    static Diagnosis of400(Attempt a, Response r, Diagnosis asStatus, InetSocketAddress connected) {
        if (r.head().status() != 400 || !"http".equals(a.target.scheme()) || connected == null) return null;
        String body = new String(r.body(), ResponseJudge.charset(r.head())).toLowerCase(Locale.ROOT);
        boolean says = SAYS_HTTPS_PORT.matcher(body).matches();
        String protocol = confirm(a, connected);
        if (protocol != null) return tlsOnly(a, asStatus, connected, protocol);
        if (!says) return null;
        TlsFailures.Classified k = TlsFailures.classify(TlsFailures.Context.HTTPS_PORT_400, facts(a, asStatus, connected, null));
        return k.finish(Diagnosis.builder(k.cause(), k.message()))
                .evidence(asStatus.evidence()).evidence("plainResult", asStatus.cause().name()).build();
    }

    /** The negotiated protocol when the address completes a TLS handshake within min(what is left, {@link #CONFIRM_MS}); else null. */
    private static String confirm(Attempt a, InetSocketAddress connected) {
        long left = Math.min(a.remainingMs(), CONFIRM_MS);
        if (a.remainingNanos() < 5_000_000L || Thread.currentThread().isInterrupted()) return null;
        return TlsSniff.handshake(connected.getAddress(), connected.getPort(), Uris.host(a.target.uri()), left);
    }

    private static Diagnosis tlsOnly(Attempt a, Diagnosis d, InetSocketAddress connected, String protocol) {
        TlsFailures.Classified k = TlsFailures.classify(TlsFailures.Context.TLS_ONLY_PORT, facts(a, d, connected, protocol));
        return k.finish(Diagnosis.builder(k.cause(), k.message()))
                .evidence(d.evidence()).evidence("plainResult", d.cause().name()).evidence("tlsProtocol", protocol).build();
    }

    private static TlsFailures.Facts facts(Attempt a, Diagnosis d, InetSocketAddress connected, String protocol) {
        return new TlsFailures.Facts(null, Resolver.format(connected.getAddress(), connected.getPort()),
                Uris.host(a.target.uri()), null, null, Uris.asHttps(a.target.uri()), d.key(), protocol);
    }

    /** What a TLS-only port does to a plain request, short of answering it. */
    static boolean suspicious(Diagnosis d) {
        return switch (d.cause()) {
            case CONNECTION_RESET, EMPTY_RESPONSE, PREMATURE_CLOSE -> true;
            default -> false;
        };
    }
}
