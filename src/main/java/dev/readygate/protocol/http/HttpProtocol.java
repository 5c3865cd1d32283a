package dev.readygate.protocol.http;

import dev.readygate.net.tls.TlsOptions;
import dev.readygate.net.tls.TlsContexts;

import dev.readygate.base.Defaults;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Parsers;
import dev.readygate.base.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** http:// and https://: ready when the response matches what the target's settings expect (default: status 2xx). */
public final class HttpProtocol implements Protocol {
    public static final Key<StatusSet> STATUS = Key.scalar("status", StatusSet::parse).label("SET")
            .defaultValue(StatusSet.SUCCESS, Defaults.STATUS_TEXT)
            .help("accepted HTTP statuses, ranges and codes: 200-299,401 or 2xx").build();
    public static final Key<String> BODY_CONTAINS = Key.scalar("body-contains", Parsers::text).label("TEXT")
            .help("the body must contain TEXT").build();
    public static final Key<Pattern> BODY_REGEX = Key.scalar("body-regex", Parsers::regex).label("REGEX")
            .help("the body must match REGEX (Java syntax, anywhere)").build();
    public static final Key<HttpSpec.JsonPointerExpect> JSON_POINTER = Key.scalar("json-pointer", HttpSpec.JsonPointerExpect::parse)
            .label("POINTER=VALUE").help("the JSON body must hold VALUE at POINTER (RFC 6901), e.g. /status=UP").build();
    public static final Key<List<HttpSpec.HeaderExpect>> EXPECT_HEADERS = Key.list("expect-headers", HttpSpec.HeaderExpect::parse)
            .option("expect-header").label("'NAME: REGEX'").defaultValue(List.of(), null)
            .help("a response header that must be present and match (repeatable)").build();
    public static final Key<String> METHOD = Key.scalar("method", HttpProtocol::method).label("METHOD")
            .defaultValue("GET", null).help("GET, HEAD or POST (default: GET)").build();
    public static final Key<String> BODY = Key.scalar("body", Parsers::text).label("TEXT")
            .help("request body, with --method POST").build();
    public static final Key<List<HttpSpec.Header>> HEADERS = Key.list("headers", HttpSpec.Header::parse).option("header").alias("-H")
            .label("'NAME: VALUE'").defaultValue(List.of(), null)
            .help("request header (repeatable); Authorization and Cookie values are never printed").build();
    public static final Key<Integer> MAX_REDIRECTS = Key.scalar("max-redirects", v -> Parsers.integer(v, 0, 20)).label("N")
            .defaultValue(HttpSpec.DEFAULT_MAX_REDIRECTS, Defaults.MAX_REDIRECTS_TEXT)
            .help("redirects followed before the final response is judged").build();
    public static final Key<Integer> MAX_HEADER_BYTES = Key.scalar("max-header-bytes", Parsers::size).label("SIZE")
            .defaultValue(0, null)
            .help("response headers larger than this are HEADERS_TOO_LARGE, as behind nginx's proxy_buffer_size (e.g. 4k; default: no limit)")
            .build();
    public static final Key<Duration> MAX_LATENCY = Key.scalar("max-latency", Parsers::positive).label("DURATION")
            .help("a response slower than this is SLOW, as behind nginx's proxy_read_timeout (default: no limit)").build();
    public static final Key<Duration> CERT_MIN_VALIDITY = Key.scalar("cert-min-validity", Durations::parse).label("DURATION")
            .defaultValue(Defaults.CERT_MIN_VALIDITY, Defaults.CERT_MIN_VALIDITY_TEXT)
            .help("warn when the certificate expires sooner than this").build();
    public static final Key<Boolean> INSECURE = TlsSettings.INSECURE;
    public static final Key<Path> CA_CERT = TlsSettings.CA_CERT;
    public static final Key<Path> CLIENT_CERT = TlsSettings.CLIENT_CERT;
    public static final Key<Path> CLIENT_KEY = TlsSettings.CLIENT_KEY;

    private static final List<Key<?>> SETTINGS = List.of(STATUS, JSON_POINTER, BODY_CONTAINS, BODY_REGEX, EXPECT_HEADERS, METHOD, BODY,
            HEADERS, MAX_REDIRECTS, INSECURE, CA_CERT, CLIENT_CERT, CLIENT_KEY, MAX_HEADER_BYTES, MAX_LATENCY, CERT_MIN_VALIDITY);

    private final Probe probe = new HttpProbe();

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<String> schemes() {
        return List.of("http", "https");
    }

    @Override
    public int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    @Override
    public List<String[]> forms() {
        return List.of(new String[] {"http://HOST[:PORT]/PATH", "ready when the response matches (default: status 2xx)"},
                new String[] {"https://HOST[:PORT]/PATH", "the same over TLS; certificates are verified"});
    }

    @Override
    public List<Key<?>> settings() {
        return SETTINGS;
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View s) {
        String method = s.get(METHOD);
        String body = s.get(BODY);
        if (body != null && !"POST".equals(method)) throw s.bad(BODY, "is sent with POST only; add --method POST");
        TlsOptions tls = TlsSettings.options(s);
        String contains = s.get(BODY_CONTAINS);
        Pattern regex = s.get(BODY_REGEX);
        HttpSpec.JsonPointerExpect pointer = s.get(JSON_POINTER);
        if ("HEAD".equals(method) && (contains != null || regex != null || pointer != null))
            throw s.bad(METHOD, "HEAD has no body, so body checks cannot pass; use GET");
        return new HttpSpec(method, body, s.get(HEADERS), s.get(STATUS), contains, regex, pointer, s.get(EXPECT_HEADERS),
                s.get(MAX_REDIRECTS), tls,
                new HttpSpec.Budgets(s.get(MAX_HEADER_BYTES), s.get(MAX_LATENCY), s.get(CERT_MIN_VALIDITY)));
    }

    @Override
    public void preflight(Target target) {
        HttpSpec spec = target.spec(HttpSpec.class, null);
        if (spec == null || !"https".equals(target.scheme())) return;
        TlsOptions tls = spec.tls();
        if (tls.caCert() == null && tls.clientCert() == null) return;
        TlsContexts.build(tls);
    }

    @Override
    public Probe probe() {
        return probe;
    }

    static String method(String v) {
        String m = v.trim().toUpperCase(Locale.ROOT);
        if (m.equals("GET") || m.equals("HEAD") || m.equals("POST")) return m;
        throw new IllegalArgumentException("'" + v + "' is not a supported method; use GET, HEAD or POST");
    }
}
