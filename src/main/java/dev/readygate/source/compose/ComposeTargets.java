package dev.readygate.source.compose;

import dev.readygate.base.HostPort;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.settings.Value;
import dev.readygate.source.nginx.UpstreamRules;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Settings;
import dev.readygate.source.SkipNote;
import dev.readygate.source.compose.ComposeProject.Exposed;
import dev.readygate.source.compose.ComposeProject.HttpCheck;
import dev.readygate.source.compose.ComposeProject.Port;
import dev.readygate.source.compose.ComposeProject.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * wait --from compose.yaml: what a gate can reach of the services that run with the active profiles.
 * <ul>
 * <li>From the host (the default): every published TCP port, at {@code 127.0.0.1:HOSTPORT} (bound to every
 *     address) or at the address it is bound to ({@code ::} is reached at {@code ::1}); a service with
 *     {@code network_mode: host} at {@code 127.0.0.1} on its container ports.</li>
 * <li>Inside the Compose network ({@code --network}): {@code service:port} for every exposed or published
 *     container port.</li>
 * </ul>
 * A port is an HTTP target when the service's healthcheck asks it with curl or wget (at that URL's path), when
 * an nginx config of the project proxies to it (at /, where any answer but a 5xx counts, as for wait --from
 * nginx.conf; see {@link NginxProxies}), or when the long form says {@code app_protocol: http}; otherwise TCP. Each target's origin is the line of its
 * port. What cannot be reached is told as a skip note: UDP ports, host ports the engine picks at start,
 * services of inactive profiles.
 */
final class ComposeTargets {
    private ComposeTargets() {
    }

    /** The statuses that count for a port probed at / because nginx proxies to it: any answer but a 5xx, as for wait --from nginx.conf. */
    private static final Settings ANSWERS = Settings.of(List.of(new Value<>(HttpProtocol.STATUS, StatusSet.parse(UpstreamRules.ANSWER_STATUS),
            new Origin("nginx upstream (any answer but a 5xx; --status overrides)", null, 0, 0))));

    static List<Declaration> decls(ComposeProject project, Set<String> profiles, boolean network, Consumer<SkipNote> skipped) {
        return decls(project, profiles, network, Map.of(), skipped);
    }

    /** @param proxied the ports an nginx config of the project proxies to over HTTP, by service */
    static List<Declaration> decls(ComposeProject project, Set<String> profiles, boolean network,
                                   Map<String, Map<Integer, NginxProxies.Proxied>> proxied, Consumer<SkipNote> skipped) {
        Map<String, Target> out = new LinkedHashMap<>();
        Set<String> viaNginx = new java.util.HashSet<>();
        for (Service s : project.services()) {
            Map<Integer, NginxProxies.Proxied> nginx = proxied.getOrDefault(s.name(), Map.of());
            if (!s.enabled(profiles)) {
                if (!s.ports().isEmpty() || !s.expose().isEmpty() || s.healthcheck() != null)
                    skipped.accept(new SkipNote(s.origin(), "skipped service " + s.name() + " at " + s.origin() + ": its profiles ("
                            + String.join(", ", s.profiles()) + ") are not active; enable one with --profile"));
                continue;
            }
            String mode = s.networkMode() == null ? "" : s.networkMode();
            if (mode.equals("host")) {
                // the container shares the host's network: its ports are the host's own
                for (Exposed e : s.expose()) add(out, s, e.protocol(), "127.0.0.1", e.port(), e.port(), null, e.origin(), nginx, viaNginx, skipped);
                for (Port p : s.ports()) add(out, s, p.protocol(), "127.0.0.1", p.target(), p.target(), p.appProtocol(), p.origin(), nginx, viaNginx, skipped);
                continue;
            }
            if (network && mode.startsWith("service:") && !mode.substring(8).isEmpty()) {
                // it shares the network stack of that service: its container ports are reached at that service's name
                for (Exposed e : s.expose()) add(out, s, e.protocol(), mode.substring(8), e.port(), e.port(), null, e.origin(), nginx, viaNginx, skipped);
                continue;
            }
            if (!mode.isEmpty() && !mode.equals("bridge") && !mode.equals("default")) continue; // none, service:X, container:X: told by the reader
            if (network) {
                for (Port p : s.ports()) add(out, s, p.protocol(), s.name(), p.target(), p.target(), p.appProtocol(), p.origin(), nginx, viaNginx, skipped);
                for (Exposed e : s.expose()) add(out, s, e.protocol(), s.name(), e.port(), e.port(), null, e.origin(), nginx, viaNginx, skipped);
                // a port nginx proxies to is a container port even when the file neither exposes nor publishes it
                for (Map.Entry<Integer, NginxProxies.Proxied> e : new java.util.TreeMap<>(nginx).entrySet())
                    add(out, s, "tcp", s.name(), e.getKey(), e.getKey(), null, e.getValue().origin(), nginx, viaNginx, skipped);
                continue;
            }
            for (Port p : s.ports()) {
                if (p.published() == 0) {
                    if ("tcp".equals(p.protocol()))
                        skipped.accept(new SkipNote(p.origin(), "skipped port " + p.written() + " of " + s.name() + " at " + p.origin()
                                + ": the engine picks its host port at start; publish it on a fixed one (HOST_PORT:" + p.target()
                                + "), or wait inside the network with --network"));
                    continue;
                }
                add(out, s, p.protocol(), hostAddress(p.hostIp()), p.published(), p.target(), p.appProtocol(), p.origin(), nginx, viaNginx, skipped);
            }
        }
        // named by service (service:port when it has several), so a report reads "web (tcp://127.0.0.1:8080)"
        Map<String, Long> perService = new java.util.HashMap<>();
        out.values().forEach(t -> perService.merge(t.name().substring(0, t.name().indexOf(':')), 1L, Long::sum));
        out.replaceAll((uri, t) -> perService.get(t.name().substring(0, t.name().indexOf(':'))) == 1
                ? t.withName(t.name().substring(0, t.name().indexOf(':'))) : t);
        return out.entrySet().stream().map(e -> Declaration.of(e.getValue(), Settings.EMPTY,
                viaNginx.contains(e.getKey()) ? ANSWERS : Settings.EMPTY)).toList();
    }

    /** Where a gate on the host reaches a port bound to {@code hostIp}. */
    static String hostAddress(String hostIp) {
        if (hostIp.isEmpty() || hostIp.equals("0.0.0.0")) return "127.0.0.1";
        if (hostIp.equals("::") || hostIp.equals("[::]")) return "::1";
        return hostIp;
    }

    private static void add(Map<String, Target> out, Service s, String protocol, String host, int port, int containerPort, String app,
                            Origin origin, Map<Integer, NginxProxies.Proxied> nginx, Set<String> viaNginx, Consumer<SkipNote> skipped) {
        if (!"tcp".equals(protocol)) {
            skipped.accept(new SkipNote(origin, "skipped port " + containerPort + "/" + protocol + " of " + s.name() + " at " + origin
                    + ": readygate waits for TCP ports"));
            return;
        }
        String address = HostPort.format(host, port);
        HttpCheck http = s.healthcheck() == null ? null : s.healthcheck().http();
        String uri;
        boolean proxied = false;
        if (http != null && http.port() == containerPort) uri = http.scheme() + "://" + address + http.path();
        else if (nginx.containsKey(containerPort)) {
            uri = nginx.get(containerPort).scheme() + "://" + address + "/";
            proxied = true;
        } else if (app != null && (app.toLowerCase(Locale.ROOT).equals("http") || app.toLowerCase(Locale.ROOT).equals("https")))
            uri = app.toLowerCase(Locale.ROOT) + "://" + address + "/";
        else uri = "tcp://" + address;
        Target t;
        try {
            t = Target.of(uri, origin);
        } catch (IllegalArgumentException e) {
            skipped.accept(new SkipNote(origin, "skipped port " + containerPort + " of " + s.name() + " at " + origin + ": " + e.getMessage()));
            return;
        }
        if (out.putIfAbsent(t.uri().toString(), t.withName(s.name() + ":" + containerPort)) == null && proxied) viaNginx.add(t.uri().toString());
    }
}
