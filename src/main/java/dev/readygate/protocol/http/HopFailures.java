package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.diagnosis.Phase;
import dev.readygate.net.TlsSniff;
import dev.readygate.net.tls.TlsOptions;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;

/**
 * The classify phase of a hop that failed once connected: a finding about what the server sent
 * ({@link Failure}), a socket error or timeout, or a response we could not parse. TLS matters go
 * to the {@link TlsFailures} table; the rest is told apart by phase and bytes received.
 */
final class HopFailures {
    private final Attempt attempt;
    private final TlsSetup tls;
    private final Hop hop;

    HopFailures(Attempt attempt, TlsSetup tls, Hop hop) {
        this.attempt = attempt;
        this.tls = tls;
        this.hop = hop;
    }

    Diagnosis of(Failure f) {
        noteWire();
        TlsFailures.Context c = TlsFailures.context(f, hop.step(), hop.received(), false, tls.askedForClientCert(hop.ssl()));
        if (c != null) return tlsFailure(c, f);
        return attempt.diagnosis(f.cause, hop.address() + " " + f.getMessage()).build();
    }

    Diagnosis of(IOException e) {
        noteWire();
        boolean timedOut = e instanceof SocketTimeoutException || hop.watchdogFired();
        TlsFailures.Context c = TlsFailures.context(e, hop.step(), hop.received(), timedOut, tls.askedForClientCert(hop.ssl()));
        if (c != null) return tlsFailure(c, e);
        return timedOut ? timeout() : ioFailure(e);
    }

    Diagnosis of(RuntimeException e) {
        noteWire();
        return attempt.diagnosis(Cause.PROTOCOL_ERROR, hop.address() + " sent a response we could not interpret ("
                + e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 100) + ")").build();
    }

    /** What the reads got before they stopped. */
    private void noteWire() {
        Wire wire = hop.wire();
        if (wire != null) {
            if (wire.hasFirstByte()) attempt.note("firstByteMs", (wire.firstByteNanos() - attempt.start) / 1_000_000);
            attempt.note("bytesReceived", wire.received());
        }
        HeadReader heads = hop.heads();
        if (heads != null && !attempt.noted("headerBytes")) attempt.note("headerBytes", heads.headerBytesSoFar());
    }

    private Diagnosis tlsFailure(TlsFailures.Context c, Exception e) {
        X509Certificate leaf = tls.leaf(hop.ssl());
        if (c == TlsFailures.Context.HANDSHAKE && leaf != null) attempt.note("certificate", Certificates.facts(leaf));
        TlsOptions o = attempt.spec.tls();
        String clientCert = o != null && o.clientCert() != null ? o.clientCert().toString() : null;
        TlsFailures.Facts facts = new TlsFailures.Facts(e, hop.address(), hop.host, leaf, clientCert, Uris.asHttps(hop.uri), null, null);
        TlsFailures.Classified k = TlsFailures.classify(c, facts);
        Diagnosis.Builder d = k.finish(attempt.diagnosis(k.cause(), k.message()));
        if (c == TlsFailures.Context.HANDSHAKE) d.evidence("error", facts.detail());
        return d.build();
    }

    private Diagnosis timeout() {
        long rx = hop.received();
        long budget = attempt.budgetMs();
        String msg;
        if (hop.step() == Step.TLS) {
            Diagnosis plain = plainAnswers();
            if (plain != null) return plain;
        }
        if (hop.step() == Step.TLS)
            msg = "the TLS handshake with " + hop.address() + " did not complete within " + budget + " ms (is it a plain TCP/HTTP port that waits for a request?)";
        else if (rx == 0)
            msg = hop.address() + " accepted the connection but sent no response within " + budget + " ms (a TCP check alone would call it ready)";
        else
            msg = hop.address() + " sent only " + rx + " bytes within " + budget + " ms without completing the response "
                    + (hop.step() == Step.BODY ? "body" : "headers");
        return attempt.diagnosis(Cause.READ_TIMEOUT, msg).evidence("bytesReceived", rx).build();
    }

    /**
     * After a handshake that got no answer: one plain HTTP request to the same address, with what
     * is left of the budget (the handshake leaves {@link TlsPhase#PLAIN_CHECK_MS} at most). A plain
     * HTTP server waits for a complete request and never answers a ClientHello, so an answer here
     * means TLS_ON_PLAIN_PORT; null when nothing answers.
     */
    private Diagnosis plainAnswers() {
        long left = Math.min(TlsPhase.PLAIN_CHECK_MS, attempt.remainingNanos() / 1_000_000);
        if (left < 5 || hop.received() > 0 || Thread.currentThread().isInterrupted()) return null;
        java.net.InetSocketAddress at = hop.connected();
        String line = TlsSniff.plainStatusLine(at.getAddress(), at.getPort(), hop.host, left);
        if (line == null) return null;
        TlsFailures.Facts facts = new TlsFailures.Facts(null, hop.address(), hop.host, null, null, Uris.asHttps(hop.uri), Text.excerpt(line, 80), null);
        TlsFailures.Classified k = TlsFailures.classify(TlsFailures.Context.PLAIN_ANSWERS_SILENT_HANDSHAKE, facts);
        return k.finish(attempt.diagnosis(k.cause(), k.message())).evidence("plainAnswer", Text.excerpt(line, 80)).build();
    }

    /** A reset, a close, or another socket error, told apart by the bytes received before it. */
    private Diagnosis ioFailure(IOException e) {
        long hopMs = attempt.ms(hop.startNanos);
        long rx = hop.received();
        String address = hop.address();
        Cause c = Classifier.cause(e, Phase.EXCHANGE);
        String detail = e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 100);
        if (c == Cause.CONNECTION_RESET && rx > 0)
            return attempt.diagnosis(Cause.PREMATURE_CLOSE, address + " reset the connection after " + rx + " bytes, before a complete response")
                    .evidence("error", detail).build();
        if (c == Cause.CONNECTION_RESET)
            return attempt.diagnosis(Cause.CONNECTION_RESET, "connection reset by " + address + " before any response byte"
                    + (hop.step() == Step.SEND ? " (while sending the request)" : "")).evidence("error", detail).build();
        if (c == Cause.PREMATURE_CLOSE)
            return attempt.diagnosis(c, address + " closed the connection after " + rx + " bytes, before a complete response")
                    .evidence("error", detail).build();
        return attempt.diagnosis(c, address + ": " + detail + " after " + hopMs + " ms").evidence("error", detail).build();
    }
}
