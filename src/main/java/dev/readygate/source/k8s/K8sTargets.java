package dev.readygate.source.k8s;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Value;
import dev.readygate.settings.Settings;
import dev.readygate.source.SkipNote;
import dev.readygate.source.k8s.K8sManifests.Container;
import dev.readygate.source.k8s.K8sManifests.ContainerPort;
import dev.readygate.source.k8s.K8sManifests.PortRef;
import dev.readygate.source.k8s.K8sManifests.Probe;
import dev.readygate.source.k8s.K8sManifests.Service;
import dev.readygate.source.k8s.K8sManifests.ServicePort;
import dev.readygate.source.k8s.K8sManifests.Workload;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * wait --from k8s/: what a gate inside the cluster reaches of the workloads. Each readiness probe, through the
 * Services that select its pods and target its port: {@code http(s)://SERVICE.NAMESPACE.svc:PORT/PATH} for an
 * httpGet probe, {@code tcp://...} for tcpSocket and grpc; the origin is the probe's line, with the Service
 * port's. A Service port no probe covers, that targets a container port of a workload it selects, is a TCP
 * target at the Service port's line. What cannot be reached from outside the pod is told as a skip note: exec
 * probes, probes on a port no Service targets, UDP ports.
 */
final class K8sTargets {
    private K8sTargets() {
    }

    static List<Declaration> decls(K8sManifests m, Consumer<SkipNote> skipped) {
        Map<String, Target> out = new LinkedHashMap<>();
        Map<String, Probe> http = new HashMap<>();
        for (Workload w : m.workloads()) {
            for (Container c : w.containers()) {
                Probe p = c.readiness();
                if (p == null) continue;
                String what = "the readinessProbe of " + w.id() + " container " + c.name() + " at " + p.origin();
                if (p.type().equals("exec")) {
                    skipped.accept(new SkipNote(p.origin(), "skipped " + what + ": an exec probe runs inside the pod; its Service ports are waited for over TCP"));
                    continue;
                }
                int port = resolve(p.port(), c, w);
                if (port == 0) {
                    skipped.accept(new SkipNote(p.origin(), "skipped " + what + ": no container port is named " + p.port()));
                    continue;
                }
                boolean any = false;
                for (Service s : m.services()) {
                    if (!s.namespace().equals(w.namespace()) || !s.selects(w.labels())) continue;
                    for (ServicePort sp : s.ports()) {
                        if (!"TCP".equals(sp.protocol()) || targetOf(sp, w) != port) continue;
                        String address = s.name() + "." + s.namespace() + ".svc:" + sp.port();
                        String uri = p.type().equals("httpGet") ? p.scheme().toLowerCase(Locale.ROOT) + "://" + address + p.path() : "tcp://" + address;
                        add(out, uri, s, sp, p.origin().via("Service " + s.name() + " at " + sp.origin()), skipped);
                        if (p.type().equals("httpGet")) http.put(uri, p);
                        any = true;
                    }
                }
                if (!any)
                    skipped.accept(new SkipNote(p.origin(), "skipped " + what + ": no Service that selects its pods targets port " + port
                            + " (nothing to reach from outside the pod)"));
            }
        }
        // the Service ports no probe covers: TCP, when a workload they select has the port
        for (Service s : m.services()) {
            for (ServicePort sp : s.ports()) {
                String address = s.name() + "." + s.namespace() + ".svc:" + sp.port();
                if (out.values().stream().anyMatch(t -> t.uri().getAuthority().equals(address))) continue;
                if (!"TCP".equals(sp.protocol())) {
                    skipped.accept(new SkipNote(sp.origin(), "skipped port " + sp.port() + "/" + sp.protocol() + " of Service " + s.name() + " at "
                            + sp.origin() + ": readygate waits for TCP ports"));
                    continue;
                }
                boolean served = m.workloads().stream().anyMatch(w -> w.namespace().equals(s.namespace()) && s.selects(w.labels()) && targetOf(sp, w) > 0);
                if (served) add(out, "tcp://" + address, s, sp, sp.origin(), skipped);
            }
        }
        // named by Service (SERVICE:PORT when it has several), so a report reads "frontend (http://frontend.default.svc:80/_healthz)"
        Map<String, Integer> perService = new HashMap<>();
        out.values().forEach(t -> perService.merge(t.name().substring(0, t.name().lastIndexOf(':')), 1, Integer::sum));
        out.replaceAll((uri, t) -> perService.get(t.name().substring(0, t.name().lastIndexOf(':'))) == 1
                ? t.withName(t.name().substring(0, t.name().lastIndexOf(':'))) : t);
        return out.entrySet().stream().map(e -> http.containsKey(e.getKey())
                ? Declaration.of(e.getValue(), headers(http.get(e.getKey()), skipped), KUBELET) : Declaration.of(e.getValue(), Settings.EMPTY)).toList();
    }

    /** The statuses an httpGet probe passes on, as the kubelet judges them: 200-399 (--status narrows it). */
    private static final Settings KUBELET = Settings.of(List.of(new Value<>(HttpProtocol.STATUS, StatusSet.parse("200-399"),
            new Origin("Kubernetes httpGet probe (200-399 pass, as the kubelet judges; --status overrides)", null, 0, 0))));

    /** The probe's httpHeaders, sent with each attempt as the kubelet sends them. */
    private static Settings headers(Probe p, Consumer<SkipNote> skipped) {
        if (p.headers().isEmpty()) return Settings.EMPTY;
        List<HttpSpec.Header> list = new java.util.ArrayList<>();
        for (String h : p.headers()) {
            try {
                list.add(HttpSpec.Header.parse(h));
            } catch (IllegalArgumentException e) {
                skipped.accept(new SkipNote(p.origin(), "skipped a header of the probe at " + p.origin() + ": " + e.getMessage()));
            }
        }
        return Settings.of(List.of(new Value<>(HttpProtocol.HEADERS, list, p.origin())));
    }

    /** The container port a probe asks: its number, or the number of the container port of that name (in its container, else the pod's). */
    static int resolve(PortRef ref, Container c, Workload w) {
        if (ref == null) return 0;
        if (!ref.named()) return ref.number();
        for (ContainerPort p : c.ports()) if (ref.name().equals(p.name())) return p.port();
        for (Container other : w.containers()) for (ContainerPort p : other.ports()) if (ref.name().equals(p.name())) return p.port();
        return 0;
    }

    /** The container port of {@code w} a Service port sends to: its targetPort's number, or the number of the port of that name; 0 if none. */
    static int targetOf(ServicePort sp, Workload w) {
        PortRef t = sp.targetPort();
        if (!t.named()) return t.number();
        for (Container c : w.containers()) for (ContainerPort p : c.ports()) if (t.name().equals(p.name())) return p.port();
        return 0;
    }

    private static void add(Map<String, Target> out, String uri, Service s, ServicePort sp, Origin origin, Consumer<SkipNote> skipped) {
        try {
            out.putIfAbsent(uri, Target.of(uri, origin).withName(s.name() + ":" + sp.port()));
        } catch (IllegalArgumentException e) {
            skipped.accept(new SkipNote(origin, "skipped port " + sp.port() + " of Service " + s.name() + " at " + sp.origin() + ": " + e.getMessage()));
        }
    }
}
