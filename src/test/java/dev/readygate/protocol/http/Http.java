package dev.readygate.protocol.http;

import dev.readygate.registry.Registry;

import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.protocol.http.HttpSpec.Header;
import dev.readygate.protocol.http.HttpSpec.HeaderExpect;
import dev.readygate.protocol.http.HttpSpec.JsonPointerExpect;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.model.Origin;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.model.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: builds targets with expectations and runs the probe. */
final class Http {
    private String method = "GET";
    private String body;
    private final List<Header> headers = new ArrayList<>();
    private StatusSet status = StatusSet.SUCCESS;
    private String contains;
    private Pattern regex;
    private JsonPointerExpect json;
    private final List<HeaderExpect> expectHeaders = new ArrayList<>();
    private int maxRedirects = HttpSpec.DEFAULT_MAX_REDIRECTS;
    private TlsOptions tls = TlsOptions.DEFAULT;
    private HttpSpec.Budgets budgets = HttpSpec.Budgets.DEFAULT;

    static Http expect() {
        return new Http();
    }

    Http method(String m) { method = m; return this; }
    Http body(String b) { body = b; return this; }
    Http header(String text) { headers.add(Header.parse(text)); return this; }
    Http status(String s) { status = StatusSet.parse(s); return this; }
    Http contains(String s) { contains = s; return this; }
    Http regex(String s) { regex = Pattern.compile(s); return this; }
    Http json(String s) { json = JsonPointerExpect.parse(s); return this; }
    Http expectHeader(String s) { expectHeaders.add(HeaderExpect.parse(s)); return this; }
    Http maxRedirects(int n) { maxRedirects = n; return this; }
    Http tls(TlsOptions t) { tls = t; return this; }
    Http budgets(HttpSpec.Budgets b) { budgets = b; return this; }

    HttpSpec build() {
        return new HttpSpec(method, body, headers, status, contains, regex, json, expectHeaders, maxRedirects, tls, budgets);
    }

    Target target(String uri) {
        return Registry.protocols().parse(uri, Origin.COMMAND_LINE).withSpec(build());
    }

    ProbeResult probe(String uri) {
        return probe(uri, Duration.ofSeconds(3));
    }

    ProbeResult probe(String uri, Duration budget) {
        return new HttpProbe().probe(target(uri), budget);
    }

    /** Every text of a result (messages, hints, evidence) as one string, to check for leaked secrets. */
    static String allText(ProbeResult r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.evidence()));
        if (r.diagnosis() != null)
            sb.append(' ').append(r.diagnosis().message()).append(' ').append(r.diagnosis().hint()).append(' ').append(r.diagnosis().evidence());
        return sb.toString();
    }

    static void assertReady(ProbeResult r) {
        assertTrue(r.ready(), () -> "expected ready, got " + (r.diagnosis() == null ? "?" : r.diagnosis().key() + ": " + r.diagnosis().message()
                + " " + r.diagnosis().evidence()));
    }

    static void assertNotReady(ProbeResult r) {
        assertFalse(r.ready(), () -> "expected not ready, got ready " + r.evidence());
    }
}
