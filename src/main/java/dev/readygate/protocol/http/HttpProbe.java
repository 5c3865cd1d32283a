package dev.readygate.protocol.http;

import dev.readygate.base.Defaults;
import dev.readygate.diagnosis.Cause;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over plain sockets (and TLS layered on them), so the diagnosis can use wire facts
 * java.net.http hides: reset vs clean close vs zero bytes, exact header size, per-address
 * dialing with our own Host and SNI, and per-phase timings. One fresh connection per hop
 * ({@link Exchange}), {@code Connection: close}, everything under the one attempt budget.
 */
public final class HttpProbe implements Probe {
    /** A budget longer than this is treated as this (keeps deadline arithmetic far from overflow). */
    private static final long MAX_BUDGET_NANOS = TimeUnit.DAYS.toNanos(1);

    private final TlsSetup tls = new TlsSetup();

    public HttpProbe() {
    }

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        long start = System.nanoTime();
        Attempt a = new Attempt(target, start, start + budget(timeout));
        try {
            Followed f = follow(a);
            ProbeResult r = PlainOnTlsCheck.check(a, f.result(), f.connected());
            return a.warnings().isEmpty() ? r : r.withWarnings(a.warnings());
        } catch (RuntimeException e) {
            return ProbeResult.notReady(a.diagnosis(Cause.PROTOCOL_ERROR,
                    "could not probe " + target.display() + ": " + e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 120)).build());
        }
    }

    private static long budget(Duration timeout) {
        long budget;
        try {
            budget = timeout == null ? Defaults.ATTEMPT_TIMEOUT.toNanos() : timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            budget = MAX_BUDGET_NANOS;
        }
        return Math.max(1_000_000L, Math.min(budget, MAX_BUDGET_NANOS));
    }

    /** The result of the hops, and the address the last hop that connected used (null when none did). */
    private record Followed(ProbeResult result, InetSocketAddress connected) {
    }

    /** Hop after hop while the answer is a redirect to follow; each hop is a fresh exchange with its own state. */
    private Followed follow(Attempt a) {
        ResponseJudge judge = new ResponseJudge(a);
        URI uri = a.origin;
        String method = a.spec.method() == null ? "GET" : a.spec.method().toUpperCase(Locale.ROOT);
        String body = a.spec.requestBody();
        int max = Math.max(0, a.spec.maxRedirects());
        List<String> redirects = new ArrayList<>();
        InetSocketAddress connected = null;
        for (int hop = 0; ; hop++) {
            Exchange.Outcome o = Exchange.run(a, tls, uri, method, body);
            if (o.connected() != null) connected = o.connected();
            if (o.failure() != null) return new Followed(ProbeResult.notReady(o.failure()), connected);
            Response r = o.response();
            int st = r.head().status();
            String loc = r.head().first("Location");
            if (!isRedirect(st) || judge.accepts(st) || loc == null || loc.isBlank())
                return new Followed(judge.judge(r, uri, o.waitNanos(), o.connected()), connected);
            URI next = Uris.resolveLocation(uri, loc.trim());
            if (next == null)
                return new Followed(ProbeResult.notReady(judge.httpStatus(r, uri, " (redirect to an unusable Location '" + Text.excerpt(loc, 100) + "' not followed)")), connected);
            if (hop >= max)
                return new Followed(ProbeResult.notReady(judge.httpStatus(r, uri, ": more than " + max + " redirects")), connected);
            redirects.add(Redact.uri(next));
            a.note("redirects", List.copyOf(redirects));
            if (st == 303 && !"HEAD".equals(method)) {
                method = "GET";
                body = null;
            }
            uri = next;
        }
    }

    private static boolean isRedirect(int st) {
        return st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
    }
}
