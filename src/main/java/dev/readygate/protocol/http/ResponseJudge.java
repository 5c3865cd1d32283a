package dev.readygate.protocol.http;

import dev.readygate.base.Defaults;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Redact;
import dev.readygate.protocol.ProbeResult;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classify phase of a complete response: what a proxy in front would reject, then the
 * expected status, headers and body.
 */
final class ResponseJudge {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([A-Za-z0-9._:-]+)");

    private final Attempt attempt;
    private final HttpSpec spec;

    ResponseJudge(Attempt attempt) {
        this.attempt = attempt;
        this.spec = attempt.spec;
    }

    boolean accepts(int status) {
        return spec.status() == null ? status >= 200 && status <= 299 : spec.status().contains(status);
    }

    /**
     * @param waitNanos how long the first response byte took after the request was sent
     * @param connected the address the response came from (to confirm a TLS port with a handshake)
     */
    ProbeResult judge(Response r, URI uri, long waitNanos, InetSocketAddress connected) {
        // a TLS port's 400 to plain HTTP fails whatever statuses are accepted: a proxy relays it to every client
        Diagnosis d = r.head().status() == 400 ? PlainOnTlsCheck.of400(attempt, r, httpStatus(r, uri, ""), connected) : null;
        if (d == null) d = overBudget(r.head(), uri, waitNanos);
        if (d == null && !accepts(r.head().status())) d = httpStatus(r, uri, "");
        if (d == null) d = headerMismatch(r.head(), uri);
        if (d == null) d = bodyMismatch(r, uri);
        return d == null ? ProbeResult.ready(attempt.finalEvidence()) : ProbeResult.notReady(d);
    }

    /** What a proxy in front would reject even though the response itself is fine. */
    private Diagnosis overBudget(HeadReader.Head head, URI uri, long waitNanos) {
        HttpSpec.Budgets b = spec.budgets();
        if (b.maxHeaderBytes() > 0 && head.headerBytes() > b.maxHeaderBytes()) return headersTooLarge(head, uri, b.maxHeaderBytes());
        if (b.maxLatency() != null && waitNanos > b.maxLatency().toNanos()) {
            return attempt.diagnosis(Cause.SLOW, Redact.uri(uri) + " took " + waitNanos / 1_000_000 + " ms to start answering, longer than the "
                            + b.maxLatency().toMillis() + " ms budget: a proxy with that read timeout (nginx proxy_read_timeout) would answer 504")
                    .hint("find out why the upstream is slow (its logs, a cold start, a slow dependency), or raise the proxy's read timeout knowingly")
                    .evidence("maxLatencyMs", b.maxLatency().toMillis()).build();
        }
        return null;
    }

    private Diagnosis headersTooLarge(HeadReader.Head head, URI uri, int max) {
        String[] largest = null;
        int largestSize = 0;
        for (String[] h : head.headers()) {
            int size = h[0].length() + 2 + h[1].length() + 2;
            if (size > largestSize) {
                largestSize = size;
                largest = h;
            }
        }
        Diagnosis.Builder d = attempt.diagnosis(Cause.HEADERS_TOO_LARGE, "the response headers from " + Redact.uri(uri) + " are "
                        + head.headerBytes() + " bytes, more than the " + max + " a proxy buffer holds: nginx would fail with"
                        + " 'upstream sent too big header' and answer 502")
                .hint("raise proxy_buffer_size (and proxy_buffers) in the proxy, or make the upstream send smaller headers"
                        + (largest == null ? "" : " (the largest is " + largest[0] + ", " + largestSize + " bytes)"))
                .evidence("maxHeaderBytes", max);
        if (largest != null) d.evidence("largestHeader", largest[0]).evidence("largestHeaderBytes", largestSize);
        return d.build();
    }

    /** The first --expect-header that is missing or does not match (null when all hold). */
    private Diagnosis headerMismatch(HeadReader.Head head, URI uri) {
        for (HttpSpec.HeaderExpect he : spec.expectHeaders()) {
            List<String> values = head.values(he.name());
            if (values.isEmpty())
                return attempt.diagnosis(Cause.HEADER_MISMATCH, "response from " + Redact.uri(uri) + " has no header " + he.name()
                        + " (expected " + he.name() + " matching /" + he.valueRegex().pattern() + "/)").variant(he.name()).build();
            boolean ok = false;
            for (String v : values) ok |= he.valueRegex().matcher(v).find();
            if (!ok)
                return attempt.diagnosis(Cause.HEADER_MISMATCH, "response header "
                        + Text.excerpt(Redact.header(he.name(), values.get(0)), 160) + " from " + Redact.uri(uri)
                        + " does not match /" + he.valueRegex().pattern() + "/").variant(he.name()).build();
        }
        return null;
    }

    /** The first body expectation that does not hold (null when all hold, or there are none). */
    private Diagnosis bodyMismatch(Response r, URI uri) {
        boolean needBody = spec.bodyContains() != null || spec.bodyRegex() != null || spec.jsonPointer() != null;
        if (!needBody) return null;
        String text = new String(r.body(), charset(r.head()));
        if (spec.bodyContains() != null && !text.contains(spec.bodyContains()))
            return bodyDiagnosis("does not contain '" + Text.excerpt(spec.bodyContains(), 80) + "'", text, uri, r);
        if (spec.bodyRegex() != null && !regexFinds(text))
            return bodyDiagnosis("does not match /" + Text.excerpt(spec.bodyRegex().pattern(), 80) + "/", text, uri, r);
        if (spec.jsonPointer() != null) {
            String problem = JsonCheck.check(r.body(), spec.jsonPointer());
            if (problem != null) return bodyDiagnosis(problem, text, uri, r);
        }
        return null;
    }

    /** Whether --body-regex finds a match, giving up (false) once the attempt's deadline is well past. */
    private boolean regexFinds(String text) {
        try {
            return spec.bodyRegex().matcher(new DeadlineChars(text, attempt.deadline + 50_000_000L)).find();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private Diagnosis bodyDiagnosis(String what, String text, URI uri, Response r) {
        return attempt.diagnosis(Cause.BODY_MISMATCH, "the body from " + Redact.uri(uri) + " " + what + (r.truncated() ? " (first "
                        + Defaults.MAX_BODY_READ_BYTES + " bytes checked)" : "") + "; body: '" + Text.excerpt(text, 120) + "'")
                .evidence("bodyExcerpt", Text.excerpt(text, Defaults.BODY_EXCERPT_CHARS)).build();
    }

    /** HTTP_STATUS for a status that is not accepted (suffix: what else to say, e.g. about a redirect not followed). */
    Diagnosis httpStatus(Response r, URI uri, String suffix) {
        int st = r.head().status();
        boolean permanent = st >= 400 && st < 500 && st != 408 && st != 425 && st != 429;
        String reason = Text.excerpt(r.head().reason(), 80);
        String text = new String(r.body(), charset(r.head()));
        String msg = "HTTP " + st + (reason.isEmpty() ? "" : " " + reason) + " from " + Redact.uri(uri) + suffix;
        String loc = r.head().first("Location");
        Diagnosis.Builder b = attempt.diagnosis(Cause.HTTP_STATUS, msg).variant(Integer.toString(st)).hint(statusHint(st)).permanent(permanent)
                .evidence("statusClass", (st / 100) + "xx").evidence("reason", reason)
                .evidence("bodyExcerpt", Text.excerpt(text, Defaults.BODY_EXCERPT_CHARS));
        if (loc != null && st >= 300 && st < 400) b.evidence("location", Text.excerpt(loc, Defaults.BODY_EXCERPT_CHARS));
        return b.build();
    }

    private static String statusHint(int st) {
        if (st >= 500) return "the application is up but failing or still starting: see its logs and the body excerpt";
        if (st == 408 || st == 425 || st == 429) return "the application is busy or rate-limiting the check: keep waiting, or probe less often";
        if (st >= 400) return "the application answered but rejects the check: check the path, the method and the credentials";
        if (st >= 300) return "the health path redirects: point the check at the final URL, or accept the status";
        return "the status is not in the accepted set: accept it, or fix the expected status";
    }

    /** The charset of the Content-Type, UTF-8 when none or unknown. */
    static Charset charset(HeadReader.Head head) {
        String ct = head.first("Content-Type");
        if (ct != null) {
            Matcher m = CHARSET.matcher(ct);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (RuntimeException ignored) {
                    // unknown charset: UTF-8
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
