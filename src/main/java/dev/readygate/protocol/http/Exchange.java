package dev.readygate.protocol.http;

import dev.readygate.base.Defaults;
import dev.readygate.diagnosis.Diagnosis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * One hop: a fresh connection taken through the phases dial ({@link DialPhase}), TLS
 * ({@link TlsPhase}), send ({@link RequestWriter}), read head ({@link HeadReader}) and read body
 * ({@link BodyReader}), all under the attempt's deadline. What stops it is classified by
 * {@link HopFailures}; the hop's own state lives in its {@link Hop}.
 */
final class Exchange {
    /**
     * Either a response or a diagnosis.
     *
     * @param connected the address the hop connected to (null when the dial failed)
     * @param waitNanos from the request to the first response byte (with a response)
     */
    record Outcome(Response response, Diagnosis failure, InetSocketAddress connected, long waitNanos) {
    }

    private final Attempt attempt;
    private final TlsSetup tls;
    private final Hop hop;

    private Exchange(Attempt attempt, TlsSetup tls, Hop hop) {
        this.attempt = attempt;
        this.tls = tls;
        this.hop = hop;
    }

    static Outcome run(Attempt attempt, TlsSetup tls, URI uri, String method, String body) {
        long started = System.nanoTime();
        attempt.startHop();
        DialPhase.Result dialed = DialPhase.connect(attempt, Uris.host(uri), Uris.port(uri));
        if (dialed.failure() != null) return new Outcome(null, dialed.failure(), null, 0);
        Hop hop = new Hop(uri, started, dialed.connected(), attempt.remainingNanos());
        try {
            return new Exchange(attempt, tls, hop).phases(method, body);
        } finally {
            hop.close(tls);
        }
    }

    private Outcome phases(String method, String body) {
        HopFailures failures = new HopFailures(attempt, tls, hop);
        try {
            if (hop.https) {
                Diagnosis setup = TlsPhase.handshake(attempt, tls, hop);
                if (setup != null) return failed(setup);
            }
            send(method, body);
            HeadReader.Head head = readHead();
            BodyReader.Body b = readBody(head, "HEAD".equals(method));
            return new Outcome(new Response(head, b.bytes(), b.truncated()), null, hop.connected(), hop.waitNanos());
        } catch (Failure f) {
            return failed(failures.of(f));
        } catch (IOException e) {
            return failed(failures.of(e));
        } catch (RuntimeException e) {
            return failed(failures.of(e));
        }
    }

    private Outcome failed(Diagnosis d) {
        return new Outcome(null, d, hop.connected(), 0);
    }

    private void send(String method, String body) throws IOException {
        hop.step(Step.SEND);
        RequestWriter.send(hop.socket(), RequestWriter.request(attempt.spec, attempt.origin, hop.uri, method, body));
        hop.sent();
    }

    private HeadReader.Head readHead() throws IOException, Failure {
        hop.step(Step.HEAD);
        Wire wire = new Wire(hop.socket(), attempt.deadline);
        HeadReader heads = new HeadReader(wire, !hop.https, Defaults.MAX_HEADER_READ_BYTES);
        hop.reading(wire, heads);
        HeadReader.Head head = heads.read();
        attempt.note("firstByteMs", (wire.firstByteNanos() - attempt.start) / 1_000_000);
        attempt.note("waitMs", hop.waitNanos() / 1_000_000);
        attempt.note("status", head.status());
        attempt.note("headerBytes", head.headerBytes());
        return head;
    }

    private BodyReader.Body readBody(HeadReader.Head head, boolean headRequest) throws IOException, Failure {
        hop.step(Step.BODY);
        BodyReader.Body b = new BodyReader(hop.wire(), Defaults.MAX_HEADER_READ_BYTES, Defaults.MAX_BODY_READ_BYTES).read(head, headRequest);
        attempt.note("bodyBytes", b.bytes().length);
        if (b.truncated()) attempt.note("bodyTruncated", true);
        attempt.note("totalMs", attempt.ms(attempt.start));
        return b;
    }
}
