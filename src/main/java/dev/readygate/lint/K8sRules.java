package dev.readygate.lint;

import dev.readygate.base.Suggest;
import dev.readygate.model.Origin;
import dev.readygate.source.k8s.K8sManifests;
import dev.readygate.source.k8s.K8sManifests.Backend;
import dev.readygate.source.k8s.K8sManifests.Container;
import dev.readygate.source.k8s.K8sManifests.ContainerPort;
import dev.readygate.source.k8s.K8sManifests.Handler;
import dev.readygate.source.k8s.K8sManifests.Ingress;
import dev.readygate.source.k8s.K8sManifests.PortRef;
import dev.readygate.source.k8s.K8sManifests.Probe;
import dev.readygate.source.k8s.K8sManifests.Service;
import dev.readygate.source.k8s.K8sManifests.ServicePort;
import dev.readygate.source.k8s.K8sManifests.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in Kubernetes rules (docs/kubernetes.md lists them with examples): Services, Ingresses and probes against the
 * ports the containers declare (across files), and the settings that send traffic to pods that are not ready or are
 * going away.
 */
public final class K8sRules {
    /** Kubernetes' defaults when a probe or pod does not set them. */
    static final int DEFAULT_TIMEOUT = 1;
    static final int DEFAULT_PERIOD = 10;
    static final int DEFAULT_GRACE = 30;
    /** What a rolling update needs after the preStop pause to finish the requests in flight, at least. */
    static final int DRAIN_SECONDS = 5;
    /** An init container that waits by looping: nc/netcat, curl or wget in a loop, sleep, or the kubectl-based waiters. */
    private static final Pattern WAIT_LOOP = Pattern.compile("\\b(until|while)\\b[^;]*;\\s*do\\b.*\\bsleep\\b|\\bnc\\s+-z\\b|\\bk8s-wait-for\\b"
            + "|\\bkubectl\\s+(wait|rollout\\s+status)\\b|\\bwait-for-it\\b", Pattern.DOTALL);
    private static final Pattern SLEEP = Pattern.compile("(?:^|[;&|\\s])sleep\\s+([0-9]+)(?:s)?(?:$|[;&|\\s])");

    private K8sRules() {
    }

    private static Rule<K8sManifests> rule(String id, Severity severity, String summary, String fix, BasicRule.Check<K8sManifests> check) {
        return new BasicRule<>(id, severity, summary, fix, check);
    }

    public static List<Rule<K8sManifests>> all() {
        return List.of(serviceTargetPort(), ingressBackend(), probePort(), selectsNothing(), noReadinessProbe(), noPreStop(), gracePeriod(),
                readinessTimeout(), readinessIsLiveness(), noResources(), initWaitLoop());
    }

    // ---- across files: Services, Ingresses and probes against the declared ports

    static Rule<K8sManifests> serviceTargetPort() {
        return rule("k8s/service-target-port", Severity.ERROR,
                "A Service port whose targetPort no container of the pods it selects declares: traffic goes to a port nothing serves (502, connection refused).",
                "Point targetPort at the container port the app listens on (by name, so the two cannot drift), or declare that port.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Service s : m.services()) {
                        List<Workload> pods = selected(m, s);
                        if (pods.isEmpty()) continue;
                        for (ServicePort sp : s.ports()) {
                            PortRef t = sp.targetPort();
                            for (Workload w : pods) {
                                List<ContainerPort> declared = ports(w);
                                if (declares(declared, t)) continue;
                                if (!t.named() && declared.isEmpty()) continue; // nothing declared: the port may well be served
                                String have = declared.isEmpty() ? "declare no ports" : "declare " + listing(declared);
                                Severity sev = t.named() ? Severity.ERROR : Severity.WARNING;
                                out.add(r.finding(sev, "Service " + s.name() + " port " + sp.port() + " sends to targetPort " + t + ", but the containers of "
                                        + w.id() + " (" + w.origin() + ") " + have + suggestion(t, declared),
                                        t.named() ? "the endpoints get no port for a name no container declares: name the container port " + t
                                                + ", or write the targetPort that exists" : r.fix(), sp.origin(), List.of(w.origin())));
                            }
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> ingressBackend() {
        return rule("k8s/ingress-backend", Severity.ERROR,
                "An Ingress backend that names a Service, or a Service port, that the manifests do not define: the controller answers 503.",
                "Name a Service of the same namespace and one of its ports (by number or name).",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Ingress i : m.ingresses()) {
                        for (Backend b : i.backends()) {
                            Service s = m.services().stream().filter(x -> x.name().equals(b.service()) && x.namespace().equals(i.namespace()))
                                    .findFirst().orElse(null);
                            if (s == null) {
                                List<String> names = m.services().stream().filter(x -> x.namespace().equals(i.namespace())).map(Service::name).toList();
                                if (names.isEmpty()) continue; // the Services are defined elsewhere
                                out.add(r.finding("Ingress " + i.name() + " sends " + b.path() + " to Service " + b.service() + ", which namespace "
                                        + i.namespace() + " does not define" + Suggest.closest(b.service(), names).map(n -> "; did you mean " + n + "?").orElse(""),
                                        b.origin()));
                                continue;
                            }
                            boolean ok = b.port().named() ? s.ports().stream().anyMatch(p -> b.port().name().equals(p.name()))
                                    : s.ports().stream().anyMatch(p -> p.port() == b.port().number());
                            if (!ok)
                                out.add(r.finding(Severity.ERROR, "Ingress " + i.name() + " sends " + b.path() + " to port " + b.port() + " of Service "
                                        + s.name() + " (" + s.origin() + "), which has " + servicePorts(s), r.fix(), b.origin(), List.of(s.origin())));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> probePort() {
        return rule("k8s/probe-port", Severity.ERROR,
                "A probe on a port its container does not declare: a named port fails the probe outright; a number that is not the app's port fails it forever.",
                "Point the probe at the container port the app listens on, by name.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        for (Container c : w.containers()) {
                            for (Probe p : probes(c)) {
                                if (p.port() == null) continue;
                                List<ContainerPort> declared = c.ports();
                                if (declares(declared, p.port())) continue;
                                if (!p.port().named() && declared.isEmpty()) continue;
                                Severity sev = p.port().named() ? Severity.ERROR : Severity.WARNING;
                                out.add(r.finding(sev, "the " + p.written() + " of " + w.id() + " container " + c.name() + " asks port " + p.port()
                                        + ", which the container does not declare (" + (declared.isEmpty() ? "it declares none" : "it declares " + listing(declared))
                                        + ")" + suggestion(p.port(), declared), r.fix(), p.origin()));
                            }
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> selectsNothing() {
        return rule("k8s/service-selects-nothing", Severity.WARNING,
                "A Service whose selector matches no Pod template of the manifests: it has no endpoints, and its clients get connection refused or 503.",
                "Make the selector match the Pod template's labels (spec.template.metadata.labels), or, if its pods are defined elsewhere, ignore this.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Service s : m.services()) {
                        if (s.selector().isEmpty() || !selected(m, s).isEmpty()) continue;
                        List<Workload> same = m.workloads().stream().filter(w -> w.namespace().equals(s.namespace())).toList();
                        if (same.isEmpty()) continue; // no workload in its namespace here: its pods are defined elsewhere
                        Workload near = null;
                        int best = -1;
                        for (Workload w : same) {
                            int shared = (int) s.selector().entrySet().stream().filter(e -> e.getValue().equals(w.labels().get(e.getKey()))).count();
                            if (shared > best) {
                                best = shared;
                                near = w;
                            }
                        }
                        out.add(r.finding(Severity.WARNING, "Service " + s.name() + " selects " + s.selector() + ", which no Pod template in namespace "
                                + s.namespace() + " has; the nearest is " + near.id() + " with " + near.labels() + " (" + near.origin() + ")",
                                r.fix(), s.origin(), List.of(near.origin())));
                    }
                    return out;
                });
    }

    // ---- readiness and shutdown of what a Service sends traffic to

    static Rule<K8sManifests> noReadinessProbe() {
        return rule("k8s/no-readiness-probe", Severity.WARNING,
                "A Deployment or StatefulSet container behind a Service without a readinessProbe: its pods get traffic while they start (502s on every rollout).",
                "Add a readinessProbe (httpGet on the app's health path, or tcpSocket on its port).",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : served(m)) {
                        if (!w.kind().equals("Deployment") && !w.kind().equals("StatefulSet")) continue;
                        for (Container c : w.containers()) {
                            if (c.readiness() != null || !servesTraffic(m, w, c)) continue;
                            out.add(r.finding(w.id() + " container " + c.name() + " is behind " + services(m, w) + " and has no readinessProbe",
                                    c.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> noPreStop() {
        return rule("k8s/no-prestop-pause", Severity.WARNING,
                "A container behind a Service without a preStop pause: it stops while endpoints still send it requests (dropped requests on every rollout).",
                "Add lifecycle.preStop.sleep.seconds: 5 (Kubernetes 1.30+), or an exec preStop that sleeps, so endpoints drop the pod before it stops.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : served(m)) {
                        if (w.kind().equals("Job") || w.kind().equals("CronJob")) continue;
                        for (Container c : w.containers()) {
                            if (!servesTraffic(m, w, c) || pause(c.preStop()) != null) continue;
                            out.add(r.finding(w.id() + " container " + c.name() + " is behind " + services(m, w)
                                    + (c.preStop() == null ? " and has no preStop" : " and its preStop (" + c.preStop().origin() + ") does not pause"), c.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> gracePeriod() {
        return rule("k8s/grace-period-too-short", Severity.WARNING,
                "terminationGracePeriodSeconds not longer than the preStop pause plus time to drain: the pod is killed while it still serves.",
                "Set terminationGracePeriodSeconds to the preStop pause plus the longest request (at least " + DRAIN_SECONDS + " s more).",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        int grace = w.terminationGracePeriodSeconds() == null ? DEFAULT_GRACE : w.terminationGracePeriodSeconds();
                        for (Container c : w.containers()) {
                            Integer pause = pause(c.preStop());
                            if (pause == null || grace >= pause + DRAIN_SECONDS) continue;
                            out.add(r.finding(w.id() + " gives its pods " + grace + " s to stop" + (w.terminationGracePeriodSeconds() == null ? " (the default)" : "")
                                    + ", but container " + c.name() + " pauses " + pause + " s in preStop (" + c.preStop().origin() + "), leaving "
                                    + Math.max(0, grace - pause) + " s to drain", w.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> readinessTimeout() {
        return rule("k8s/readiness-timeout", Severity.WARNING,
                "A readinessProbe whose timeoutSeconds is periodSeconds or more: probes overlap, and a slow pod is judged on stale answers.",
                "Keep timeoutSeconds below periodSeconds (the defaults are 1 and 10).",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        for (Container c : w.containers()) {
                            Probe p = c.readiness();
                            if (p == null) continue;
                            int timeout = p.timeoutSeconds() == null ? DEFAULT_TIMEOUT : p.timeoutSeconds();
                            int period = p.periodSeconds() == null ? DEFAULT_PERIOD : p.periodSeconds();
                            if (timeout < period) continue;
                            out.add(r.finding("the readinessProbe of " + w.id() + " container " + c.name() + " waits " + timeout + " s (timeoutSeconds) for an answer,"
                                    + " but runs every " + period + " s (periodSeconds)", p.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> readinessIsLiveness() {
        return rule("k8s/readiness-is-liveness", Severity.WARNING,
                "Readiness and liveness probes that are the same check: when a dependency is slow the pod is restarted instead of taken out of rotation.",
                "Give liveness a check of the process itself (and a higher failureThreshold); keep dependency checks in readiness.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        for (Container c : w.containers()) {
                            Probe a = c.readiness();
                            Probe b = c.liveness();
                            if (a == null || b == null || !same(a, b)) continue;
                            out.add(r.finding(Severity.WARNING, "the livenessProbe of " + w.id() + " container " + c.name()
                                    + " is the same check as its readinessProbe (" + a.origin() + ")", r.fix(), b.origin(), List.of(a.origin())));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> noResources() {
        return rule("k8s/no-resources", Severity.WARNING,
                "A container without resource requests or limits: it is scheduled where it does not fit, and starved or evicted under load.",
                "Set resources.requests (cpu, memory) to what it needs, and resources.limits.memory.",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        List<Container> all = new ArrayList<>(w.initContainers());
                        all.addAll(w.containers());
                        for (Container c : all) {
                            if (c.requests() && c.limits()) continue;
                            String missing = !c.requests() && !c.limits() ? "no resources.requests or limits" : !c.requests() ? "no resources.requests" : "no resources.limits";
                            out.add(r.finding(c.requests() ? Severity.INFO : Severity.WARNING, w.id() + " container " + c.name() + " has " + missing,
                                    r.fix(), c.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<K8sManifests> initWaitLoop() {
        return rule("k8s/init-wait-loop", Severity.INFO,
                "An init container that waits by looping on nc, curl or sleep (or kubectl): no deadline, and no word on why the dependency is not ready.",
                "Use readygate in the init container: readygate wait --timeout 5m db:5432 http://api:8080/ready (docs/kubernetes.md).",
                (r, m) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Workload w : m.workloads()) {
                        for (Container c : w.initContainers()) {
                            String cmd = String.join(" ", c.command());
                            if (!WAIT_LOOP.matcher(cmd).find()) continue;
                            out.add(r.finding("init container " + c.name() + " of " + w.id() + " waits in a loop: "
                                    + (cmd.length() > 80 ? cmd.substring(0, 77) + "..." : cmd), c.origin()));
                        }
                    }
                    return out;
                });
    }

    // ---- helpers

    /** The workloads a Service selects (same namespace, every selector label). */
    static List<Workload> selected(K8sManifests m, Service s) {
        return m.workloads().stream().filter(w -> w.namespace().equals(s.namespace()) && s.selects(w.labels())).toList();
    }

    /** The workloads some Service selects. */
    private static List<Workload> served(K8sManifests m) {
        return m.workloads().stream().filter(w -> m.services().stream().anyMatch(s -> s.namespace().equals(w.namespace()) && s.selects(w.labels()))).toList();
    }

    /** "Service api" or "Services api, api-external": the Services that select {@code w}. */
    private static String services(K8sManifests m, Workload w) {
        List<String> names = m.services().stream().filter(s -> s.namespace().equals(w.namespace()) && s.selects(w.labels())).map(Service::name).toList();
        return (names.size() == 1 ? "Service " : "Services ") + String.join(", ", names);
    }

    /** Whether a Service that selects {@code w} sends to a port of {@code c} (or, when no container declares ports, to the only or first container). */
    private static boolean servesTraffic(K8sManifests m, Workload w, Container c) {
        if (ports(w).isEmpty()) return c == w.containers().get(0);
        for (Service s : m.services()) {
            if (!s.namespace().equals(w.namespace()) || !s.selects(w.labels())) continue;
            for (ServicePort sp : s.ports()) if (declares(c.ports(), sp.targetPort())) return true;
        }
        return false;
    }

    private static List<ContainerPort> ports(Workload w) {
        List<ContainerPort> out = new ArrayList<>();
        for (Container c : w.containers()) out.addAll(c.ports());
        return out;
    }

    private static boolean declares(List<ContainerPort> ports, PortRef ref) {
        return ref.named() ? ports.stream().anyMatch(p -> ref.name().equals(p.name())) : ports.stream().anyMatch(p -> p.port() == ref.number());
    }

    private static String listing(List<ContainerPort> ports) {
        List<String> out = new ArrayList<>();
        for (ContainerPort p : ports) out.add((p.name() == null ? "" : p.name() + " = ") + p.port() + " (" + p.origin() + ")");
        return String.join(", ", out);
    }

    private static String servicePorts(Service s) {
        List<String> out = new ArrayList<>();
        for (ServicePort p : s.ports()) out.add((p.name() == null ? "" : p.name() + " = ") + p.port());
        return out.isEmpty() ? "no ports" : String.join(", ", out);
    }

    /** "; did you mean http (8080)?" for a name or number close to a declared one, else "". */
    private static String suggestion(PortRef ref, List<ContainerPort> declared) {
        if (declared.isEmpty()) return "";
        if (ref.named()) {
            List<String> names = declared.stream().map(ContainerPort::name).filter(Objects::nonNull).toList();
            return Suggest.closest(ref.name(), names).map(n -> "; did you mean " + n + "?").orElse("");
        }
        if (declared.size() == 1) return "; did you mean " + declared.get(0).port() + "?";
        return "";
    }

    private static List<Probe> probes(Container c) {
        List<Probe> out = new ArrayList<>();
        for (Probe p : new Probe[] {c.readiness(), c.liveness(), c.startup()}) if (p != null) out.add(p);
        return out;
    }

    /** The seconds a preStop handler pauses (sleep, or an exec whose command sleeps), or null when it does not. */
    static Integer pause(Handler h) {
        if (h == null) return null;
        if (h.type().equals("sleep")) return h.sleepSeconds() == null ? 0 : h.sleepSeconds();
        if (!h.type().equals("exec")) return null;
        String cmd = String.join(" ", h.command());
        var mt = SLEEP.matcher(cmd);
        if (mt.find()) return Integer.parseInt(mt.group(1));
        if (h.command().size() >= 2 && h.command().get(0).endsWith("sleep") && h.command().get(1).matches("[0-9]+s?"))
            return Integer.parseInt(h.command().get(1).replace("s", ""));
        return null;
    }

    private static boolean same(Probe a, Probe b) {
        return a.type().equals(b.type()) && Objects.equals(a.port(), b.port()) && a.path().equals(b.path()) && a.scheme().equals(b.scheme())
                && a.command().equals(b.command()) && Objects.equals(a.failureThreshold(), b.failureThreshold())
                && Objects.equals(a.periodSeconds(), b.periodSeconds());
    }

}
