package dev.readygate.source.nginx;

import dev.readygate.base.HostPort;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.source.nginx.NginxFacts.Pass;
import dev.readygate.source.nginx.NginxFacts.UpstreamServer;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What nginx dials, walked once for wait --from, verify and lint: each pass, then the servers of
 * the upstream block it names (or the host:port it names itself), then each address, with one set
 * of skip rules. Never opens a socket (a name is not resolved here; verify resolves it through
 * nginx's resolver where nginx would).
 *
 * <p>The skip rules, in the order they apply:
 * <ul>
 *   <li>{@link Skip#UNVERIFIABLE}: the pass is built from variables known only per request (or not defined);</li>
 *   <li>{@link Skip#UNIX_SOCKET}: the pass or the upstream server is a unix socket;</li>
 *   <li>{@link Skip#DOWN}: the upstream server is marked {@code down}, so nginx sends it nothing;</li>
 *   <li>{@link Skip#NO_PORT}: the pass names no port and its scheme has no default one (grpc, fastcgi, ...);</li>
 *   <li>{@link Skip#NOT_A_TARGET}: host and port that readygate cannot dial (a host:port that is no valid address).</li>
 * </ul>
 * Passes other than http:// and https:// (grpc, fastcgi, uwsgi, scgi, stream) are dialled as tcp
 * (something listens), without the HTTP rules.
 */
public final class Upstreams {
    /** Why an address is not dialled. */
    public enum Skip {
        UNVERIFIABLE, UNIX_SOCKET, DOWN, NO_PORT, NOT_A_TARGET
    }

    /**
     * One address a pass sends requests to, dialable or skipped.
     *
     * @param pass   the pass
     * @param server the upstream block's server line, or null when the pass names the host itself
     * @param scheme what is dialled: http, https, or tcp for every other kind of pass; null when unverifiable
     * @param host   the host as written, or null (unix socket, unverifiable)
     * @param port   the port nginx dials, or -1 when there is none
     * @param origin the nginx line that names the address: the server line, else the pass
     * @param rules  what nginx enforces for http(s), or null (tcp, skipped)
     * @param target the target to dial (scheme://host:port, with the origin), or null when skipped
     * @param skip   why it is not dialled, or null
     * @param why    the reason in words, or null
     */
    public record Address(Pass pass, UpstreamServer server, String scheme, String host, int port, Origin origin,
                          UpstreamRules rules, Target target, Skip skip, String why) {
        public boolean dialable() {
            return skip == null;
        }

        public boolean isHttp() {
            return isHttp(scheme);
        }

        /** The address for a note: {@code server HOST:PORT of upstream NAME}, or what the pass names. */
        public String describe() {
            if (server != null) return "server " + server.address() + " of upstream " + pass.upstream().name();
            return port > 0 ? host + ":" + port : pass.directive() + " " + pass.argument();
        }

        /** One line for wait --from: {@code skipped proxy_pass http://$x at nginx.conf:6:7: why}. */
        public String skipNote() {
            String what = server != null ? describe() : pass.directive() + " " + pass.argument();
            return "skipped " + what + " at " + origin + ": " + why;
        }

        private static boolean isHttp(String scheme) {
            return "http".equals(scheme) || "https".equals(scheme);
        }
    }

    private Upstreams() {
    }

    /** Every address of every pass, in config order, each dialable or with the reason it is skipped. */
    public static List<Address> of(NginxFacts facts) {
        Path base = base(facts.main());
        List<Address> out = new ArrayList<>();
        // a large config has many passes to few servers with the same budgets: build each rule set and target once
        Map<String, Map<Budgets, UpstreamRules>> rulesByScheme = new HashMap<>();
        Map<String, Target> targets = new HashMap<>();
        for (Pass p : facts.passes()) {
            if (!p.isVerifiable()) {
                out.add(skipped(p, null, null, null, -1, Skip.UNVERIFIABLE, p.unverifiable()));
                continue;
            }
            String scheme = Address.isHttp(p.scheme()) ? p.scheme() : "tcp";
            if (p.unixPath() != null) {
                out.add(skipped(p, null, scheme, null, -1, Skip.UNIX_SOCKET, unix(p.unixPath())));
                continue;
            }
            UpstreamRules rules = Address.isHttp(scheme) ? rulesByScheme.computeIfAbsent(scheme, k -> new java.util.IdentityHashMap<>())
                    .computeIfAbsent(p.budgets(), b -> UpstreamRules.of(b, scheme, base)) : null;
            if (p.upstream() != null) {
                for (UpstreamServer s : p.upstream().servers()) {
                    if (s.isUnix()) out.add(skipped(p, s, scheme, null, -1, Skip.UNIX_SOCKET, unix(s.unixPath())));
                    else if (s.down()) out.add(skipped(p, s, scheme, s.host(), s.port(), Skip.DOWN, "marked down: nginx sends it nothing"));
                    else out.add(address(p, s, scheme, s.host(), s.port(), rules, targets));
                }
            } else if (p.effectivePort() <= 0) {
                out.add(skipped(p, null, scheme, p.host(), -1, Skip.NO_PORT, "no port: nginx's default port for " + p.scheme() + " is unknown here"));
            } else {
                out.add(address(p, null, scheme, p.host(), p.effectivePort(), rules, targets));
            }
        }
        return out;
    }

    /** The targets to wait for: each dialable address once per URI and origin (several passes may reach one server line). */
    public static List<Target> targets(NginxFacts facts) {
        return targets(of(facts));
    }

    static List<Target> targets(List<Address> addresses) {
        record Seen(java.net.URI uri, Origin origin) {
        }
        Map<Seen, Target> out = new LinkedHashMap<>();
        for (Address a : addresses) if (a.dialable()) out.putIfAbsent(new Seen(a.target().uri(), a.origin()), a.target());
        return List.copyOf(out.values());
    }

    /** nginx reads relative file names from the directory of the main config; a config read from stdin without a name has none. */
    private static Path base(String main) {
        if ("-".equals(main)) return null;
        try {
            return Path.of(main).toAbsolutePath().getParent();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String unix(String path) {
        return "a unix socket (" + path + ")";
    }

    private static Address skipped(Pass p, UpstreamServer s, String scheme, String host, int port, Skip skip, String why) {
        return new Address(p, s, scheme, host, port, s != null ? s.origin() : p.origin(), null, null, skip, why);
    }

    private static Address address(Pass p, UpstreamServer s, String scheme, String host, int port, UpstreamRules rules,
                                   Map<String, Target> targets) {
        Origin origin = s != null ? s.origin() : p.origin();
        try {
            String uri = scheme + "://" + HostPort.format(host, port);
            Target known = targets.get(uri);
            Target t = known == null ? Target.of(uri, origin)
                    : new Target(known.name(), known.scheme(), known.uri(), known.endpoint(), known.spec(), origin, known.ipFamily());
            if (known == null) targets.put(uri, t);
            return new Address(p, s, scheme, host, port, origin, rules, t, null, null);
        } catch (IllegalArgumentException e) {
            return new Address(p, s, scheme, host, port, origin, null, null, Skip.NOT_A_TARGET, "readygate cannot dial it: " + e.getMessage());
        }
    }
}
