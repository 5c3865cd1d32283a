package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Phase;
import dev.readygate.net.Dialer;
import dev.readygate.net.Dialing;
import dev.readygate.net.Resolver;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.protocol.http.HttpSpec.TlsOptions;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;
import dev.readygate.base.Defaults;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;

/**
 * HTTP/1.1 over plain sockets (and TLS layered on them), so the diagnosis can use wire facts
 * java.net.http hides: reset vs clean close vs zero bytes, exact header size, per-address
 * dialing with our own Host and SNI, and per-phase timings. One fresh connection per hop,
 * {@code Connection: close}, everything under the one attempt budget.
 */
public final class HttpProbe implements Probe {
    static final String USER_AGENT = "readygate/0.1";
    /** How long after the deadline the watchdog closes a socket stuck in a handshake or write. */
    private static final long WATCHDOG_GRACE_MS = 20;
    /** A budget longer than this is treated as this (keeps deadline arithmetic far from overflow). */
    private static final long MAX_BUDGET_NANOS = TimeUnit.DAYS.toNanos(1);
    /** Evidence that describes one hop; cleared when a redirect starts the next one. */
    private static final List<String> HOP_EVIDENCE = List.of("address", "family", "addresses", "connectMs", "tlsMs", "tlsProtocol",
            "cipher", "certificate", "firstByteMs", "status", "headerBytes", "bodyBytes", "bodyTruncated", "bytesReceived");

    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "readygate-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.setRemoveOnCancelPolicy(true);
    }

    private final Map<TlsOptions, SSLContext> contexts = new ConcurrentHashMap<>();
    private final Map<Socket, X509Certificate[]> captured = new ConcurrentHashMap<>();
    private final java.util.Set<Socket> askedForClientCert = ConcurrentHashMap.newKeySet();
    private final TlsContexts.Capture capture = new TlsContexts.Capture() {
        @Override
        public void chain(Socket socket, X509Certificate[] chain) {
            captured.put(socket, chain);
        }

        @Override
        public void clientCertificateRequested(Socket socket) {
            askedForClientCert.add(socket);
        }
    };

    public HttpProbe() {
    }

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        long start = System.nanoTime();
        long budget;
        try {
            budget = timeout == null ? Defaults.ATTEMPT_TIMEOUT.toNanos() : timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            budget = MAX_BUDGET_NANOS;
        }
        budget = Math.max(1_000_000L, Math.min(budget, MAX_BUDGET_NANOS));
        Attempt a = new Attempt(target, start, start + budget);
        try {
            ProbeResult r = a.plainOnTlsPort(a.run());
            return a.warnings.isEmpty() ? r : r.withWarnings(a.warnings);
        } catch (RuntimeException e) {
            return ProbeResult.notReady(a.diagnosis(Cause.PROTOCOL_ERROR,
                    "could not probe " + target.display() + ": " + e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 120)).build());
        }
    }

    private SSLContext context(TlsOptions options) {
        TlsOptions o = options == null ? TlsOptions.DEFAULT : options;
        return contexts.computeIfAbsent(o, k -> TlsContexts.build(k, capture));
    }

    /** The response of one hop. */
    private record Response(HeadReader.Head head, byte[] body, boolean truncated) {
    }

    /** Either a response or a diagnosis. */
    private record Outcome(Response response, Diagnosis failure) {
    }

    private enum Step { TLS, SEND, HEAD, BODY }

    /** One call of probe(): possibly several hops (redirects), one evidence map. */
    private final class Attempt {
        private final Target target;
        private final HttpSpec expect;
        private final long start;
        private final long deadline;
        private final Map<String, Object> ev = new LinkedHashMap<>();
        /** Problems that do not block readiness (an address family that fails, a certificate close to expiry). */
        final List<Diagnosis> warnings = new ArrayList<>();
        /** When the last request was sent, and how long its first response byte took (what proxy_read_timeout limits). */
        private long sentNanos;
        /** The address the last hop connected to, for the TLS check of a plain request that failed. */
        private InetAddress lastAddress;
        private int lastPort;
        private long waitNanos;
        private final List<String> redirects = new ArrayList<>();
        private final URI origin;

        Attempt(Target target, long start, long deadline) {
            this.target = target;
            this.expect = target.spec(HttpSpec.class, HttpSpec.DEFAULT);
            this.start = start;
            this.deadline = deadline;
            this.origin = target.uri();
        }

        private long ms(long fromNanos) {
            return Math.max(0, (System.nanoTime() - fromNanos) / 1_000_000);
        }

        private long remainingNanos() {
            return deadline - System.nanoTime();
        }

        private long remainingMs() {
            return Math.max(1, (remainingNanos() + 999_999) / 1_000_000);
        }

        long budgetMs() {
            return (deadline - start) / 1_000_000;
        }

        Diagnosis.Builder diagnosis(Cause cause, String message) {
            ev.put("totalMs", ms(start));
            return Diagnosis.builder(cause, message).evidence(ev);
        }

        ProbeResult run() {
            URI uri = target.uri();
            String method = expect.method() == null ? "GET" : expect.method().toUpperCase(Locale.ROOT);
            String body = expect.requestBody();
            int max = Math.max(0, expect.maxRedirects());
            for (int hop = 0; ; hop++) {
                Outcome o = exchange(uri, method, body);
                if (o.failure() != null) return ProbeResult.notReady(o.failure());
                Response r = o.response();
                int st = r.head().status();
                if (isRedirect(st) && !accepts(st)) {
                    String loc = r.head().first("Location");
                    if (loc != null && !loc.isBlank()) {
                        URI next = resolveLocation(uri, loc.trim());
                        if (next == null)
                            return ProbeResult.notReady(httpStatus(r, uri, " (redirect to an unusable Location '" + Text.excerpt(loc, 100) + "' not followed)"));
                        if (hop >= max)
                            return ProbeResult.notReady(httpStatus(r, uri, ": more than " + max + " redirects"));
                        redirects.add(Redact.uri(next));
                        ev.put("redirects", List.copyOf(redirects));
                        if (st == 303 && !"HEAD".equals(method)) {
                            method = "GET";
                            body = null;
                        }
                        uri = next;
                        continue;
                    }
                }
                return judge(r, uri);
            }
        }

        private boolean accepts(int st) {
            return expect.status() == null ? st >= 200 && st <= 299 : expect.status().contains(st);
        }

        private boolean isRedirect(int st) {
            return st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
        }

        private URI resolveLocation(URI base, String loc) {
            try {
                URI b = base.getRawPath() == null || base.getRawPath().isEmpty()
                        ? new URI(base.getScheme(), base.getRawAuthority(), "/", base.getRawQuery(), null) : base;
                URI next = b.resolve(new URI(loc));
                String s = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                if (!s.equals("http") && !s.equals("https")) return null;
                if (next.getHost() == null || next.getHost().isEmpty()) return null;
                if (next.getPort() == 0 || next.getPort() > 65535) return null;
                return next;
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }

        private boolean sameOrigin(URI u) {
            return scheme(u).equals(scheme(origin)) && host(u).equalsIgnoreCase(host(origin)) && port(u) == port(origin);
        }

        private String scheme(URI u) {
            return u.getScheme().toLowerCase(Locale.ROOT);
        }

        private String host(URI u) {
            String h = u.getHost();
            if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
            return h;
        }

        private int port(URI u) {
            return u.getPort() != -1 ? u.getPort() : "https".equals(scheme(u)) ? 443 : 80;
        }

        // ---------------------------------------------------------------- one hop

        private Outcome exchange(URI uri, String method, String body) {
            long hopStart = System.nanoTime();
            HOP_EVIDENCE.forEach(ev::remove);
            String host = host(uri);
            int port = port(uri);
            boolean https = "https".equals(scheme(uri));

            Dialing.Result dialed = Dialing.dial(host, port, target.ipFamily(), deadline);
            if (!dialed.addresses().isEmpty()) ev.put("addresses", dialed.addresses());
            if (dialed.warning() != null) warnings.add(dialed.warning());
            if (!dialed.ok()) {
                ev.put("totalMs", ms(start));
                return new Outcome(null, withEvidence(dialed.failure()));
            }
            Dialer.Dial dial = dialed.connected();
            lastAddress = dial.address();
            lastPort = port;
            String address = dial.addressText();
            ev.put("address", address);
            ev.put("family", Resolver.family(dial.address()));
            ev.put("connectMs", dial.connectNanos() / 1_000_000);

            Socket raw = dial.socket();
            Socket sock = raw;
            AtomicBoolean fired = new AtomicBoolean();
            ScheduledFuture<?> dog = WATCHDOG.schedule(() -> {
                fired.set(true);
                Dialer.closeQuietly(raw);
            }, Math.max(0, remainingNanos() / 1_000_000) + WATCHDOG_GRACE_MS, TimeUnit.MILLISECONDS);
            Step step = Step.TLS;
            Wire wire = null;
            HeadReader reader = null;
            SSLSocket ssl = null;
            SSLSession session = null;
            try {
                if (https) {
                    SSLContext ctx;
                    try {
                        ctx = context(expect.tls());
                    } catch (IllegalArgumentException e) {
                        return new Outcome(null, diagnosis(Cause.TLS_HANDSHAKE, "TLS setup failed: " + e.getMessage())
                                .hint("fix the TLS options (--ca-cert, --client-cert, --client-key)").permanent(true).build());
                    }
                    ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
                    sock = ssl;
                    SSLParameters p = ssl.getSSLParameters();
                    boolean insecure = expect.tls() != null && expect.tls().insecure();
                    p.setEndpointIdentificationAlgorithm(insecure ? null : "HTTPS");
                    List<SNIServerName> sni = new ArrayList<>();
                    if (!Resolver.isLiteral(host)) {
                        try {
                            sni.add(new SNIHostName(host));
                        } catch (IllegalArgumentException ignored) {
                            // not a valid SNI name (e.g. an underscore): send none
                        }
                    }
                    p.setServerNames(sni);
                    ssl.setSSLParameters(p);
                    ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs()));
                    long t0 = System.nanoTime();
                    ssl.startHandshake();
                    ev.put("tlsMs", ms(t0));
                    session = ssl.getSession();
                    ev.put("tlsProtocol", session.getProtocol());
                    ev.put("cipher", session.getCipherSuite());
                    try {
                        Certificate[] peer = session.getPeerCertificates();
                        if (peer.length > 0 && peer[0] instanceof X509Certificate x) {
                            ev.put("certificate", certFacts(x));
                            expiringSoon(x, host);
                        }
                    } catch (IOException ignored) {
                        // no peer certificate
                    }
                }
                step = Step.SEND;
                sendRequest(sock, uri, method, body);
                sentNanos = System.nanoTime();
                step = Step.HEAD;
                wire = new Wire(sock, deadline);
                reader = new HeadReader(wire, !https, Defaults.MAX_HEADER_READ_BYTES);
                HeadReader.Head head = reader.read();
                ev.put("firstByteMs", (wire.firstByteNanos() - start) / 1_000_000);
                waitNanos = wire.firstByteNanos() - sentNanos;
                ev.put("waitMs", waitNanos / 1_000_000);
                ev.put("status", head.status());
                ev.put("headerBytes", head.headerBytes());
                step = Step.BODY;
                BodyReader.Body b = new BodyReader(wire, Defaults.MAX_HEADER_READ_BYTES, Defaults.MAX_BODY_READ_BYTES).read(head, "HEAD".equals(method));
                ev.put("bodyBytes", b.bytes().length);
                if (b.truncated()) ev.put("bodyTruncated", true);
                ev.put("totalMs", ms(start));
                return new Outcome(new Response(head, b.bytes(), b.truncated()), null);
            } catch (Failure f) {
                noteWire(wire, reader);
                if (f.cause == Cause.EMPTY_RESPONSE && ssl != null && askedForClientCert.contains(ssl))
                    return new Outcome(null, clientCertRejected(address));
                Diagnosis.Builder d = diagnosis(f.cause, address + " " + f.getMessage());
                if (f.cause == Cause.PLAIN_ON_TLS_PORT) d.hint("the port speaks TLS only: use https://" + Redact.uri(uri).replaceFirst("^[a-zA-Z]+://", ""));
                return new Outcome(null, d.build());
            } catch (IOException e) {
                noteWire(wire, reader);
                boolean timedOut = e instanceof SocketTimeoutException || fired.get();
                if (!timedOut && ssl != null && askedForClientCert.contains(ssl) && (wire == null || wire.received() == 0))
                    return new Outcome(null, clientCertRejected(address));
                boolean tlsError = step == Step.TLS || (e instanceof javax.net.ssl.SSLException && (wire == null || wire.received() == 0));
                if (tlsError && !(e instanceof SocketTimeoutException) && !fired.get())
                    return new Outcome(null, tlsFailure(e, address, host, ssl));
                return new Outcome(null, ioFailure(e, step, address, wire, fired.get(), ms(hopStart)));
            } catch (RuntimeException e) {
                noteWire(wire, reader);
                return new Outcome(null, diagnosis(Cause.PROTOCOL_ERROR, address + " sent a response we could not interpret ("
                        + e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 100) + ")").build());
            } finally {
                dog.cancel(false);
                if (session != null) session.invalidate(); // no resumption: every attempt verifies the certificate again
                if (ssl != null) {
                    captured.remove(ssl);
                    askedForClientCert.remove(ssl);
                }
                Dialer.closeQuietly(sock);
                Dialer.closeQuietly(raw);
            }
        }

        private void noteWire(Wire wire, HeadReader reader) {
            if (wire != null) {
                if (wire.hasFirstByte()) ev.put("firstByteMs", (wire.firstByteNanos() - start) / 1_000_000);
                ev.put("bytesReceived", wire.received());
            }
            if (reader != null && !ev.containsKey("headerBytes")) ev.put("headerBytes", reader.headerBytesSoFar());
        }

        private Diagnosis withEvidence(Diagnosis d) {
            Map<String, Object> all = new LinkedHashMap<>(d.evidence());
            ev.forEach(all::putIfAbsent);
            return new Diagnosis(d.cause(), d.variant(), d.message(), d.hint(), d.permanent(), all);
        }

        private Diagnosis ioFailure(IOException e, Step step, String address, Wire wire, boolean fired, long hopMs) {
            long rx = wire == null ? 0 : wire.received();
            boolean timeout = fired || e instanceof SocketTimeoutException;
            if (timeout) {
                String msg;
                if (step == Step.TLS)
                    msg = "the TLS handshake with " + address + " did not complete within " + budgetMs() + " ms (is it a plain TCP/HTTP port that waits for a request?)";
                else if (rx == 0)
                    msg = address + " accepted the connection but sent no response within " + budgetMs() + " ms (a TCP check alone would call it ready)";
                else
                    msg = address + " sent only " + rx + " bytes within " + budgetMs() + " ms without completing the response "
                            + (step == Step.BODY ? "body" : "headers");
                return diagnosis(Cause.READ_TIMEOUT, msg).evidence("bytesReceived", rx).build();
            }
            Cause c = Classifier.cause(e, Phase.EXCHANGE);
            String detail = e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 100);
            if (c == Cause.CONNECTION_RESET && rx > 0)
                return diagnosis(Cause.PREMATURE_CLOSE, address + " reset the connection after " + rx + " bytes, before a complete response")
                        .evidence("error", detail).build();
            if (c == Cause.CONNECTION_RESET)
                return diagnosis(Cause.CONNECTION_RESET, "connection reset by " + address + " before any response byte"
                        + (step == Step.SEND ? " (while sending the request)" : "")).evidence("error", detail).build();
            if (c == Cause.PREMATURE_CLOSE)
                return diagnosis(c, address + " closed the connection after " + rx + " bytes, before a complete response").evidence("error", detail).build();
            return diagnosis(c, address + ": " + detail + " after " + hopMs + " ms").evidence("error", detail).build();
        }

        /** The server asked for a client certificate, then dropped the connection without a response. */
        private Diagnosis clientCertRejected(String address) {
            boolean configured = expect.tls() != null && expect.tls().clientCert() != null;
            String msg = configured
                    ? address + " asked for a client certificate and then closed the connection: it did not accept " + expect.tls().clientCert()
                    : address + " requires a client certificate and none is configured";
            return diagnosis(Cause.TLS_HANDSHAKE, msg).permanent(true)
                    .hint(configured ? "check that the server trusts the issuer of --client-cert" : "pass --client-cert and --client-key").build();
        }

        private Diagnosis tlsFailure(IOException e, String address, String host, SSLSocket ssl) {
            X509Certificate[] chain = ssl == null ? null : captured.get(ssl);
            X509Certificate leaf = chain != null && chain.length > 0 ? chain[0] : null;
            if (leaf != null) ev.put("certificate", certFacts(leaf));
            StringBuilder all = new StringBuilder();
            boolean expired = false;
            boolean notYet = false;
            boolean untrusted = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(' ').append(t.getMessage());
                if (t instanceof CertificateExpiredException) expired = true;
                if (t instanceof CertificateNotYetValidException) notYet = true;
                String n = t.getClass().getName();
                if (n.contains("CertPathBuilderException") || n.contains("CertPathValidatorException")) untrusted = true;
                if (t.getCause() == t) break;
            }
            String msgs = all.toString();
            String lower = msgs.toLowerCase(Locale.ROOT);
            String detail = e.getClass().getSimpleName() + ": " + Text.excerpt(e.getMessage(), 160);
            String cert = leaf == null ? "" : " (subject " + leaf.getSubjectX500Principal().getName() + ", issuer " + leaf.getIssuerX500Principal().getName() + ")";
            Cause cause;
            String message;
            if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("plaintext connection")) {
                cause = Cause.TLS_ON_PLAIN_PORT;
                message = address + " answered the TLS handshake in plain text: the port speaks plain HTTP, not TLS";
            } else if (expired || notYet) {
                cause = Cause.TLS_EXPIRED;
                message = "the certificate of " + address + cert + (leaf == null ? " is expired or not yet valid"
                        : notYet && !expired ? " is not valid before " + leaf.getNotBefore().toInstant() : " expired on " + leaf.getNotAfter().toInstant());
            } else if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
                cause = Cause.TLS_HOSTNAME_MISMATCH;
                message = "the certificate of " + address + " does not name '" + host + "'" + (leaf == null ? "" : "; it names " + sans(leaf));
            } else if (untrusted || lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                    || lower.contains("certpath") || lower.contains("not trusted")) {
                cause = Cause.TLS_UNTRUSTED;
                String exp = "";
                if (leaf != null) {
                    try {
                        leaf.checkValidity();
                    } catch (CertificateExpiredException | CertificateNotYetValidException x) {
                        exp = "; it is also outside its validity (notAfter " + leaf.getNotAfter().toInstant() + ")";
                    }
                }
                message = "the certificate of " + address + cert + " is not trusted" + exp;
            } else if (lower.contains("connection reset")) {
                cause = Cause.CONNECTION_RESET;
                message = "connection reset by " + address + " during the TLS handshake";
            } else {
                cause = Cause.TLS_HANDSHAKE;
                message = "the TLS handshake with " + address + " failed: " + detail;
            }
            return diagnosis(cause, message).evidence("error", detail).build();
        }

        // ---------------------------------------------------------------- request

        private void sendRequest(Socket sock, URI uri, String method, String body) throws IOException {
            boolean same = sameOrigin(uri);
            StringBuilder req = new StringBuilder(256);
            req.append(method).append(' ').append(requestTarget(uri)).append(" HTTP/1.1\r\n");
            List<HttpSpec.Header> user = new ArrayList<>();
            for (HttpSpec.Header h : expect.headers()) {
                String n = h.name().toLowerCase(Locale.ROOT);
                if (n.equals("connection") || n.equals("content-length") || n.equals("transfer-encoding")) continue;
                if (!same && (n.equals("authorization") || n.equals("cookie") || n.equals("host") || n.equals("proxy-authorization"))) continue;
                user.add(h);
            }
            if (!has(user, "Host")) {
                int port = port(uri);
                boolean defaultPort = port == ("https".equals(scheme(uri)) ? 443 : 80);
                String h = host(uri);
                if (h.indexOf(':') >= 0) h = "[" + h + "]";
                req.append("Host: ").append(h).append(defaultPort ? "" : ":" + port).append("\r\n");
            }
            if (!has(user, "User-Agent")) req.append("User-Agent: ").append(USER_AGENT).append("\r\n");
            if (!has(user, "Accept")) req.append("Accept: */*\r\n");
            req.append("Connection: close\r\n");
            for (HttpSpec.Header h : user) req.append(h.name()).append(": ").append(h.value()).append("\r\n");
            if (!has(user, "Authorization")) {
                String userInfo = uri.getRawUserInfo();
                if (userInfo == null && same) userInfo = origin.getRawUserInfo();
                if (userInfo != null && !userInfo.isEmpty()) {
                    int colon = userInfo.indexOf(':');
                    String u = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                    String p = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1));
                    req.append("Authorization: Basic ")
                            .append(Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8))).append("\r\n");
                }
            }
            byte[] payload = null;
            boolean sendsBody = body != null ? !method.equals("GET") && !method.equals("HEAD") : method.equals("POST");
            if (sendsBody) {
                payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                if (!has(user, "Content-Type") && body != null && !body.isEmpty()) {
                    String t = body.stripLeading();
                    req.append("Content-Type: ").append(t.startsWith("{") || t.startsWith("[") ? "application/json" : "text/plain").append("\r\n");
                }
                req.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            req.append("\r\n");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(req.toString().getBytes(StandardCharsets.UTF_8));
            if (payload != null) all.writeBytes(payload);
            OutputStream out = sock.getOutputStream();
            out.write(all.toByteArray());
            out.flush();
        }

        private boolean has(List<HttpSpec.Header> hs, String name) {
            for (HttpSpec.Header h : hs) if (h.name().equalsIgnoreCase(name)) return true;
            return false;
        }

        // ---------------------------------------------------------------- judging

        private ProbeResult judge(Response r, URI uri) {
            HeadReader.Head head = r.head();
            Diagnosis over = overBudget(head, uri);
            if (over != null) return ProbeResult.notReady(over);
            if (!accepts(head.status())) return ProbeResult.notReady(httpStatus(r, uri, ""));
            for (HttpSpec.HeaderExpect he : expect.expectHeaders()) {
                List<String> values = head.values(he.name());
                if (values.isEmpty())
                    return ProbeResult.notReady(diagnosis(Cause.HEADER_MISMATCH, "response from " + Redact.uri(uri) + " has no header " + he.name()
                            + " (expected " + he.name() + " matching /" + he.valueRegex().pattern() + "/)").variant(he.name()).build());
                boolean ok = false;
                for (String v : values) ok |= he.valueRegex().matcher(v).find();
                if (!ok)
                    return ProbeResult.notReady(diagnosis(Cause.HEADER_MISMATCH, "response header "
                            + Text.excerpt(Redact.header(he.name(), values.get(0)), 160) + " from " + Redact.uri(uri)
                            + " does not match /" + he.valueRegex().pattern() + "/").variant(he.name()).build());
            }
            boolean needBody = expect.bodyContains() != null || expect.bodyRegex() != null || expect.jsonPointer() != null;
            if (!needBody) return ProbeResult.ready(finalEvidence());
            String text = new String(r.body(), charset(head));
            if (expect.bodyContains() != null && !text.contains(expect.bodyContains()))
                return ProbeResult.notReady(bodyMismatch("does not contain '" + Text.excerpt(expect.bodyContains(), 80) + "'", text, uri, r));
            if (expect.bodyRegex() != null && !regexFinds(text))
                return ProbeResult.notReady(bodyMismatch("does not match /" + Text.excerpt(expect.bodyRegex().pattern(), 80) + "/", text, uri, r));
            if (expect.jsonPointer() != null) {
                String problem = JsonCheck.check(r.body(), expect.jsonPointer());
                if (problem != null) return ProbeResult.notReady(bodyMismatch(problem, text, uri, r));
            }
            return ProbeResult.ready(finalEvidence());
        }

        /**
         * A plain request that met a reset, a silent close, or nginx's "plain HTTP request was sent to
         * HTTPS port" 400 may have reached a TLS-only port: a handshake on a fresh connection decides.
         */
        ProbeResult plainOnTlsPort(ProbeResult r) {
            if (r.ready() || !"http".equals(target.scheme())) return r;
            Diagnosis d = r.diagnosis();
            boolean suspicious = switch (d.cause()) {
                case CONNECTION_RESET, EMPTY_RESPONSE, PREMATURE_CLOSE -> true;
                case HTTP_STATUS -> "400".equals(d.variant()) && String.valueOf(d.evidence().get("bodyExcerpt")).toLowerCase(Locale.ROOT)
                        .matches("(?s).*(https port|http request to an https server|speaking plain http to an ssl).*");
                default -> false;
            };
            if (!suspicious || lastAddress == null) return r;
            long left = remainingMs();
            if (left < 5) return r;
            String protocol = dev.readygate.net.TlsSniff.handshake(lastAddress, lastPort, host(target.uri()), left);
            if (protocol == null) return r;
            String https = "https://" + Redact.uri(target.uri()).replaceFirst("^[a-zA-Z]+://", "");
            return ProbeResult.notReady(Diagnosis.builder(Cause.PLAIN_ON_TLS_PORT, Resolver.format(lastAddress, lastPort)
                            + " speaks TLS only: a plain HTTP request got " + d.cause() + (d.variant().isEmpty() ? "" : " " + d.variant())
                            + ", and a TLS handshake on the same port succeeds (" + protocol + ")")
                    .hint("use " + https)
                    .evidence(d.evidence()).evidence("plainResult", d.cause().name()).evidence("tlsProtocol", protocol).build(), r.warnings());
        }

        /** What a proxy in front would reject even though the response itself is fine. */
        private Diagnosis overBudget(HeadReader.Head head, URI uri) {
            HttpSpec.Budgets b = expect.budgets();
            if (b.maxHeaderBytes() > 0 && head.headerBytes() > b.maxHeaderBytes()) {
                String[] largest = null;
                int largestSize = 0;
                for (String[] h : head.headers()) {
                    int size = h[0].length() + 2 + h[1].length() + 2;
                    if (size > largestSize) {
                        largestSize = size;
                        largest = h;
                    }
                }
                Diagnosis.Builder d = diagnosis(Cause.HEADERS_TOO_LARGE, "the response headers from " + Redact.uri(uri) + " are "
                        + head.headerBytes() + " bytes, more than the " + b.maxHeaderBytes() + " a proxy buffer holds: nginx would fail with"
                        + " 'upstream sent too big header' and answer 502")
                        .hint("raise proxy_buffer_size (and proxy_buffers) in the proxy, or make the upstream send smaller headers"
                                + (largest == null ? "" : " (the largest is " + largest[0] + ", " + largestSize + " bytes)"))
                        .evidence("maxHeaderBytes", b.maxHeaderBytes());
                if (largest != null) d.evidence("largestHeader", largest[0]).evidence("largestHeaderBytes", largestSize);
                return d.build();
            }
            if (b.maxLatency() != null && waitNanos > b.maxLatency().toNanos()) {
                return diagnosis(Cause.SLOW, Redact.uri(uri) + " took " + waitNanos / 1_000_000 + " ms to start answering, longer than the "
                        + b.maxLatency().toMillis() + " ms budget: a proxy with that read timeout (nginx proxy_read_timeout) would answer 504")
                        .hint("find out why the upstream is slow (its logs, a cold start, a slow dependency), or raise the proxy's read timeout knowingly")
                        .evidence("maxLatencyMs", b.maxLatency().toMillis()).build();
            }
            return null;
        }

        /** A warning when the certificate expires within --cert-min-validity. */
        private void expiringSoon(X509Certificate x, String host) {
            java.time.Instant notAfter = x.getNotAfter().toInstant();
            java.time.Duration left = java.time.Duration.between(java.time.Instant.now(), notAfter);
            java.time.Duration min = expect.budgets().certMinValidity();
            if (min == null || min.isZero() || left.isNegative() || left.compareTo(min) >= 0) return;
            warnings.add(Diagnosis.builder(Cause.TLS_EXPIRED, "the certificate of " + host + " expires in "
                            + dev.readygate.base.Durations.format(left.withNanos(0)) + " (notAfter " + notAfter + "), within the "
                            + dev.readygate.base.Durations.format(min) + " of --cert-min-validity")
                    .variant("expires soon").permanent(false)
                    .hint("renew the certificate before it expires")
                    .evidence("notAfter", notAfter.toString()).evidence("subject", x.getSubjectX500Principal().getName()).build());
        }

        private boolean regexFinds(String text) {
            try {
                return expect.bodyRegex().matcher(new DeadlineChars(text, deadline + 50_000_000L)).find();
            } catch (IllegalStateException e) {
                return false;
            }
        }

        private Map<String, Object> finalEvidence() {
            ev.put("totalMs", ms(start));
            return ev;
        }

        private Diagnosis bodyMismatch(String what, String text, URI uri, Response r) {
            return diagnosis(Cause.BODY_MISMATCH, "the body from " + Redact.uri(uri) + " " + what + (r.truncated() ? " (first "
                    + Defaults.MAX_BODY_READ_BYTES + " bytes checked)" : "") + "; body: '" + Text.excerpt(text, 120) + "'")
                    .evidence("bodyExcerpt", Text.excerpt(text, Defaults.BODY_EXCERPT_CHARS)).build();
        }

        private Diagnosis httpStatus(Response r, URI uri, String suffix) {
            int st = r.head().status();
            String cls = (st / 100) + "xx";
            boolean permanent = st >= 400 && st < 500 && st != 408 && st != 425 && st != 429;
            String hint;
            if (st >= 500) hint = "the application is up but failing or still starting: see its logs and the body excerpt";
            else if (st == 408 || st == 425 || st == 429) hint = "the application is busy or rate-limiting the check: keep waiting, or probe less often";
            else if (st >= 400) hint = "the application answered but rejects the check: check the path, the method and the credentials";
            else if (st >= 300) hint = "the health path redirects: point the check at the final URL, or accept the status";
            else hint = "the status is not in the accepted set: accept it, or fix the expected status";
            String reason = Text.excerpt(r.head().reason(), 80);
            String text = new String(r.body(), charset(r.head()));
            String msg = "HTTP " + st + (reason.isEmpty() ? "" : " " + reason) + " from " + Redact.uri(uri) + suffix;
            String loc = r.head().first("Location");
            Diagnosis.Builder b = diagnosis(Cause.HTTP_STATUS, msg).variant(Integer.toString(st)).hint(hint).permanent(permanent)
                    .evidence("statusClass", cls).evidence("reason", reason)
                    .evidence("bodyExcerpt", Text.excerpt(text, Defaults.BODY_EXCERPT_CHARS));
            if (loc != null && st >= 300 && st < 400) b.evidence("location", Text.excerpt(loc, Defaults.BODY_EXCERPT_CHARS));
            return b.build();
        }
    }

    // -------------------------------------------------------------------- helpers

    static Map<String, Object> certFacts(X509Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.getSubjectX500Principal().getName());
        m.put("sans", sans(c));
        m.put("issuer", c.getIssuerX500Principal().getName());
        m.put("notAfter", c.getNotAfter().toInstant().toString());
        return m;
    }

    static List<String> sans(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            var all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    Object type = san.get(0);
                    Object value = san.get(1);
                    if (Integer.valueOf(2).equals(type)) out.add("DNS:" + value);
                    else if (Integer.valueOf(7).equals(type)) out.add("IP:" + value);
                }
            }
        } catch (Exception ignored) {
            // unparsable extension: no SANs shown
        }
        return out;
    }

    static Charset charset(HeadReader.Head head) {
        String ct = head.first("Content-Type");
        if (ct != null) {
            Matcher m = java.util.regex.Pattern.compile("(?i)charset=\"?([A-Za-z0-9._:-]+)").matcher(ct);
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

    /** The path and query as sent on the request line: "/" when empty, non-ASCII percent-encoded. */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) path = "/";
        String q = uri.getRawQuery();
        String t = q == null ? path : path + "?" + q;
        StringBuilder sb = new StringBuilder(t.length());
        for (byte b : t.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append('%').append(String.format("%02X", c));
        }
        return sb.toString();
    }

    /** RFC 3986 percent-decoding (UTF-8); '+' stays '+'. Invalid escapes are kept as they are. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** A CharSequence that stops a runaway regex at the deadline. */
    private static final class DeadlineChars implements CharSequence {
        private final String s;
        private final long deadline;
        private int calls;

        DeadlineChars(String s, long deadline) {
            this.s = s;
            this.deadline = deadline;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if ((++calls & 0xffff) == 0 && System.nanoTime() > deadline)
                throw new IllegalStateException("body regex took longer than the attempt budget");
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return s.subSequence(from, to);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
