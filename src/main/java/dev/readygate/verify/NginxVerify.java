package dev.readygate.verify;

import dev.readygate.net.tls.TlsOptions;

import dev.readygate.base.HostPort;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.gate.Gate;
import dev.readygate.gate.GateResult;
import dev.readygate.net.DnsClient;
import dev.readygate.net.LocalExplain;
import dev.readygate.protocol.Protocol;
import dev.readygate.net.Resolver;
import dev.readygate.plan.Plan;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.Protocols;
import dev.readygate.source.nginx.Budgets;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.OwnListeners;
import dev.readygate.source.nginx.UpstreamRules;
import dev.readygate.source.nginx.Upstreams;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.model.IpFamily;
import dev.readygate.model.Origin;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.model.Target;
import dev.readygate.wait.Clock;
import dev.readygate.base.Defaults;
import dev.readygate.wait.WaitListener;
import dev.readygate.wait.WaitOutcome;
import dev.readygate.wait.WaitPolicy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Probes every upstream an nginx config passes requests to, with the budgets nginx enforces at
 * that pass, and says per upstream whether nginx would get a response or answer 502/504. Uses
 * the gate (so retries, backoff and the deadline are those of {@code wait}); never parses files.
 */
public final class NginxVerify {
    /** What nginx would do with a request routed to one upstream address. */
    public enum Result {
        OK("ok"), BAD_GATEWAY("502"), GATEWAY_TIMEOUT("504"),
        /**
         * nginx gets a response and relays it, but it is an error: a 5xx from the application (or a
         * status outside --accept-status), or a TLS port's 400 to the plain HTTP nginx sent.
         */
        RELAYED("relayed"),
        /**
         * nginx gets bytes that are not an HTTP response and relays them as an HTTP/0.9 response
         * (no status line; it logs "upstream sent no valid HTTP/1.0 header"): clients see a broken
         * response, not a 502. Seen with the real nginx for plain HTTP sent to a TLS port.
         */
        INVALID("invalid"),
        SKIPPED("skipped"),
        /** No attempt finished before the deadline: not known, and not passed. */
        UNKNOWN("unknown");

        private final String code;

        Result(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * One thing to probe: a pass and (for upstream blocks) one server line of it.
     *
     * @param target   the target probed (null when there is nothing to probe: skipped, or DNS failed)
     * @param early    a diagnosis found before probing (the resolver did not give an address), or null
     * @param note     how the probe differs from what nginx sends, e.g. the path, or the resolver used; may be null
     * @param skipped  why this pass is not verified, or null
     */
    public record Check(NginxFacts.Pass pass, NginxFacts.UpstreamServer server, String host, int port, String path, Target target,
                        Diagnosis early, String note, String skipped) {
        /** The nginx line that names the address dialled: the upstream's server line, else the pass. */
        public Origin addressOrigin() {
            return server != null ? server.origin() : pass.origin();
        }
    }

    /** A checked row: the check and what was found (diagnosis null when fine). */
    public record Row(Check check, Result result, Diagnosis diagnosis, WaitOutcome outcome) {
    }

    /** The whole verification. */
    public record Report(List<Row> rows, GateResult gate) {
        public boolean anyFailure() {
            return rows.stream().anyMatch(r -> r.result() != Result.OK && r.result() != Result.SKIPPED);
        }
    }

    /** The statuses that pass by default: any answer but a 5xx (a 404 is the app's answer, not a failure). */
    public static final String ACCEPTED_STATUS = dev.readygate.source.nginx.UpstreamRules.ANSWER_STATUS;

    /** How long a refused connection is retried before it is final (the kernel answered: nginx gets the same answer now). */
    public static final String REFUSED_RETRY_TEXT = "1s";
    public static final Duration REFUSED_RETRY = dev.readygate.base.Durations.parse(REFUSED_RETRY_TEXT);

    /** Causes after which nginx gives up waiting (504) rather than failing the exchange (502). */
    private static final Set<Cause> TIMEOUTS = Set.of(Cause.SLOW, Cause.READ_TIMEOUT, Cause.CONNECT_TIMEOUT, Cause.DNS_TIMEOUT);

    private NginxVerify() {
    }

    /** What nginx answers when probing found {@code cause}. */
    public static Result resultFor(Cause cause) {
        if (cause == Cause.PLAIN_ON_TLS_PORT) return Result.INVALID;
        if (cause == Cause.HTTP_STATUS) return Result.RELAYED;
        return TIMEOUTS.contains(cause) ? Result.GATEWAY_TIMEOUT : Result.BAD_GATEWAY;
    }

    /** What nginx answers for this diagnosis: a TLS port that answered the plain request with a status is relayed, not invalid. */
    public static Result resultFor(Diagnosis d) {
        if (d.cause() == Cause.PLAIN_ON_TLS_PORT && d.evidence().get("status") instanceof Number) return Result.RELAYED;
        // a plain HTTP server never answers nginx's ClientHello: nginx gives up after proxy_connect_timeout
        if (d.cause() == Cause.TLS_ON_PLAIN_PORT && d.evidence().containsKey("plainAnswer")) return Result.GATEWAY_TIMEOUT;
        return resultFor(d.cause());
    }

    /** The listeners that are nginx's own (see {@link OwnListeners}). */
    public static LocalExplain.Exclusions exclusions(NginxFacts facts) {
        return OwnListeners.of(facts);
    }

    /**
     * The checks for every address of the config ({@link Upstreams}: skipped addresses are listed with the reason);
     * resolves names through a {@code resolver} where nginx would.
     */
    public static List<Check> checks(NginxFacts facts, Duration dnsTimeout) {
        return checks(facts, dnsTimeout, null);
    }

    /**
     * As {@link #checks(NginxFacts, Duration)}, with {@code alsoAccepted} (may be null) widening
     * the statuses that pass ({@link #ACCEPTED_STATUS}).
     */
    public static List<Check> checks(NginxFacts facts, Duration dnsTimeout, StatusSet alsoAccepted) {
        StatusSet accepted = StatusSet.parse(ACCEPTED_STATUS + (alsoAccepted == null ? "" : "," + alsoAccepted));
        List<Check> out = new ArrayList<>();
        for (Upstreams.Address a : Upstreams.of(facts)) {
            NginxFacts.Pass p = a.pass();
            if (!a.dialable()) {
                out.add(new Check(p, a.server(), a.host(), a.port(), null, null, null, null, a.why()));
                continue;
            }
            String[] path = path(p, a.scheme());
            String host = a.host();
            int port = a.port();
            boolean runtime = a.server() == null && !p.argument().equals(p.resolved()) && !p.resolvers().isEmpty() && !Resolver.isLiteral(host);
            if (!runtime) {
                out.add(check(a, host, path, null, accepted, null));
                continue;
            }
            // nginx resolves a pass built from variables at run time, through its resolver
            Budgets.Setting r = p.resolvers().get(0);
            InetSocketAddress server = null;
            boolean ipv6 = true;
            for (String word : r.value().trim().split("\\s+")) {
                if (word.equals("ipv6=off")) ipv6 = false;
                else if (!word.contains("=") && server == null) {
                    server = DnsClient.parseServer(word);
                    // nginx resolves a resolver given by name once, at start-up, as the system does
                    if (server == null) server = byName(word, dnsTimeout);
                }
            }
            if (server == null) {
                out.add(check(a, host, path, null, accepted,
                        "the resolver at " + r.origin() + " names no address that resolves; '" + host + "' resolved as the system does"));
                continue;
            }
            String via = Resolver.format(server.getAddress(), server.getPort());
            DnsClient.Answer ans = new DnsClient(server).lookup(host, dnsTimeout, ipv6);
            if (!ans.ok()) {
                Cause c = ans.kind() == DnsClient.Answer.Kind.TIMEOUT ? Cause.DNS_TIMEOUT : Cause.DNS_NOT_FOUND;
                Diagnosis d = Diagnosis.builder(c, "the resolver " + via + " (" + r.origin() + ") gave no address for '" + host + "': " + ans.error())
                        .hint("nginx resolves '" + host + "' at run time through the resolver at " + r.origin()
                                + ": add the record to that DNS server, or point the resolver at one that has it")
                        .evidence("host", host).evidence("resolver", via).build();
                out.add(new Check(p, null, host, port, path[0], null, d, "resolved through " + via, null));
                continue;
            }
            for (InetAddress addr : ans.addresses())
                out.add(check(a, Resolver.text(addr), path, host, accepted, "'" + host + "' resolved through the resolver "
                        + via + " (" + r.origin() + ") to " + Resolver.text(addr)));
        }
        return out;
    }

    private static InetSocketAddress byName(String word, Duration timeout) {
        HostPort server;
        try {
            server = HostPort.parse(word).withDefaultPort(53);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Resolver.Resolution r = Resolver.resolve(server.host(), timeout);
        return r.ok() && !r.addresses().isEmpty() ? new InetSocketAddress(r.addresses().get(0), server.port()) : null;
    }

    /** [path to probe, note or null]. */
    private static String[] path(NginxFacts.Pass p, String scheme) {
        if (!"http".equals(scheme) && !"https".equals(scheme)) return new String[] {null, null};
        String rest = p.resolved().substring(p.resolved().indexOf("://") + 3);
        int slash = rest.indexOf('/');
        if (slash < 0)
            return new String[] {"/", "proxy_pass has no URI part, so nginx passes the client's request URI: probing /"};
        return new String[] {rest.substring(slash), null};
    }

    /** The check of one dialable address; {@code host} is the address's, or one the resolver gave for it. */
    private static Check check(Upstreams.Address a, String host, String[] path, String hostHeader, StatusSet accepted, String note) {
        String scheme = a.scheme();
        int port = a.port();
        String uri = scheme + "://" + HostPort.format(host, port) + (path[0] == null ? "" : path[0]);
        Target t;
        try {
            t = Target.of(uri, a.origin());
        } catch (IllegalArgumentException e) {
            return new Check(a.pass(), a.server(), host, port, path[0], null, null, null, "cannot probe " + uri + ": " + e.getMessage());
        }
        // nginx tries every address of a name, so every address must answer
        t = t.withIpFamily(IpFamily.ALL);
        String caNote = null;
        if (a.isHttp()) {
            UpstreamRules rules = a.rules();
            caNote = rules.caNote();
            List<HttpSpec.Header> headers = hostHeader == null ? List.of()
                    : List.of(new HttpSpec.Header("Host", hostHeader + (port == ("https".equals(scheme) ? 443 : 80) ? "" : ":" + port)));
            // a status means nginx got a response, which it relays: a 5xx is the app failing; nginx does not follow redirects
            t = t.withSpec(new HttpSpec("GET", null, headers, accepted, null, null, null, List.of(), 0,
                    new TlsOptions(!rules.verifyCertificate(), rules.caCert(), null, null),
                    new HttpSpec.Budgets((int) Math.min(Integer.MAX_VALUE, rules.maxHeaderBytes()), rules.maxLatency(), Duration.ZERO)));
        }
        String n = join(join(note, path[1]), caNote);
        return new Check(a.pass(), a.server(), host, port, path[0], t, null, n, null);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** Probes every check under one deadline and classifies what was found. */
    public static Report run(List<Check> checks, Duration timeout, Protocols protocols, Clock clock, WaitListener listener) {
        return run(checks, timeout, protocols, clock, listener, LocalExplain.Exclusions.NONE);
    }

    /**
     * Probes every check under one deadline, {@code own} never offered as the listener a refused
     * upstream should have used ({@link #exclusions}), and classifies what was found.
     */
    public static Report run(List<Check> checks, Duration timeout, Protocols protocols, Clock clock, WaitListener listener,
                             LocalExplain.Exclusions own) {
        List<PlannedTarget> planned = new ArrayList<>();
        for (Check c : checks) {
            if (c.target() == null) continue;
            Protocol p = new RefusalGrace(protocols.forScheme(c.target().scheme()).orElseThrow(), REFUSED_RETRY);
            planned.add(new PlannedTarget(c.target(), policy(c), p));
        }
        GateResult g;
        try (LocalExplain.Scope x = LocalExplain.excluding(own)) {
            g = new Gate(clock, listener).run(new Plan(planned, timeout));
        }
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            if (c.skipped() != null) {
                rows.add(new Row(c, Result.SKIPPED, null, null));
            } else if (c.early() != null) {
                rows.add(new Row(c, resultFor(c.early().cause()), c.early(), null));
            } else {
                WaitOutcome o = g.outcomes().get(next++);
                if (o.ready()) rows.add(new Row(c, Result.OK, null, o));
                else if (o.last() == null) rows.add(new Row(c, Result.UNKNOWN, null, o));
                else {
                    Diagnosis d = o.last();
                    // an attempt the deadline cut short ends in READ_TIMEOUT; a full one that measured the lateness says more
                    if (d.cause() == Cause.READ_TIMEOUT)
                        for (dev.readygate.wait.History.Entry e : o.history()) if (e.last().cause() == Cause.SLOW) d = e.last();
                    Budgets b = c.pass().budgets();
                    Budgets.Setting waits = d.cause() == Cause.READ_TIMEOUT ? b.readTimeoutSetting()
                            : d.cause() == Cause.CONNECT_TIMEOUT ? b.setting("connect_timeout") : null;
                    Duration nginxWaits = waits == null ? null : d.cause() == Cause.READ_TIMEOUT ? b.readTimeout() : b.connectTimeout();
                    if (waits != null && timeout != null && timeout.compareTo(nginxWaits) <= 0) {
                        // we stopped waiting before nginx would: no 504 is proven
                        rows.add(new Row(c, Result.UNKNOWN, d.withHint("no answer within --timeout " + dev.readygate.base.Durations.format(timeout)
                                + ", but nginx waits " + waits.directive() + " " + waits.value() + (waits.isDefault() ? " (the default)" : " (" + waits.origin() + ")")
                                + ": run verify with a longer --timeout to know whether nginx would answer 504"), o));
                    } else {
                        rows.add(new Row(c, resultFor(d), withNginxHint(c, d), o));
                    }
                }
            }
        }
        return new Report(rows, g);
    }

    /** The attempt may last as long as nginx would wait for the answer (plus a margin to see it arrive late: SLOW). */
    private static WaitPolicy policy(Check c) {
        Duration attempt = Defaults.ATTEMPT_TIMEOUT;
        Budgets b = c.pass().budgets();
        Duration nginx = b.connectTimeout().plus(b.readTimeout()).plusSeconds(1);
        if (c.target().isHttp() && nginx.compareTo(attempt) > 0) attempt = nginx;
        // fail fast: a permanent cause (and a refusal past REFUSED_RETRY, see RefusalGrace) is final at once
        return new WaitPolicy(attempt, Defaults.INTERVAL, Defaults.MAX_INTERVAL, 1, Duration.ZERO, true);
    }

    /** A 5xx (or a status outside --accept-status) from the app: nginx relays it, so it is the app failing, not the gateway. */
    private static Diagnosis relayed(Check c, Diagnosis d, String where) {
        String st = d.variant();
        boolean server = st.startsWith("5");
        String msg = "nginx relays HTTP " + st + " from the app: " + (server ? "an application failure, not a gateway problem"
                : "a status outside the accepted set") + " (" + d.message() + ")";
        Object body = d.evidence().get("bodyExcerpt");
        String hint = (server ? "see the app's logs" : "check the path nginx requests") + (body == null || body.toString().isEmpty() ? ""
                : " and the body excerpt ('" + body + "')") + "; requests routed by " + where + " get this " + st
                + "; if it is what this path answers by design, pass --accept-status " + st;
        return new Diagnosis(d.cause(), d.variant(), msg, hint, d.permanent(), d.evidence());
    }

    /** A hint naming the nginx line to look at (and, for the causes nginx turns into 502/504, what nginx does). */
    private static Diagnosis withNginxHint(Check c, Diagnosis d) {
        Budgets b = c.pass().budgets();
        String where = c.server() != null ? "the server line at " + c.server().origin() + " (used by " + c.pass().directive() + " at " + c.pass().origin() + ")"
                : c.pass().directive() + " at " + c.pass().origin();
        if (d.cause() == Cause.HTTP_STATUS) return relayed(c, d, where);
        String extra = switch (d.cause()) {
            case CONNECTION_REFUSED -> d.message().contains("is listening")
                    ? "nginx answers 502 (connect() failed, Connection refused): does " + where + " point at the wrong port, or is the app not running?"
                    : "nginx answers 502 (connect() failed, Connection refused): the app is not running (nothing listens on "
                    + HostPort.format(c.host(), c.port()) + ", the address of " + where + "): start it, or fix the port";
            case TLS_ON_PLAIN_PORT -> d.evidence().containsKey("plainAnswer")
                    ? "nginx answers 504 after " + b.setting("connect_timeout").directive() + " (" + b.setting("connect_timeout").value()
                    + (b.setting("connect_timeout").isDefault() ? ", the default" : " at " + b.setting("connect_timeout").origin())
                    + "; it logs 'upstream timed out while SSL handshaking'): the upstream speaks plain HTTP and waits for a request: write http:// in "
                    + where + ", or enable TLS on the upstream"
                    : "nginx answers 502 (SSL handshake failed): the upstream speaks plain HTTP: write http:// in " + where
                    + ", or enable TLS on the upstream";
            case PLAIN_ON_TLS_PORT -> d.evidence().get("status") instanceof Number st
                    ? "the upstream speaks TLS: write https:// in " + where + " (nginx sends plain HTTP, and relays the upstream's "
                    + st + " to every client)"
                    : "the upstream speaks TLS only: write https:// in " + where + " (nginx sends plain HTTP and relays"
                    + " whatever the TLS port answers, e.g. a TLS alert, as a response without a status line; it logs"
                    + " 'upstream sent no valid HTTP/1.0 header')";
            case HEADERS_TOO_LARGE -> "nginx answers 502 (upstream sent too big header): raise " + b.setting("buffer_size").directive()
                    + " (" + b.setting("buffer_size").value() + (b.setting("buffer_size").isDefault() ? ", the default" : " at " + b.setting("buffer_size").origin())
                    + ") or send smaller headers";
            case SLOW, READ_TIMEOUT -> "nginx answers 504 after " + b.readTimeoutSetting().directive() + " (" + b.readTimeoutSetting().value()
                    + (b.readTimeoutSetting().isDefault() ? ", the default" : " at " + b.readTimeoutSetting().origin())
                    + "): make the upstream faster or raise the timeout";
            default -> null;
        };
        // the nginx-specific hint replaces the probe's generic one; other causes keep it and name the line
        return d.withHint(extra != null ? extra : d.hint() + " - nginx would fail requests routed by " + where);
    }
}
