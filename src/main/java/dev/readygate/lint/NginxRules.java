package dev.readygate.lint;

import dev.readygate.source.nginx.Budgets;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.NginxFacts.Pass;
import dev.readygate.source.nginx.NginxFacts.Upstream;
import dev.readygate.source.nginx.NginxFacts.UpstreamServer;
import dev.readygate.source.nginx.NginxValues;
import dev.readygate.source.nginx.Upstreams;
import dev.readygate.model.Origin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The built-in nginx rules (docs/nginx.md lists them with examples). */
public final class NginxRules {
    public static final Duration MAX_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Ports conventionally serving plain HTTP. */
    public static final Set<Integer> PLAIN_PORTS = Set.of(80, 8080, 3000, 5000, 8000);
    /** Ports conventionally serving TLS. */
    public static final Set<Integer> TLS_PORTS = Set.of(443, 8443);

    private NginxRules() {
    }

    private static Rule<NginxFacts> rule(String id, Severity severity, String summary, String fix, BasicRule.Check<NginxFacts> check) {
        return new BasicRule<>(id, severity, summary, fix, check);
    }

    public static List<Rule<NginxFacts>> all() {
        return List.of(readTimeout(), connectTimeout(), buffers(), sslVerifyWithoutCa(), upstreamWithPort(), upstreamLocalhost(),
                httpsNoVerify(), httpsNoSni(), unusedUpstream(), passNotUpstream(), tlsOnPlainPort(), plainOnTlsPort(), unverifiable());
    }

    /** The pass and where it is: for messages reported somewhere else. */
    private static String where(Pass p) {
        return what(p) + " at " + p.origin();
    }

    /** The pass as written: for messages reported at the pass itself. */
    private static String what(Pass p) {
        return p.directive() + " " + p.argument();
    }

    // ---- budgets ----

    static Rule<NginxFacts> readTimeout() {
        return rule("nginx/read-timeout-too-high", Severity.WARNING,
                "A read timeout above 60s: a hung upstream holds each client that long before nginx answers 504.",
                "Lower it to 60s or less, and make slow endpoints asynchronous or give them their own location.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Set<Origin> seen = new HashSet<>();
                    for (Pass p : f.passes()) {
                        if (p.budgets().stream()) continue;
                        Budgets.Setting s = p.budgets().readTimeoutSetting();
                        if (s.isDefault() || p.budgets().readTimeout().compareTo(MAX_READ_TIMEOUT) <= 0 || !seen.add(s.origin())) continue;
                        out.add(r.finding(s.directive() + " " + s.value() + " is above 60s (in effect for " + where(p)
                                + "): a hung upstream holds each client " + NginxValues.formatTime(p.budgets().readTimeout()) + " before a 504", s.origin()));
                    }
                    return out;
                });
    }

    static Rule<NginxFacts> connectTimeout() {
        return rule("nginx/connect-timeout-too-high", Severity.WARNING,
                "A connect timeout above 10s: a down upstream is noticed late, and the next server is tried late.",
                "Use a few seconds (e.g. proxy_connect_timeout 5s); a healthy upstream on a local network accepts in milliseconds.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Set<Origin> seen = new HashSet<>();
                    for (Pass p : f.passes()) {
                        Budgets.Setting s = p.budgets().setting("connect_timeout");
                        if (s.isDefault() || p.budgets().connectTimeout().compareTo(MAX_CONNECT_TIMEOUT) <= 0 || !seen.add(s.origin())) continue;
                        out.add(r.finding(s.directive() + " " + s.value() + " is above 10s (in effect for " + where(p)
                                + "): a down or filtered upstream is noticed only after " + NginxValues.formatTime(p.budgets().connectTimeout()), s.origin()));
                    }
                    return out;
                });
    }

    static Rule<NginxFacts> buffers() {
        return rule("nginx/proxy-buffers-too-small", Severity.ERROR,
                "Buffer sizes nginx -t rejects: the busy buffers (by default twice the larger of X_buffer_size and one X_buffers) must be less than all X_buffers minus one.",
                "Raise X_buffers with X_buffer_size (e.g. proxy_buffer_size 16k; proxy_buffers 8 16k;), or set X_busy_buffers_size explicitly.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (NginxFacts.ScopeBudgets sb : f.scopeBudgets()) {
                        Budgets b = sb.budgets();
                        String m = b.module();
                        long size = Math.max(b.bufferSize(), b.buffersSize());
                        long busy = b.busyBuffersSize();
                        int n = b.buffersNumber();
                        long all = (n - 1L) * b.buffersSize();
                        Budgets.Setting busySet = b.setting("busy_buffers_size"), bufSize = b.setting("buffer_size"), bufs = b.setting("buffers");
                        Origin at = !busySet.isDefault() ? busySet.origin() : !bufSize.isDefault() ? bufSize.origin() : bufs.origin();
                        if (at == null) continue;
                        String nginxSays;
                        String why;
                        String fix;
                        if (n < 2) {
                            nginxSays = "there must be at least 2 \"" + m + "_buffers\"";
                            why = m + "_buffers " + bufs.value();
                            fix = m + "_buffers 8 " + NginxValues.formatSize(b.buffersSize()) + ";";
                        } else if (busy < size) {
                            nginxSays = "\"" + m + "_busy_buffers_size\" must be equal to or greater than the maximum of the value of \"" + m
                                    + "_buffer_size\" and one of the \"" + m + "_buffers\"";
                            why = m + "_busy_buffers_size " + busySet.value() + " < " + NginxValues.formatSize(size);
                            fix = m + "_busy_buffers_size " + NginxValues.formatSize(2 * size) + ";";
                        } else if (busy > all) {
                            nginxSays = "\"" + m + "_busy_buffers_size\" must be less than the size of all \"" + m + "_buffers\" minus one buffer";
                            why = (busySet.isDefault() ? m + "_buffer_size " + NginxValues.formatSize(b.bufferSize()) + " makes the default "
                                    + m + "_busy_buffers_size " + NginxValues.formatSize(busy) : m + "_busy_buffers_size " + busySet.value())
                                    + ", but " + m + "_buffers " + n + " " + NginxValues.formatSize(b.buffersSize()) + " leaves "
                                    + NginxValues.formatSize(all) + " after one buffer";
                            long per = size;
                            int need = (int) (busy / per) + 2;
                            fix = m + "_buffers " + Math.max(need, 8) + " " + NginxValues.formatSize(per) + ";"
                                    + (busySet.isDefault() ? "" : " (or a smaller " + m + "_busy_buffers_size)");
                        } else {
                            continue;
                        }
                        if (!seen.add(at + nginxSays)) continue;
                        out.add(r.finding(r.severity(), "nginx -t fails: " + nginxSays + " (" + why + "; in effect for the " + sb.block() + " at "
                                + sb.origin() + ")", "Write " + fix, at));
                    }
                    return out;
                });
    }

    static Rule<NginxFacts> sslVerifyWithoutCa() {
        return rule("nginx/ssl-verify-without-ca", Severity.ERROR,
                "X_ssl_verify on without X_ssl_trusted_certificate: nginx -t fails.",
                "Add X_ssl_trusted_certificate with the CA bundle that signed the upstream's certificate (e.g. /etc/ssl/certs/ca-certificates.crt).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Set<Origin> seen = new HashSet<>();
                    for (Pass p : f.passes()) {
                        Budgets b = p.budgets();
                        if (!tls(p) || !b.sslVerify() || b.sslTrustedCertificate() != null) continue;
                        Budgets.Setting s = b.setting("ssl_verify");
                        if (!seen.add(s.origin())) continue;
                        String m = b.module();
                        out.add(r.finding("nginx -t fails: no " + m + "_ssl_trusted_certificate for " + m + "_ssl_verify (in effect for " + where(p) + ")",
                                s.origin()));
                    }
                    return out;
                });
    }

    // ---- upstreams ----

    static Rule<NginxFacts> upstreamWithPort() {
        return rule("nginx/upstream-with-port", Severity.ERROR,
                "A pass names an upstream block with a port: nginx -t fails (the port belongs on the upstream's server lines).",
                "Drop the port from the pass (proxy_pass http://app;) and put it on each server line of the upstream.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Pass p : f.passes()) {
                        if (p.host() == null || p.port() < 0) continue;
                        for (Upstream u : f.upstreams()) {
                            if (u.name().equals(p.host()) && u.stream() == p.budgets().stream())
                                out.add(r.finding("nginx -t fails: upstream \"" + u.name() + "\" may not have port " + p.port() + " (" + what(p)
                                        + "; the upstream is at " + u.origin() + ")", p.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<NginxFacts> upstreamLocalhost() {
        return rule("nginx/upstream-localhost", Severity.WARNING,
                "An upstream named localhost: it resolves to 127.0.0.1 and ::1 (nginx uses both, one may refuse), and in a container it is the nginx container itself.",
                "Write the address (127.0.0.1:PORT) or, in compose/Kubernetes, the service name.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Upstream u : f.upstreams())
                        for (UpstreamServer s : u.servers())
                            if ("localhost".equalsIgnoreCase(s.host()))
                                out.add(r.finding("upstream " + u.name() + " has server " + s.address()
                                        + ": localhost is 127.0.0.1 and ::1 (nginx tries both), and inside a container it is nginx itself", s.origin()));
                    for (Pass p : f.passes())
                        if ("localhost".equalsIgnoreCase(p.host()))
                            out.add(r.finding(what(p) + " dials localhost: that is 127.0.0.1 and ::1 (nginx tries both), and inside a container it is nginx itself",
                                    p.origin()));
                    return out;
                });
    }

    static Rule<NginxFacts> unusedUpstream() {
        return rule("nginx/unused-upstream", Severity.WARNING,
                "An upstream block that no *_pass names: dead config, or a pass with a typo.",
                "Remove the upstream, or point the pass at it (proxy_pass http://NAME;).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Set<String> used = new HashSet<>();
                    List<String> passHosts = new ArrayList<>();
                    for (Pass p : f.passes()) {
                        if (p.upstream() != null) used.add(p.upstream().name() + "/" + p.upstream().stream());
                        if (p.host() != null && p.upstream() == null) passHosts.add(p.host());
                    }
                    long dynamic = f.passes().stream().filter(p -> !p.isVerifiable()).count();
                    for (Upstream u : f.upstreams()) {
                        if (used.contains(u.name() + "/" + u.stream())) continue;
                        if (f.passes().stream().anyMatch(p -> !p.isVerifiable() && p.argument().contains(u.name()))) continue;
                        String near = dev.readygate.base.Suggest.closest(u.name(), passHosts).map(h -> "; did a pass mean it? (it says " + h + ")").orElse("");
                        if (dynamic > 0)
                            out.add(r.finding(Severity.INFO, "no static *_pass uses upstream " + u.name() + " (" + dynamic
                                    + " pass(es) are built from variables and may name it at run time)" + near, r.fix(), u.origin()));
                        else
                            out.add(r.finding("no *_pass uses upstream " + u.name() + near, u.origin()));
                    }
                    return out;
                });
    }

    static Rule<NginxFacts> passNotUpstream() {
        return rule("nginx/pass-not-upstream", Severity.INFO,
                "A pass to a host name that is not an upstream block: nginx resolves it by DNS once, at start, and keeps that address.",
                "If the address can change (containers), define an upstream with 'server NAME:PORT resolve;' and a resolver, or check that nginx starts after the name resolves.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Pass p : f.passes()) {
                        if (!p.isVerifiable() || !p.isBareName()) continue;
                        if (f.upstreams().stream().anyMatch(u -> u.name().equals(p.host()))) continue;
                        out.add(r.finding(what(p) + ": " + p.host() + " is not an upstream block; resolved by DNS at start"
                                + " (nginx fails to start if it does not resolve, and keeps the first address)", p.origin()));
                    }
                    return out;
                });
    }

    // ---- TLS ----

    private static boolean tls(Pass p) {
        return "https".equals(p.scheme()) || "grpcs".equals(p.scheme()) || "suwsgi".equals(p.scheme());
    }

    static Rule<NginxFacts> httpsNoVerify() {
        return rule("nginx/https-no-verify", Severity.WARNING,
                "A TLS pass (https://, grpcs://) without X_ssl_verify on: nginx accepts any certificate from the upstream.",
                "Add proxy_ssl_verify on; and proxy_ssl_trusted_certificate /path/to/ca.pem; (grpc_ssl_* for grpc_pass).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Pass p : f.passes())
                        if (tls(p) && !p.budgets().sslVerify())
                            out.add(r.finding(what(p) + " does not verify the upstream's certificate (" + p.budgets().module()
                                    + "_ssl_verify is " + p.budgets().setting("ssl_verify").value() + ")", p.origin()));
                    return out;
                });
    }

    static Rule<NginxFacts> httpsNoSni() {
        return rule("nginx/https-no-sni", Severity.WARNING,
                "A TLS pass without X_ssl_server_name on: nginx sends no SNI, so an upstream behind a shared TLS endpoint may answer with the wrong certificate or refuse.",
                "Add proxy_ssl_server_name on; (grpc_ssl_server_name on; for grpc_pass).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Pass p : f.passes())
                        if (tls(p) && !p.budgets().sslServerName())
                            out.add(r.finding(what(p) + " sends no SNI (" + p.budgets().module() + "_ssl_server_name is "
                                    + p.budgets().setting("ssl_server_name").value() + ")", p.origin()));
                    return out;
                });
    }

    /** Every address a pass names with a port ({@link Upstreams}), dialled or not: a server marked down is still configured. */
    private static List<Upstreams.Address> dials(NginxFacts f) {
        return Upstreams.of(f).stream().filter(a -> a.port() > 0).toList();
    }

    private static String at(Upstreams.Address d) {
        return d.origin().equals(d.pass().origin()) ? what(d.pass()) : where(d.pass());
    }

    static Rule<NginxFacts> tlsOnPlainPort() {
        return rule("nginx/tls-on-plain-port", Severity.INFO,
                "A TLS pass to a port that conventionally serves plain HTTP (80, 8080, 3000, 5000, 8000): the handshake will likely fail (502).",
                "Use http:// for a plain-HTTP upstream, or the port the upstream serves TLS on.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Upstreams.Address d : dials(f))
                        if (tls(d.pass()) && PLAIN_PORTS.contains(d.port()))
                            out.add(r.finding(at(d) + " speaks TLS to " + d.describe() + ", a port that usually serves plain HTTP", d.origin()));
                    return out;
                });
    }

    static Rule<NginxFacts> plainOnTlsPort() {
        return rule("nginx/plain-on-tls-port", Severity.INFO,
                "A plain pass (http://, grpc://) to a port that conventionally serves TLS (443, 8443): the upstream will likely answer 400 or close.",
                "Use https:// (with proxy_ssl_verify and proxy_ssl_server_name on) for a TLS upstream.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Upstreams.Address d : dials(f))
                        if (("http".equals(d.pass().scheme()) || "grpc".equals(d.pass().scheme())) && TLS_PORTS.contains(d.port()))
                            out.add(r.finding(at(d) + " speaks plain HTTP to " + d.describe() + ", a port that usually serves TLS", d.origin()));
                    return out;
                });
    }

    static Rule<NginxFacts> unverifiable() {
        return rule("nginx/unverifiable-pass", Severity.INFO,
                "A pass built from variables that readygate cannot resolve statically: it cannot be checked or waited for.",
                "Lint the rendered config (e.g. nginx -T | readygate lint -), or name the target with readygate wait.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Pass p : f.passes())
                        if (!p.isVerifiable()) out.add(r.finding(what(p) + " cannot be checked: " + p.unverifiable(), p.origin()));
                    return out;
                });
    }
}
