package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.Resolver;
import dev.readygate.net.TlsSniff;
import dev.readygate.protocol.ProbeResult;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * After the hops of a plain http:// attempt: a reset, a silent close, or nginx's "plain HTTP
 * request was sent to HTTPS port" 400 may mean the port speaks TLS only. A handshake on a fresh
 * connection to the same address decides; then it is the TLS_ONLY_PORT row of {@link TlsFailures}.
 */
final class PlainOnTlsCheck {
    private PlainOnTlsCheck() {
    }

    /**
     * @param connected the address the last connected hop used (null when none connected)
     */
    static ProbeResult check(Attempt a, ProbeResult r, InetSocketAddress connected) {
        if (r.ready() || !"http".equals(a.target.scheme())) return r;
        Diagnosis d = r.diagnosis();
        if (!suspicious(d) || connected == null) return r;
        long left = a.remainingMs();
        if (left < 5) return r;
        String protocol = TlsSniff.handshake(connected.getAddress(), connected.getPort(), Uris.host(a.target.uri()), left);
        if (protocol == null) return r;
        TlsFailures.Facts facts = new TlsFailures.Facts(null, Resolver.format(connected.getAddress(), connected.getPort()),
                Uris.host(a.target.uri()), null, null, Uris.asHttps(a.target.uri()), d.key(), protocol);
        TlsFailures.Classified k = TlsFailures.classify(TlsFailures.Context.TLS_ONLY_PORT, facts);
        return ProbeResult.notReady(k.finish(Diagnosis.builder(k.cause(), k.message()))
                .evidence(d.evidence()).evidence("plainResult", d.cause().name()).evidence("tlsProtocol", protocol).build(), r.warnings());
    }

    /** What a TLS-only port does to a plain request. */
    static boolean suspicious(Diagnosis d) {
        return switch (d.cause()) {
            case CONNECTION_RESET, EMPTY_RESPONSE, PREMATURE_CLOSE -> true;
            case HTTP_STATUS -> "400".equals(d.variant()) && String.valueOf(d.evidence().get("bodyExcerpt")).toLowerCase(Locale.ROOT)
                    .matches("(?s).*(https port|http request to an https server|speaking plain http to an ssl).*");
            default -> false;
        };
    }
}
