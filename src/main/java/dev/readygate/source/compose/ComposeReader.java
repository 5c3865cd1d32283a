package dev.readygate.source.compose;

import dev.readygate.base.Durations;
import dev.readygate.base.Suggest;
import dev.readygate.config.YamlFile;
import dev.readygate.config.YamlNodes;
import dev.readygate.model.Origin;
import dev.readygate.model.Redact;
import dev.readygate.source.SkipNote;
import dev.readygate.source.compose.ComposeProject.Dependency;
import dev.readygate.source.compose.ComposeProject.Exposed;
import dev.readygate.source.compose.ComposeProject.Healthcheck;
import dev.readygate.source.compose.ComposeProject.HttpCheck;
import dev.readygate.source.compose.ComposeProject.Port;
import dev.readygate.source.compose.ComposeProject.Service;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a Compose file's YAML nodes into a {@link ComposeProject}: the keys readygate reads are checked
 * for their shape and values (an error is {@code FILE:LINE:COL: what; fix}); other keys of a service
 * are left alone; top-level keys must be the specification's or {@code x-} extensions.
 */
final class ComposeReader {
    static final List<String> TOP_KEYS = List.of("version", "name", "include", "services", "networks", "volumes", "configs", "secrets", "models");
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");
    /**
     * The keys of a service in the Compose specification (schema/compose-spec.json of compose-spec/compose-spec,
     * 2026-06-23), which allows no other but {@code x-} extensions: a key close to one of these is a typo and an error
     * (Compose refuses the file too); another unknown key is told as a note and left alone (a newer key).
     */
    static final List<String> SERVICE_KEYS = List.of("annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
            "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
            "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
            "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
            "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "label_file",
            "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models",
            "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
            "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime", "scale", "secrets",
            "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
            "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir");

    private final String display;
    private final ComposeInterpolation interpolation;
    private final Map<String, String> env;
    private final Consumer<SkipNote> notes;
    /** Variables used unset (blank, as in Compose), told once each with the first place they are used. */
    private final Set<String> unset = new LinkedHashSet<>();
    private final List<String> unsetHere = new ArrayList<>();
    private final List<Include> includes = new ArrayList<>();
    private final Map<String, Extends> extendsOf = new LinkedHashMap<>();

    /**
     * One entry of {@code include:}: its files (merged as {@code -f} files are), relative to the including file.
     *
     * @param projectDirectory its {@code project_directory}, or null (the folder of its first file)
     * @param envFiles         its {@code env_file}s, or empty (the .env of its project directory)
     */
    record Include(List<String> paths, String projectDirectory, List<String> envFiles, dev.readygate.model.Origin origin) {
    }
    /**
     * A service's {@code extends:}: the service it is based on, in this file or in {@code file} (relative to this
     * file's folder), with the origin of the {@code extends:} key.
     */
    record Extends(String service, String file, Origin origin) {
    }

    /** @param env the variables values are interpolated from (the environment over .env) */
    ComposeReader(String display, Map<String, String> env, Consumer<SkipNote> notes) {
        this.display = display;
        this.env = env;
        this.interpolation = new ComposeInterpolation(env, unsetHere::add);
        this.notes = notes;
    }

    ComposeProject read(Node root) {
        if (root == null || isNull(root)) throw new ComposeException(display + ": the file is empty; a Compose file has `services:`");
        MappingNode top = mapping(root, "the top level", "write `services:` followed by one indented entry per service");
        noDuplicateKeys(root);
        interpolatesEverywhere(root);
        List<Service> services = new ArrayList<>();
        MappingNode servicesNode = null;
        for (NodeTuple t : top.getValue()) {
            String key = key(t.getKeyNode());
            if (key.startsWith("x-")) continue;
            if (!TOP_KEYS.contains(key)) {
                String fix = Suggest.closest(key, TOP_KEYS).map(k -> "did you mean '" + k + "'?")
                        .orElse("the top level has " + String.join(", ", TOP_KEYS) + " and x- extensions");
                throw error(t.getKeyNode(), "unknown top-level key '" + key + "'", fix);
            }
            if (key.equals("include") && !isNull(t.getValueNode())) includes(t.getValueNode());
            if (key.equals("services") && !isNull(t.getValueNode()))
                servicesNode = mapping(t.getValueNode(), "key 'services'", "write one indented `NAME:` entry per service");
        }
        if (servicesNode == null) return new ComposeProject(display, List.of());
        for (NodeTuple t : servicesNode.getValue()) {
            String name = key(t.getKeyNode());
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*"))
                throw error(t.getKeyNode(), "service name '" + name + "' is not valid", "use letters, digits, '_', '.' and '-', starting with a letter or digit");
            services.add(service(name, t.getKeyNode(), t.getValueNode()));
        }
        return new ComposeProject(display, services);
    }

    /** Every depends_on names a service of the project (checked once the files are merged: an override may depend on a base's service). */
    static void checkDependencies(List<Service> services) {
        Set<String> names = new LinkedHashSet<>(services.stream().map(Service::name).toList());
        for (Service s : services) {
            for (Dependency d : s.dependsOn()) {
                if (!names.contains(d.service()))
                    throw new ComposeException(d.origin() + ": service '" + s.name() + "' depends on undefined service '" + d.service() + "'; "
                            + Suggest.closest(d.service(), names).map(n -> "did you mean '" + n + "'?").orElse("services: " + String.join(", ", names)));
            }
        }
    }

    private Service service(String name, Node keyNode, Node value) {
        String where = "service '" + name + "'";
        if (isNull(value))
            return new Service(name, origin(keyNode), List.of(), List.of(), null, List.of(), List.of(), null, Map.of(), Map.of(), List.of(), List.of());
        MappingNode m = mapping(value, where, "write the service's keys (image:, ports:, ...) indented under its name");
        List<Port> ports = List.of();
        List<Exposed> expose = List.of();
        Healthcheck health = null;
        Node healthNode = null;
        List<Dependency> deps = List.of();
        List<String> profiles = List.of();
        String networkMode = null;
        Map<String, List<String>> networks = Map.of();
        Map<String, String> environment = Map.of();
        List<String> envFiles = List.of();
        List<String> hostPaths = new ArrayList<>();
        Set<String> replaced = new java.util.HashSet<>();
        ComposeProject.Image image = null, built = null;
        String containerName = null;
        Map<String, Origin> environmentOrigins = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = key(t.getKeyNode());
            Node v = t.getValueNode();
            String tag = v.getTag().getValue();
            if (tag.equals("!reset") || tag.equals("!override")) replaced.add(key);
            unknownKey(t.getKeyNode(), key, where);
            if (isNull(v) || tag.equals("!reset")) continue;
            switch (key) {
                case "ports" -> ports = ports(v, where);
                case "expose" -> expose = expose(v, where);
                case "healthcheck" -> healthNode = v;
                case "depends_on" -> deps = dependsOn(v, where);
                case "profiles" -> profiles = strings(v, "profiles in " + where);
                case "network_mode" -> networkMode = text(v, "network_mode in " + where);
                case "networks" -> networks = networks(v, where);
                case "environment" -> environment = environment(v, where, environmentOrigins);
                case "image" -> image = new ComposeProject.Image(text(v, "image of " + where), origin(v));
                case "container_name" -> containerName = text(v, "container_name of " + where);
                case "env_file" -> envFiles = envFiles(v, where);
                case "volumes" -> binds(v, hostPaths);
                case "build" -> built = build(v, hostPaths);
                case "extends" -> extendsOf.put(name, extendsRef(v, where));
                default -> {
                }
            }
        }
        Map<String, String> containerEnv = healthNode != null || (ports.isEmpty() && expose.isEmpty()) ? containerEnv(envFiles, environment) : Map.of();
        if (healthNode != null) health = healthcheck(healthNode, name, where, containerEnv);
        if (image == null) image = built; // an image: of a built service names what is built, not what it is built from
        if (ports.isEmpty() && expose.isEmpty()) expose = envPort(name, containerEnv, m);
        if (networkMode != null && !ports.isEmpty() && (networkMode.startsWith("service:")
                || networkMode.startsWith("container:") || networkMode.equals("none")))
            notes.accept(note(keyNode, "skipped the ports of " + where + " at " + origin(keyNode) + ": network_mode " + networkMode
                    + " publishes none"));
        return new Service(name, origin(keyNode), ports, expose, health, deps, profiles, networkMode, networks, environment, envFiles, hostPaths,
                replaced, image, containerName, environmentOrigins);
    }

    /** A key the specification does not have: a typo of one it has is an error, anything else a note. */
    private void unknownKey(Node keyNode, String key, String where) {
        if (key.startsWith("x-") || SERVICE_KEYS.contains(key)) return;
        java.util.Optional<String> near = Suggest.closest(key, SERVICE_KEYS);
        if (near.isPresent()) throw error(keyNode, "unknown key '" + key + "' in " + where, "did you mean '" + near.get() + "'?");
        notes.accept(note(keyNode, "ignored key '" + key + "' in " + where + " at " + origin(keyNode)
                + ": not in the Compose specification readygate knows (x- for extensions)"));
    }

    private Extends extendsRef(Node v, String where) {
        if (v instanceof ScalarNode) return new Extends(text(v, "extends in " + where), null, origin(v));
        MappingNode m = mapping(v, "extends in " + where, "write `extends: {service: NAME, file: FILE}`, or `extends: NAME` for a service of this file");
        String service = null;
        String file = null;
        for (NodeTuple t : m.getValue()) {
            String key = key(t.getKeyNode());
            switch (key) {
                case "service" -> service = text(t.getValueNode(), "service of extends in " + where);
                case "file" -> file = text(t.getValueNode(), "file of extends in " + where);
                default -> throw error(t.getKeyNode(), "unknown key '" + key + "' in extends of " + where, "extends has service and file");
            }
        }
        if (service == null || service.isEmpty()) throw error(m, "extends in " + where + " names no service", "add `service: NAME`");
        return new Extends(service, file, origin(m));
    }

    /** The {@code extends:} of this file's services, by service name. */
    Map<String, Extends> extendsOf() {
        return extendsOf;
    }

    /** The host sources of bind mounts ({@code ./x:/y}, or the long form's {@code type: bind}); named volumes are not files. */
    private void binds(Node v, List<String> out) {
        if (!(v instanceof SequenceNode seq)) return;
        for (Node item : seq.getValue()) {
            String source = null;
            if (item instanceof ScalarNode s && !isNull(s)) {
                String spec = text(item, "an entry of volumes");
                String src = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : "";
                if (src.startsWith(".") || src.startsWith("/")) source = src;
            } else if (item instanceof MappingNode m) {
                String type = null;
                for (NodeTuple t : m.getValue()) {
                    if (t.getValueNode() instanceof ScalarNode) {
                        if (key(t.getKeyNode()).equals("type")) type = text(t.getValueNode(), "type of a volume");
                        if (key(t.getKeyNode()).equals("source")) source = text(t.getValueNode(), "source of a volume");
                    }
                }
                if (!"bind".equals(type)) source = null;
            }
            if (source != null) out.add(beside(source));
        }
    }

    /** Adds the build context to {@code out}; returns the base image its Dockerfile builds from, or null ({@link Dockerfiles}). */
    private ComposeProject.Image build(Node v, List<String> out) {
        String context = null, dockerfile = null, target = null;
        if (v instanceof ScalarNode) context = text(v, "build");
        else if (v instanceof MappingNode m)
            for (NodeTuple t : m.getValue()) {
                if (!(t.getValueNode() instanceof ScalarNode) || isNull(t.getValueNode())) continue;
                switch (key(t.getKeyNode())) {
                    case "context" -> context = text(t.getValueNode(), "build context");
                    case "dockerfile" -> dockerfile = text(t.getValueNode(), "build dockerfile");
                    case "target" -> target = text(t.getValueNode(), "build target");
                    default -> {
                    }
                }
            }
        if (context != null) out.add(beside(context));
        return Dockerfiles.base(beside(context == null ? "." : context), dockerfile, target);
    }

    /** A path the file names, resolved against the file's folder (as written when it is absolute or a URL). */
    private String beside(String path) {
        if (path.contains("://") || path.startsWith("/")) return path;
        try {
            java.nio.file.Path parent = java.nio.file.Path.of(display).getParent();
            return parent == null ? path : parent.resolve(path).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    /** The {@code include:} entries read, in file order. */
    List<Include> includes() {
        return includes;
    }

    private void includes(Node v) {
        for (Node item : sequence(v, "include", "write a list of files, or of mappings with path:")) {
            if (item instanceof ScalarNode) {
                includes.add(new Include(List.of(text(item, "an entry of include")), null, List.of(), origin(item)));
                continue;
            }
            MappingNode m = mapping(item, "an entry of include", "write a file, or a mapping with path:, project_directory: and env_file:");
            List<String> paths = List.of();
            String dir = null;
            List<String> envFiles = List.of();
            for (NodeTuple t : m.getValue()) {
                String key = key(t.getKeyNode());
                switch (key) {
                    case "path" -> paths = strings(t.getValueNode(), "path of include");
                    case "project_directory" -> dir = text(t.getValueNode(), "project_directory of include");
                    case "env_file" -> envFiles = strings(t.getValueNode(), "env_file of include");
                    default -> throw error(t.getKeyNode(), "unknown key '" + key + "' in an entry of include", "an entry has path, project_directory and env_file");
                }
            }
            if (paths.isEmpty()) throw error(m, "an entry of include has no path", "add `path: FILE`");
            includes.add(new Include(paths, dir, envFiles, origin(item)));
        }
    }

    // ---- ports and expose

    private List<Port> ports(Node v, String where) {
        List<Port> out = new ArrayList<>();
        for (Node item : sequence(v, "ports of " + where, "write a list: - \"8080:80\"")) {
            if (item instanceof MappingNode long_) {
                out.addAll(longPort(long_, where));
                continue;
            }
            String written = text(item, "an entry of ports in " + where);
            Ports.Mapping mapping;
            try {
                mapping = Ports.parse(written);
            } catch (IllegalArgumentException e) {
                throw error(item, "port '" + written + "' in " + where + " is not valid", e.getMessage());
            }
            for (int[] p : mapping.pairs())
                out.add(new Port(mapping.hostIp(), p[0], p[1], mapping.protocol(), null, origin(item), written));
        }
        return out;
    }

    private List<Port> longPort(MappingNode m, String where) {
        Node targetNode = null;
        String published = "";
        String hostIp = "";
        String protocol = "tcp";
        String app = null;
        for (NodeTuple t : m.getValue()) {
            String key = key(t.getKeyNode());
            Node v = t.getValueNode();
            switch (key) {
                case "target" -> targetNode = v;
                case "published" -> published = isNull(v) ? "" : text(v, "published in " + where);
                case "host_ip" -> hostIp = isNull(v) ? "" : text(v, "host_ip in " + where);
                case "protocol" -> {
                    protocol = text(v, "protocol in " + where).toLowerCase(java.util.Locale.ROOT);
                    if (!Ports.PROTOCOLS.contains(protocol)) throw error(v, "unknown protocol '" + protocol + "' in " + where, "write tcp, udp or sctp");
                }
                case "app_protocol" -> app = text(v, "app_protocol in " + where);
                case "mode", "name" -> text(v, key + " in " + where);
                default -> {
                    if (!key.startsWith("x-"))
                        throw error(t.getKeyNode(), "unknown key '" + key + "' in a port of " + where,
                                "a port has target, published, host_ip, protocol, app_protocol, mode and name");
                }
            }
        }
        if (targetNode == null) throw error(m, "a port of " + where + " has no target", "add `target: CONTAINER_PORT`");
        String written = text(targetNode, "target in " + where);
        if (hostIp.startsWith("[") && hostIp.endsWith("]")) hostIp = hostIp.substring(1, hostIp.length() - 1);
        if (!hostIp.isEmpty() && !dev.readygate.base.HostPort.isIpLiteral(hostIp))
            throw error(m, "host_ip '" + hostIp + "' in " + where + " is not an IP address", "write an address such as 127.0.0.1 or ::1");
        int[] c;
        int[] h;
        try {
            c = Ports.range(written, "container port");
            if (c[0] != c[1]) throw new IllegalArgumentException("target is one port, not a range");
            h = published.isEmpty() ? new int[]{0, 0} : Ports.range(published, "published port");
        } catch (IllegalArgumentException e) {
            throw error(m, "a port of " + where + " is not valid", e.getMessage());
        }
        Ports.Mapping mapping = new Ports.Mapping(hostIp, h[0], h[1], c[0], c[1], protocol);
        List<Port> out = new ArrayList<>();
        for (int[] p : mapping.pairs()) out.add(new Port(hostIp, p[0], p[1], protocol, app, origin(m), "target " + written));
        return out;
    }

    private List<Exposed> expose(Node v, String where) {
        List<Exposed> out = new ArrayList<>();
        for (Node item : sequence(v, "expose of " + where, "write a list: - \"3000\"")) {
            String written = text(item, "an entry of expose in " + where);
            Ports.Mapping mapping;
            try {
                mapping = Ports.parse(written);
                if (mapping.hostFrom() != 0 || !mapping.hostIp().isEmpty())
                    throw new IllegalArgumentException("expose takes container ports only (e.g. 3000 or 3000-3005); publish with ports:");
            } catch (IllegalArgumentException e) {
                throw error(item, "expose '" + written + "' in " + where + " is not valid", e.getMessage());
            }
            for (int p = mapping.from(); p <= mapping.to(); p++) out.add(new Exposed(p, mapping.protocol(), origin(item)));
        }
        return out;
    }

    // ---- healthcheck

    /** The container's environment as far as the files tell it: its env_files (those that exist), then environment:. */
    private Map<String, String> containerEnv(List<String> envFiles, Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : envFiles) {
            java.nio.file.Path path = java.nio.file.Path.of(beside(f));
            if (!java.nio.file.Files.isRegularFile(path)) continue;
            out.putAll(DotEnv.parse(YamlFile.read(path, path.toString(), ENV_FILE), path.toString()));
        }
        environment.forEach((k, val) -> {
            if (val != null) out.put(k, val);
        });
        return out;
    }

    /**
     * A service that neither publishes nor exposes a port, but whose environment (or env_file) sets a variable that
     * names its own port ({@link Service#ownPortVariable}; PORT first): the container port it listens on, at the line
     * of the variable (or of its service's env_file); nothing when the value is not a port.
     */
    private List<Exposed> envPort(String serviceName, Map<String, String> containerEnv, MappingNode service) {
        List<String> names = new ArrayList<>();
        if (containerEnv.containsKey("PORT")) names.add("PORT");
        for (String n : containerEnv.keySet()) if (!n.equals("PORT") && Service.ownPortVariable(serviceName, n)) names.add(n);
        for (String name : names) {
            String value = containerEnv.get(name);
            if (value == null) continue;
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (port < 1 || port > 65535) continue;
            Node inEnvironment = null;
            Node envFile = service;
            for (NodeTuple t : service.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                if (key.equals("env_file")) envFile = t.getKeyNode();
                if (key.equals("environment")) inEnvironment = entry(t.getValueNode(), name, null);
            }
            Node at = inEnvironment != null ? inEnvironment : envFile;
            return List.of(new Exposed(port, "tcp", origin(at), name));
        }
        return List.of();
    }

    /** The node of {@code name} in an environment block (a mapping key, or a NAME=value list item), else {@code fallback}. */
    private static Node entry(Node environment, String name, Node fallback) {
        if (environment instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) return k;
        } else if (environment instanceof SequenceNode seq) {
            for (Node item : seq.getValue())
                if (item instanceof ScalarNode v && (v.getValue().equals(name) || v.getValue().startsWith(name + "="))) return item;
        }
        return fallback;
    }

    private static final YamlFile.Kind ENV_FILE = new YamlFile.Kind("an env file is a few KB", "", "");

    private Healthcheck healthcheck(Node v, String service, String where, Map<String, String> containerEnv) {
        String in = "healthcheck of " + where;
        MappingNode m = mapping(v, in, "write test:, interval:, timeout:, retries:, start_period:, start_interval: or disable:");
        List<String> test = List.of();
        Duration interval = null, timeout = null, startPeriod = null, startInterval = null;
        Integer retries = null;
        boolean disabled = false;
        Node testNode = null;
        for (NodeTuple t : m.getValue()) {
            String key = key(t.getKeyNode());
            Node val = t.getValueNode();
            if (isNull(val)) continue;
            switch (key) {
                case "test" -> {
                    testNode = val;
                    test = test(val, in);
                }
                case "interval" -> interval = duration(val, "interval in the " + in);
                case "timeout" -> timeout = duration(val, "timeout in the " + in);
                case "start_period" -> startPeriod = duration(val, "start_period in the " + in);
                case "start_interval" -> startInterval = duration(val, "start_interval in the " + in);
                case "retries" -> {
                    String r = text(val, "retries in the " + in);
                    if (!r.matches("[0-9]{1,9}")) throw error(val, "retries '" + r + "' in the " + in + " is not a number", "write a whole number, e.g. 3");
                    retries = Integer.parseInt(r);
                }
                case "disable" -> disabled = bool(val, "disable in the " + in);
                default -> {
                    if (!key.startsWith("x-"))
                        throw error(t.getKeyNode(), "unknown key '" + key + "' in the " + in,
                                "a healthcheck has test, interval, timeout, retries, start_period, start_interval and disable");
                }
            }
        }
        if (!test.isEmpty() && test.get(0).equals("NONE")) disabled = true;
        HttpCheck http = null;
        if (!disabled && testNode != null) {
            HealthUrl.Found f = HealthUrl.find(test, service, containerEnv);
            if (f != null) http = new HttpCheck(f.scheme(), f.port(), f.path(), origin(testNode));
        }
        return new Healthcheck(test, interval, timeout, retries, startPeriod, startInterval, disabled, http, origin(v));
    }

    private List<String> test(Node v, String in) {
        if (v instanceof ScalarNode) {
            String cmd = text(v, "test in the " + in);
            return cmd.isEmpty() ? List.of() : List.of("CMD-SHELL", cmd);
        }
        List<String> words = strings(v, "test in the " + in);
        if (words.isEmpty()) return words;
        String kind = words.get(0);
        if (!kind.equals("CMD") && !kind.equals("CMD-SHELL") && !kind.equals("NONE"))
            throw error(v, "test in the " + in + " starts with '" + Redact.text(kind) + "'",
                    "start the list with CMD (a command and its arguments), CMD-SHELL (one shell command) or NONE");
        if (kind.equals("CMD-SHELL") && words.size() != 2)
            throw error(v, "test in the " + in + " has CMD-SHELL and " + (words.size() - 1) + " commands", "write [CMD-SHELL, \"one shell command\"]");
        if (!kind.equals("NONE") && words.size() < 2)
            throw error(v, "test in the " + in + " has " + kind + " and no command", "write [CMD, program, args...] or [CMD-SHELL, \"command\"]");
        return words;
    }

    private Duration duration(Node v, String what) {
        String text = text(v, what);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(v, what + " '" + text + "' is not a duration", "write it as Compose does, e.g. 500ms, 10s, 1m30s");
        }
    }

    // ---- depends_on, networks, environment

    private List<Dependency> dependsOn(Node v, String where) {
        List<Dependency> out = new ArrayList<>();
        if (v instanceof SequenceNode) {
            for (Node item : sequence(v, "depends_on of " + where, ""))
                out.add(new Dependency(text(item, "an entry of depends_on in " + where), "service_started", true, origin(item)));
            return out;
        }
        MappingNode m = mapping(v, "depends_on of " + where, "write a list of services, or a mapping of service: {condition: ...}");
        for (NodeTuple t : m.getValue()) {
            String dep = key(t.getKeyNode());
            String condition = "service_started";
            boolean required = true;
            if (!isNull(t.getValueNode())) {
                MappingNode d = mapping(t.getValueNode(), "depends_on " + dep + " in " + where, "write condition:, required: or restart:");
                for (NodeTuple e : d.getValue()) {
                    String key = key(e.getKeyNode());
                    Node val = e.getValueNode();
                    switch (key) {
                        case "condition" -> {
                            condition = text(val, "condition of " + dep + " in " + where);
                            if (!CONDITIONS.contains(condition))
                                throw error(val, "condition '" + condition + "' of " + dep + " in " + where + " is not a condition",
                                        Suggest.closest(condition, CONDITIONS).map(c -> "did you mean '" + c + "'?")
                                                .orElse("write service_started, service_healthy or service_completed_successfully"));
                        }
                        case "required" -> required = bool(val, "required of " + dep + " in " + where);
                        case "restart" -> bool(val, "restart of " + dep + " in " + where);
                        default -> {
                            if (!key.startsWith("x-"))
                                throw error(e.getKeyNode(), "unknown key '" + key + "' in depends_on " + dep + " of " + where,
                                        "write condition:, required: or restart:");
                        }
                    }
                }
            }
            out.add(new Dependency(dep, condition, required, origin(t.getKeyNode())));
        }
        return out;
    }

    private Map<String, List<String>> networks(Node v, String where) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (v instanceof SequenceNode) {
            for (String n : strings(v, "networks of " + where)) out.put(n, List.of());
            return out;
        }
        MappingNode m = mapping(v, "networks of " + where, "write a list of networks, or a mapping of network: {aliases: [...]}");
        for (NodeTuple t : m.getValue()) {
            String net = key(t.getKeyNode());
            List<String> aliases = List.of();
            if (t.getValueNode() instanceof MappingNode n) {
                for (NodeTuple e : n.getValue())
                    if (key(e.getKeyNode()).equals("aliases") && !isNull(e.getValueNode()))
                        aliases = strings(e.getValueNode(), "aliases of " + net + " in " + where);
            } else if (!isNull(t.getValueNode())) {
                throw error(t.getValueNode(), "network " + net + " of " + where + " is " + shape(t.getValueNode()), "write a mapping (aliases:, ...) or nothing");
            }
            out.put(net, aliases);
        }
        return out;
    }

    /** @param origins told where each entry is written */
    private Map<String, String> environment(Node v, String where, Map<String, Origin> origins) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof SequenceNode) {
            for (Node item : sequence(v, "environment of " + where, "write a list of NAME=value or a mapping of NAME: value")) {
                String e = text(item, "an entry of environment of " + where);
                int eq = e.indexOf('=');
                String name = eq < 0 ? e : e.substring(0, eq);
                out.put(name, eq < 0 ? null : e.substring(eq + 1));
                origins.put(name, origin(item));
            }
            return out;
        }
        MappingNode m = mapping(v, "environment of " + where, "write a list of NAME=value or a mapping of NAME: value");
        for (NodeTuple t : m.getValue()) {
            String name = key(t.getKeyNode());
            out.put(name, isNull(t.getValueNode()) ? null : text(t.getValueNode(), "environment " + name + " of " + where));
            origins.put(name, origin(t.getKeyNode()));
        }
        return out;
    }

    private List<String> envFiles(Node v, String where) {
        if (v instanceof ScalarNode) return List.of(text(v, "env_file of " + where));
        List<String> out = new ArrayList<>();
        for (Node item : sequence(v, "env_file of " + where, "write a file or a list of files")) {
            if (item instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) if (key(t.getKeyNode()).equals("path")) out.add(text(t.getValueNode(), "path of env_file in " + where));
            } else {
                out.add(text(item, "an entry of env_file in " + where));
            }
        }
        return out;
    }

    // ---- shapes and values

    /**
     * Compose interpolates every value, so a {@code ${VAR:?error}} or a malformed {@code ${} anywhere (an image, a
     * command) stops it: so it stops readygate, at its position. Unset variables are told only where readygate reads them.
     */
    private void interpolatesEverywhere(Node root) {
        ComposeInterpolation quiet = new ComposeInterpolation(env, name -> { });
        record At(Node node, String path) {
        }
        java.util.ArrayDeque<At> todo = new java.util.ArrayDeque<>(List.of(new At(root, "")));
        while (!todo.isEmpty()) {
            At at = todo.pop();
            if (at.node() instanceof SequenceNode s) {
                for (int i = s.getValue().size() - 1; i >= 0; i--) todo.push(new At(s.getValue().get(i), at.path() + "[" + i + "]"));
            } else if (at.node() instanceof MappingNode m) {
                for (int i = m.getValue().size() - 1; i >= 0; i--) {
                    NodeTuple t = m.getValue().get(i);
                    String k = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : "?";
                    todo.push(new At(t.getValueNode(), at.path().isEmpty() ? k : at.path() + "." + k));
                }
            } else if (at.node() instanceof ScalarNode s && s.getValue().indexOf('$') >= 0) {
                try {
                    quiet.apply(s.getValue());
                } catch (dev.readygate.config.Interpolation.Failure f) {
                    throw error(s, f.what + " (in " + at.path() + ")", f.fix);
                }
            }
        }
    }

    /** Compose refuses a key written twice in one mapping (merged keys are resolved already: an explicit key wins). */
    private void noDuplicateKeys(Node node) {
        YamlNodes.noDuplicateKeys(node, this::error);
    }

    private String key(Node node) {
        if (!(node instanceof ScalarNode s) || isNull(node)) throw error(node, "a key is " + shape(node), "keys are plain words");
        return s.getValue();
    }

    /** The interpolated text of a scalar (numbers and booleans as written). */
    private String text(Node node, String what) {
        if (!(node instanceof ScalarNode s)) throw error(node, what + " is " + shape(node) + ", not a single value", "write one value");
        String out;
        try {
            out = interpolation.apply(s.getValue());
        } catch (dev.readygate.config.Interpolation.Failure f) {
            throw error(node, f.what + " (" + what + ")", f.fix);
        }
        for (String name : unsetHere)
            if (unset.add(name)) notes.accept(note(node, origin(node) + ": variable " + name
                    + " is not set; it stands for a blank string, as in Compose (set it in the environment or in .env)"));
        unsetHere.clear();
        return out;
    }

    private boolean bool(Node node, String what) {
        String t = text(node, what);
        if (t.equalsIgnoreCase("true")) return true;
        if (t.equalsIgnoreCase("false")) return false;
        throw error(node, what + " is '" + t + "', not true or false", "write true or false");
    }

    private List<String> strings(Node v, String what) {
        if (v instanceof ScalarNode) return List.of(text(v, what));
        List<String> out = new ArrayList<>();
        for (Node item : sequence(v, what, "write a list of strings")) out.add(text(item, "an entry of " + what));
        return out;
    }

    private List<Node> sequence(Node v, String what, String fix) {
        return YamlNodes.sequence(v, what, fix.isEmpty() ? "write a list" : fix, this::error);
    }

    private MappingNode mapping(Node v, String what, String fix) {
        return YamlNodes.mapping(v, what, fix, this::error);
    }

    private static boolean isNull(Node node) {
        return YamlNodes.isNull(node);
    }

    private static String shape(Node node) {
        return YamlNodes.shape(node);
    }

    Origin origin(Node node) {
        return YamlNodes.origin(display, node);
    }

    private SkipNote note(Node node, String message) {
        return new SkipNote(origin(node), message);
    }

    private ComposeException error(Node node, String what, String fix) {
        return new ComposeException(YamlFile.position(display, node.getStartMark()) + ": " + what + "; " + fix);
    }
}
