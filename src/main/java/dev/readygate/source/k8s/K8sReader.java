package dev.readygate.source.k8s;

import dev.readygate.config.YamlFile;
import dev.readygate.config.YamlNodes;
import dev.readygate.model.Origin;
import dev.readygate.source.SkipNote;
import dev.readygate.source.SourceException;
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
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import static dev.readygate.config.YamlNodes.isNull;
import static dev.readygate.config.YamlNodes.shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the documents of one manifest file into workloads, Services and Ingresses. What readygate reads is
 * checked for its shape (an error is {@code FILE:LINE:COL: what; fix}); other keys and other kinds are left
 * alone, as is a document without apiVersion and kind (another tool's YAML).
 */
final class K8sReader {
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");

    private final String display;
    private final String defaultNamespace;
    private final Consumer<SkipNote> notes;
    final List<Workload> workloads = new ArrayList<>();
    final List<Service> services = new ArrayList<>();
    final List<Ingress> ingresses = new ArrayList<>();

    /** @param namespace the namespace of documents that name none (a kustomization's {@code namespace:} sets it for all) */
    K8sReader(String display, String namespace, boolean overrideNamespace, Consumer<SkipNote> notes) {
        this.display = display;
        this.defaultNamespace = namespace;
        this.overrides = overrideNamespace;
        this.notes = notes;
    }

    private final boolean overrides;

    void read(List<Node> documents) throws SourceException {
        try {
            for (Node doc : documents) document(doc);
        } catch (Bad e) {
            throw new SourceException(e.getMessage());
        }
    }

    private void document(Node doc) {
        if (isNull(doc)) return;
        if (!(doc instanceof MappingNode m)) return; // not a manifest
        YamlNodes.noDuplicateKeys(m, this::error);
        String kind = scalar(m, "kind");
        String apiVersion = scalar(m, "apiVersion");
        if (kind == null || apiVersion == null) return; // another tool's YAML
        if (kind.equals("List")) {
            Node items = get(m, "items");
            if (items != null && !isNull(items)) for (Node item : sequence(items, "items of a List")) document(item);
            return;
        }
        MappingNode meta = get(m, "metadata") instanceof MappingNode mm ? mm : null;
        String name = meta == null ? null : scalar(meta, "name");
        String namespace = meta == null ? null : scalar(meta, "namespace");
        if (overrides || namespace == null || namespace.isEmpty()) namespace = defaultNamespace;
        if (WORKLOADS.contains(kind)) workload(kind, name == null ? "?" : name, namespace, m);
        else if (kind.equals("Service") && apiVersion.equals("v1")) service(name == null ? "?" : name, namespace, m);
        else if (kind.equals("Ingress")) ingress(name == null ? "?" : name, namespace, m);
    }

    // ---- workloads

    private void workload(String kind, String name, String namespace, MappingNode doc) {
        String where = kind + "/" + name;
        MappingNode template;
        if (kind.equals("Pod")) template = doc;
        else {
            MappingNode spec = mappingAt(doc, "spec", where);
            if (spec == null) return;
            if (kind.equals("CronJob")) {
                MappingNode job = mappingAt(spec, "jobTemplate", where);
                spec = job == null ? null : mappingAt(job, "spec", where);
                if (spec == null) return;
            }
            template = mappingAt(spec, "template", where);
            if (template == null) return;
        }
        Map<String, String> labels = Map.of();
        if (get(template, "metadata") instanceof MappingNode meta && get(meta, "labels") != null) labels = strings(get(meta, "labels"), "labels of " + where);
        MappingNode pod = mappingAt(template, "spec", where);
        if (pod == null) return;
        List<Container> containers = containers(get(pod, "containers"), where);
        List<Container> init = containers(get(pod, "initContainers"), where);
        Node grace = get(pod, "terminationGracePeriodSeconds");
        Integer graceSeconds = grace == null || isNull(grace) ? null : integer(grace, "terminationGracePeriodSeconds of " + where);
        workloads.add(new Workload(kind, name, namespace, origin(doc), labels, containers, init, graceSeconds));
    }

    private List<Container> containers(Node v, String where) {
        if (v == null || isNull(v)) return List.of();
        List<Container> out = new ArrayList<>();
        for (Node item : sequence(v, "containers of " + where)) {
            MappingNode c = mapping(item, "a container of " + where, "write the container's keys (name:, image:, ...)");
            String name = scalar(c, "name");
            String in = "container " + (name == null ? "?" : name) + " of " + where;
            List<ContainerPort> ports = new ArrayList<>();
            Node portsNode = get(c, "ports");
            if (portsNode != null && !isNull(portsNode)) {
                for (Node p : sequence(portsNode, "ports of " + in)) {
                    MappingNode pm = mapping(p, "a port of " + in, "write `- containerPort: 8080`");
                    Node number = get(pm, "containerPort");
                    if (number == null) throw error(pm, "a port of " + in + " has no containerPort", "add `containerPort: PORT`");
                    ports.add(new ContainerPort(scalar(pm, "name"), port(number, "containerPort of " + in), protocol(pm), origin(pm)));
                }
            }
            List<String> command = new ArrayList<>();
            for (String key : List.of("command", "args")) {
                Node cmd = get(c, key);
                if (cmd != null && !isNull(cmd)) command.addAll(list(cmd, key + " of " + in));
            }
            Handler preStop = null;
            if (get(c, "lifecycle") instanceof MappingNode life && get(life, "preStop") instanceof MappingNode ps) preStop = handler(ps, in);
            boolean requests = false;
            boolean limits = false;
            if (get(c, "resources") instanceof MappingNode res) {
                requests = get(res, "requests") instanceof MappingNode r && !r.getValue().isEmpty();
                limits = get(res, "limits") instanceof MappingNode l && !l.getValue().isEmpty();
            }
            out.add(new Container(name, scalar(c, "image"), origin(c), ports, probe(c, "readinessProbe", in), probe(c, "livenessProbe", in),
                    probe(c, "startupProbe", in), preStop, requests, limits, command));
        }
        return out;
    }

    private Probe probe(MappingNode container, String key, String in) {
        Node v = get(container, key);
        if (v == null || isNull(v)) return null;
        MappingNode p = mapping(v, key + " of " + in, "write the probe's keys (httpGet:, tcpSocket:, grpc: or exec:, periodSeconds:, ...)");
        String what = key + " of " + in;
        String type = null;
        PortRef port = null;
        String scheme = "HTTP";
        String path = "/";
        List<String> command = List.of();
        List<String> headers = new ArrayList<>();
        for (String t : List.of("httpGet", "tcpSocket", "grpc", "exec")) {
            Node h = get(p, t);
            if (h == null || isNull(h)) continue;
            if (type != null) throw error(h, what + " has both " + type + " and " + t, "keep one handler");
            type = t;
            MappingNode hm = mapping(h, t + " of " + what, "write its keys (port:, path:, ...)");
            if (t.equals("exec")) {
                Node c = get(hm, "command");
                command = c == null || isNull(c) ? List.of() : list(c, "command of " + what);
                continue;
            }
            Node pn = get(hm, "port");
            if (pn == null) throw error(hm, t + " of " + what + " has no port", "add `port: PORT` (a number, or a container port's name)");
            port = portRef(pn, "port of " + what);
            if (t.equals("httpGet")) {
                String s = scalar(hm, "scheme");
                if (s != null) scheme = s.toUpperCase(java.util.Locale.ROOT);
                if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) throw error(get(hm, "scheme"), "scheme of " + what + " is '" + s + "'", "write HTTP or HTTPS");
                String pa = scalar(hm, "path");
                if (pa != null && !pa.isEmpty()) path = pa.startsWith("/") ? pa : "/" + pa;
                Node hs = get(hm, "httpHeaders");
                if (hs != null && !isNull(hs)) {
                    for (Node h1 : sequence(hs, "httpHeaders of " + what)) {
                        MappingNode hmap = mapping(h1, "a header of " + what, "write `- name: NAME` and `value: VALUE`");
                        String n = scalar(hmap, "name");
                        if (n == null) throw error(hmap, "a header of " + what + " has no name", "add `name: NAME`");
                        String value = scalar(hmap, "value");
                        headers.add(n + ": " + (value == null ? "" : value));
                    }
                }
            }
        }
        if (type == null) throw error(p, what + " has no handler", "add httpGet:, tcpSocket:, grpc: or exec:");
        return new Probe(type, port, scheme, path, command, optionalInt(p, "timeoutSeconds", what), optionalInt(p, "periodSeconds", what),
                optionalInt(p, "failureThreshold", what), optionalInt(p, "initialDelaySeconds", what), origin(p), key, headers);
    }

    private Handler handler(MappingNode h, String in) {
        String what = "lifecycle.preStop of " + in;
        if (get(h, "exec") instanceof MappingNode e) {
            Node c = get(e, "command");
            return new Handler("exec", c == null || isNull(c) ? List.of() : list(c, "command of " + what), null, origin(h));
        }
        if (get(h, "sleep") instanceof MappingNode s) return new Handler("sleep", List.of(), optionalInt(s, "seconds", what), origin(h));
        if (get(h, "httpGet") != null) return new Handler("httpGet", List.of(), null, origin(h));
        if (get(h, "tcpSocket") != null) return new Handler("tcpSocket", List.of(), null, origin(h));
        return null;
    }

    // ---- Services and Ingresses

    private void service(String name, String namespace, MappingNode doc) {
        String where = "Service/" + name;
        MappingNode spec = mappingAt(doc, "spec", where);
        if (spec == null) {
            services.add(new Service(name, namespace, origin(doc), "ClusterIP", Map.of(), List.of()));
            return;
        }
        Node sel = get(spec, "selector");
        Map<String, String> selector = sel == null || isNull(sel) ? Map.of() : strings(sel, "selector of " + where);
        List<ServicePort> ports = new ArrayList<>();
        Node pn = get(spec, "ports");
        if (pn != null && !isNull(pn)) {
            for (Node p : sequence(pn, "ports of " + where)) {
                MappingNode pm = mapping(p, "a port of " + where, "write `- port: 80` with targetPort:");
                Node number = get(pm, "port");
                if (number == null) throw error(pm, "a port of " + where + " has no port", "add `port: PORT`");
                int port = port(number, "port of " + where);
                Node target = get(pm, "targetPort");
                PortRef ref = target == null || isNull(target) ? new PortRef(port, null) : portRef(target, "targetPort of " + where);
                ports.add(new ServicePort(scalar(pm, "name"), port, ref, protocol(pm), origin(pm)));
            }
        }
        String type = scalar(spec, "type");
        services.add(new Service(name, namespace, origin(doc), type == null ? "ClusterIP" : type, selector, ports));
    }

    private void ingress(String name, String namespace, MappingNode doc) {
        String where = "Ingress/" + name;
        MappingNode spec = mappingAt(doc, "spec", where);
        if (spec == null) return;
        List<Backend> backends = new ArrayList<>();
        if (get(spec, "defaultBackend") instanceof MappingNode b) backend(b, "/", where, backends);
        Node rules = get(spec, "rules");
        if (rules != null && !isNull(rules)) {
            for (Node r : sequence(rules, "rules of " + where)) {
                if (!(r instanceof MappingNode rm) || !(get(rm, "http") instanceof MappingNode http)) continue;
                Node paths = get(http, "paths");
                if (paths == null || isNull(paths)) continue;
                for (Node p : sequence(paths, "paths of " + where)) {
                    if (!(p instanceof MappingNode pm) || !(get(pm, "backend") instanceof MappingNode b)) continue;
                    String path = scalar(pm, "path");
                    backend(b, path == null ? "/" : path, where, backends);
                }
            }
        }
        ingresses.add(new Ingress(name, namespace, origin(doc), backends));
    }

    private void backend(MappingNode b, String path, String where, List<Backend> out) {
        if (!(get(b, "service") instanceof MappingNode s)) return; // a resource backend
        String name = scalar(s, "name");
        if (name == null) throw error(s, "a backend of " + where + " names no service", "add `name: SERVICE`");
        PortRef port = null;
        if (get(s, "port") instanceof MappingNode p) {
            Node number = get(p, "number");
            if (number != null && !isNull(number)) port = new PortRef(port(number, "port.number of a backend of " + where), null);
            else if (scalar(p, "name") != null) port = new PortRef(0, scalar(p, "name"));
        }
        if (port == null) throw error(s, "the backend " + name + " of " + where + " has no port", "add `port: {number: PORT}` or `port: {name: NAME}`");
        out.add(new Backend(name, port, path, origin(b)));
    }

    // ---- values

    private PortRef portRef(Node v, String what) {
        String t = text(v, what);
        if (t.matches("\\d+")) return new PortRef(port(v, what), null);
        if (!t.matches("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?") || !t.matches(".*[a-z].*"))
            throw error(v, what + " is '" + t + "', neither a port nor a port name", "write a number (1-65535) or the name of a container port (lowercase, at most 15 characters)");
        return new PortRef(0, t);
    }

    private int port(Node v, String what) {
        int p = integer(v, what);
        if (p < 1 || p > 65535) throw error(v, what + " is " + p + ", not a port", "write a port from 1 to 65535");
        return p;
    }

    private String protocol(MappingNode m) {
        String p = scalar(m, "protocol");
        return p == null ? "TCP" : p.toUpperCase(java.util.Locale.ROOT);
    }

    private Integer optionalInt(MappingNode m, String key, String what) {
        Node v = get(m, key);
        return v == null || isNull(v) ? null : integer(v, key + " of " + what);
    }

    private int integer(Node v, String what) {
        String t = text(v, what);
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw error(v, what + " is '" + t + "', not a whole number", "write a number");
        }
    }

    private Map<String, String> strings(Node v, String what) {
        MappingNode m = mapping(v, what, "write `key: value` pairs");
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) out.put(text(t.getKeyNode(), "a key of " + what), isNull(t.getValueNode()) ? "" : text(t.getValueNode(), what));
        return out;
    }

    private List<String> list(Node v, String what) {
        List<String> out = new ArrayList<>();
        for (Node item : sequence(v, what)) out.add(isNull(item) ? "" : text(item, "an entry of " + what));
        return out;
    }

    private MappingNode mappingAt(MappingNode m, String key, String where) {
        Node v = get(m, key);
        if (v == null || isNull(v)) return null;
        return mapping(v, key + " of " + where, "write `" + key + ":` followed by its indented keys");
    }

    private String scalar(MappingNode m, String key) {
        Node v = get(m, key);
        return v instanceof ScalarNode s && !isNull(s) ? s.getValue() : null;
    }

    private static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        return null;
    }

    private String text(Node v, String what) {
        if (!(v instanceof ScalarNode s)) throw error(v, what + " is " + shape(v) + ", not a single value", "write one value");
        return s.getValue();
    }

    private List<Node> sequence(Node v, String what) {
        return YamlNodes.sequence(v, what, "write a list (- item)", this::error);
    }

    private MappingNode mapping(Node v, String what, String fix) {
        return YamlNodes.mapping(v, what, fix, this::error);
    }

    Origin origin(Node node) {
        return YamlNodes.origin(display, node);
    }

    private Bad error(Node node, String what, String fix) {
        return new Bad(YamlFile.position(display, node.getStartMark()) + ": " + what + "; " + fix);
    }

    /** A shape error, turned into a SourceException by {@link #read}. */
    private static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message, null, false, false);
        }
    }
}
