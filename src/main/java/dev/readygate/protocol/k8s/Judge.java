package dev.readygate.protocol.k8s;

import static dev.readygate.base.JsonValues.list;
import static dev.readygate.base.JsonValues.map;
import static dev.readygate.base.JsonValues.text;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whether the objects a target lists are ready, as kubectl judges them (rollout status, job conditions, pod readiness). */
final class Judge {
    /** Waiting reasons of a container that will not start by itself soon. */
    private static final Set<String> FAILING = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
            "CreateContainerError", "InvalidImageName", "RunContainerError");

    private Judge() {
    }

    static ProbeResult judge(K8sSpec spec, Collection<Map<String, Object>> objects) {
        if (spec.kind() == K8sSpec.Kind.SERVICE) return service(spec, objects);
        if (spec.kind() == K8sSpec.Kind.PODS) return pods(spec, objects);
        Map<String, Object> o = null;
        for (Map<String, Object> x : objects) if (spec.name().equals(text(map(x.get("metadata")).get("name"), ""))) o = x;
        if (o == null)
            return ProbeResult.notReady(Diagnosis.builder(Cause.NOT_FOUND, spec.shown() + " does not exist (yet)").variant(spec.kind().word()).build());
        return switch (spec.kind()) {
            case DEPLOYMENT -> deployment(spec, o);
            case STATEFULSET -> statefulSet(spec, o);
            default -> job(spec, o);
        };
    }

    private static long num(Object v, long fallback) {
        return v instanceof Number n ? n.longValue() : fallback;
    }

    private static Map<String, Object> condition(Map<String, Object> status, String type) {
        for (Object c : list(status.get("conditions"))) if (type.equals(text(map(c).get("type"), ""))) return map(c);
        return null;
    }

    private static ProbeResult pending(K8sSpec spec, String why, String variant) {
        return ProbeResult.notReady(Diagnosis.builder(Cause.ROLLOUT_PENDING, spec.shown() + ": " + why).variant(variant).build());
    }

    private static ProbeResult ready(Map<String, Object> evidence) {
        return ProbeResult.ready(evidence);
    }

    /** kubectl rollout status for a Deployment. */
    static ProbeResult deployment(K8sSpec spec, Map<String, Object> d) {
        Map<String, Object> meta = map(d.get("metadata"));
        Map<String, Object> status = map(d.get("status"));
        long generation = num(meta.get("generation"), 0);
        long observed = num(status.get("observedGeneration"), 0);
        if (generation > observed) return pending(spec, "waiting for the spec update to be observed (generation " + generation + ", observed " + observed + ")", "observed");
        Map<String, Object> progressing = condition(status, "Progressing");
        if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.get("reason")))
            return ProbeResult.notReady(Diagnosis.builder(Cause.ROLLOUT_FAILED, spec.shown() + " exceeded its progress deadline: "
                    + text(progressing.get("message"), "")).variant("ProgressDeadlineExceeded").build());
        long wanted = num(map(d.get("spec")).get("replicas"), 1);
        long updated = num(status.get("updatedReplicas"), 0);
        long replicas = num(status.get("replicas"), 0);
        long available = num(status.get("availableReplicas"), 0);
        if (updated < wanted) return pending(spec, updated + " of " + wanted + " new replicas have been updated", "updating");
        if (replicas > updated) return pending(spec, (replicas - updated) + " old replicas are pending termination", "terminating");
        if (available < updated) return pending(spec, available + " of " + updated + " updated replicas are available", "available");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("replicas", wanted);
        e.put("available", available);
        e.put("observedGeneration", observed);
        return ready(e);
    }

    /** kubectl rollout status for a StatefulSet. */
    static ProbeResult statefulSet(K8sSpec spec, Map<String, Object> s) {
        Map<String, Object> meta = map(s.get("metadata"));
        Map<String, Object> sp = map(s.get("spec"));
        Map<String, Object> status = map(s.get("status"));
        long generation = num(meta.get("generation"), 0);
        long observed = num(status.get("observedGeneration"), 0);
        if (observed == 0 || generation > observed)
            return pending(spec, "waiting for the spec update to be observed (generation " + generation + ", observed " + observed + ")", "observed");
        long wanted = num(sp.get("replicas"), 1);
        long readyReplicas = num(status.get("readyReplicas"), 0);
        if (readyReplicas < wanted) return pending(spec, readyReplicas + " of " + wanted + " pods are ready", "ready");
        Map<String, Object> strategy = map(sp.get("updateStrategy"));
        String type = text(strategy.get("type"), "RollingUpdate");
        if (type.equals("RollingUpdate")) {
            long partition = num(map(strategy.get("rollingUpdate")).get("partition"), 0);
            long updated = num(status.get("updatedReplicas"), 0);
            if (partition > 0) {
                if (updated < wanted - partition)
                    return pending(spec, updated + " of " + (wanted - partition) + " pods updated (partitioned rollout)", "partition");
            } else {
                String current = text(status.get("currentRevision"), "");
                String update = text(status.get("updateRevision"), "");
                if (!update.equals(current))
                    return pending(spec, updated + " of " + wanted + " pods at revision " + update + " (rolling update in progress)", "revision");
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("replicas", wanted);
        e.put("ready", readyReplicas);
        return ready(e);
    }

    /** A Job: the Complete condition is ready, the Failed condition is permanent. */
    static ProbeResult job(K8sSpec spec, Map<String, Object> j) {
        Map<String, Object> status = map(j.get("status"));
        Map<String, Object> failed = condition(status, "Failed");
        if (failed != null && "True".equals(failed.get("status")))
            return ProbeResult.notReady(Diagnosis.builder(Cause.ROLLOUT_FAILED, spec.shown() + " failed: " + text(failed.get("reason"), "")
                    + (failed.get("message") == null ? "" : " (" + text(failed.get("message"), "") + ")")).variant("job failed")
                    .hint("the Job will not run again by itself: see kubectl logs job/" + spec.name() + " -n " + spec.namespace() + ", fix it, and recreate the Job").build());
        Map<String, Object> complete = condition(status, "Complete");
        if (complete != null && "True".equals(complete.get("status"))) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("succeeded", num(status.get("succeeded"), 0));
            return ready(e);
        }
        return pending(spec, "not complete yet (active " + num(status.get("active"), 0) + ", succeeded " + num(status.get("succeeded"), 0)
                + " of " + num(map(j.get("spec")).get("completions"), 1) + ", failed " + num(status.get("failed"), 0) + ")", "running");
    }

    /** A Service: ready endpoints over its EndpointSlices (an endpoint whose ready condition is absent counts as ready). */
    static ProbeResult service(K8sSpec spec, Collection<Map<String, Object>> slices) {
        Set<String> ready = new LinkedHashSet<>();
        Set<String> notReady = new LinkedHashSet<>();
        for (Map<String, Object> slice : slices) {
            for (Object ep : list(slice.get("endpoints"))) {
                Map<String, Object> e = map(ep);
                String address = String.join(",", list(e.get("addresses")).stream().map(a -> text(a, "")).toList());
                Object r = map(e.get("conditions")).get("ready");
                (Boolean.FALSE.equals(r) ? notReady : ready).add(address);
            }
        }
        notReady.removeAll(ready);
        if (ready.size() >= spec.minEndpoints()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("readyEndpoints", ready.size());
            return ready(e);
        }
        String why = slices.isEmpty() ? "no EndpointSlice (does the Service exist, with a selector?)"
                : ready.size() + " ready endpoint" + (ready.size() == 1 ? "" : "s") + ", needs " + spec.minEndpoints() + " (" + notReady.size() + " not ready)";
        return ProbeResult.notReady(Diagnosis.builder(Cause.NO_ENDPOINTS, spec.shown() + ": " + why).variant(slices.isEmpty() ? "no slice" : "too few")
                .evidence("readyEndpoints", ready.size()).evidence("notReadyEndpoints", notReady.size()).build());
    }

    /** Pods by selector: at least one, all Ready; a container that cannot start is named with its reason and last state. */
    static ProbeResult pods(K8sSpec spec, Collection<Map<String, Object>> pods) {
        if (pods.isEmpty()) return pending(spec, "no pod matches", "no pods");
        List<String> notReady = new ArrayList<>();
        for (Map<String, Object> p : pods) {
            String name = text(map(p.get("metadata")).get("name"), "?");
            Map<String, Object> status = map(p.get("status"));
            for (String key : new String[] {"initContainerStatuses", "containerStatuses"}) {
                for (Object cs : list(status.get(key))) {
                    Map<String, Object> c = map(cs);
                    Map<String, Object> waiting = map(map(c.get("state")).get("waiting"));
                    String reason = text(waiting.get("reason"), "");
                    if (!FAILING.contains(reason)) continue;
                    Map<String, Object> last = map(map(c.get("lastState")).get("terminated"));
                    String lastText = last.isEmpty() ? "" : "; last state: terminated, " + text(last.get("reason"), "?") + ", exit code "
                            + text(last.get("exitCode"), "?");
                    String msg = text(waiting.get("message"), "");
                    return ProbeResult.notReady(Diagnosis.builder(Cause.POD_FAILING, "pod " + name + " container " + text(c.get("name"), "?") + " is waiting: "
                                    + reason + (msg.isEmpty() ? "" : " (" + Api.clip(msg, 200) + ")") + lastText + " (restarts " + text(c.get("restartCount"), "0") + ")")
                            .variant(reason).evidence("pod", name).evidence("container", text(c.get("name"), "?")).evidence("reason", reason)
                            .hint("see kubectl describe pod " + name + " -n " + spec.namespace() + " and kubectl logs " + name + " -n " + spec.namespace()
                                    + " -c " + text(c.get("name"), "?") + " --previous").build());
                }
            }
            Map<String, Object> ready = condition(status, "Ready");
            if (ready == null || !"True".equals(ready.get("status"))) notReady.add(name + " (" + text(status.get("phase"), "?") + ")");
        }
        if (!notReady.isEmpty()) return pending(spec, notReady.size() + " of " + pods.size() + " pods not ready: " + String.join(", ",
                notReady.size() > 5 ? notReady.subList(0, 5) : notReady) + (notReady.size() > 5 ? ", ..." : ""), "pods");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pods", pods.size());
        return ready(e);
    }
}
