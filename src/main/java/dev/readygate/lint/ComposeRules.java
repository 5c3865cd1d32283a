package dev.readygate.lint;

import dev.readygate.base.Durations;
import dev.readygate.base.HostPort;
import dev.readygate.base.Suggest;
import dev.readygate.model.Origin;
import dev.readygate.source.compose.ComposeFacts;
import dev.readygate.source.compose.ComposeProject.Dependency;
import dev.readygate.source.compose.ComposeProject.Exposed;
import dev.readygate.source.compose.ComposeProject.Healthcheck;
import dev.readygate.source.compose.ComposeProject.Port;
import dev.readygate.source.compose.ComposeProject.Service;
import dev.readygate.source.nginx.Upstreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in Compose rules (docs/compose.md lists them with examples): an nginx config of the project against the
 * services it proxies to (across files), and what makes a service start before what it needs is ready.
 */
public final class ComposeRules {
    /** Images that proxy to other services: one that depends on its upstream should wait for it to be healthy. */
    static final List<String> PROXIES = List.of("nginx", "openresty", "traefik", "caddy", "haproxy", "envoy");
    /** Images that hold data: their ports should not be published on every interface of the host. */
    static final List<String> DATABASES = List.of("postgres", "postgis", "timescaledb", "mysql", "mariadb", "percona", "mongo", "redis",
            "valkey", "keydb", "memcached", "cassandra", "scylla", "couchdb", "couchbase", "elasticsearch", "opensearch", "clickhouse",
            "neo4j", "influxdb", "cockroach", "mssql", "oracle", "rabbitmq", "etcd", "zookeeper");
    /** Words of an image name that make it a tool around a database, not one: mongo-express, redis-commander, postgres-exporter. */
    static final Set<String> NOT_DATABASES = Set.of("express", "exporter", "commander", "insight", "admin", "ui", "web", "dashboard", "backup",
            "operator", "client", "cli", "proxy");
    /**
     * Words of the names of variables whose value a browser reads (a CORS origin, a public base URL): localhost there is
     * the user's machine, where published ports are, not the container.
     */
    static final Set<String> BROWSER_WORDS = Set.of("ORIGIN", "ORIGINS", "CORS", "PUBLIC", "ALLOWED", "REDIRECT", "CALLBACK", "EXTERNAL", "BROWSER",
            "FRONTEND", "SITE", "BASE");
    /** Prefixes of the variables a front-end bundle is built with (they run in the browser). */
    static final List<String> BROWSER_PREFIXES = List.of("REACT_APP_", "VITE_", "VUE_APP_", "NG_APP_", "NEXT_PUBLIC_");
    /** Compose's healthcheck interval and timeout when the file sets none. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    private static final Pattern CLIENT = Pattern.compile("(?:^|[\\s;&|(/])(curl|wget)(?=\\s|$)");
    /** A loopback host in a value, as a URL's or a host:port's host (a user:password@ before it is skipped, never shown). */
    private static final Pattern LOOPBACK = Pattern.compile("(?:^|[/@=,;\\s])(localhost|127\\.0\\.0\\.1|\\[::1\\])(?::([0-9]{1,5}))?(?=$|[/,;?#\\s])",
            Pattern.CASE_INSENSITIVE);

    private ComposeRules() {
    }

    private static Rule<ComposeFacts> rule(String id, Severity severity, String summary, String fix, BasicRule.Check<ComposeFacts> check) {
        return new BasicRule<>(id, severity, summary, fix, check);
    }

    public static List<Rule<ComposeFacts>> all() {
        return List.of(nginxUnknownService(), nginxPortMismatch(), proxyWithoutHealthCondition(), dependsOnNotHealthy(),
                dependencyWithoutHealthcheck(), healthcheckToolMissing(), healthcheckTimeout(), databasePortPublic(), localhostToService());
    }

    // ---- what a service listens on

    /** A container port a service listens on, as far as the file tells, and where that is written. */
    record Listen(int port, Origin origin, String how) {
    }

    /** Ports (container side), expose, its healthcheck's URL, an environment variable that sets its port (PORT, SERVER_PORT, ...). */
    static List<Listen> listens(Service s) {
        Map<Integer, Listen> out = new LinkedHashMap<>();
        for (Port p : s.ports()) out.putIfAbsent(p.target(), new Listen(p.target(), p.origin(), "ports"));
        for (Exposed e : s.expose())
            out.putIfAbsent(e.port(), new Listen(e.port(), e.origin(), e.variable() == null ? "expose" : "environment " + e.variable()));
        Healthcheck h = s.healthcheck();
        if (h != null && !h.disabled() && h.http() != null) out.putIfAbsent(h.http().port(), new Listen(h.http().port(), h.http().origin(), "healthcheck"));
        s.environment().forEach((name, value) -> {
            if (value == null || !Service.ownPortVariable(s.name(), name) || !value.strip().matches("[0-9]{1,5}")) return;
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) out.putIfAbsent(port, new Listen(port, s.environmentOrigins().getOrDefault(name, s.origin()), "environment " + name));
        });
        return List.copyOf(out.values());
    }


    private static String listing(List<Listen> ports) {
        List<String> out = new ArrayList<>();
        for (Listen l : ports) out.add(l.port() + " (" + l.how() + " at " + l.origin() + ")");
        return String.join(", ", out);
    }

    /** Shares the host's or another container's network stack: its ports are not its own to check. */
    private static boolean ownNetwork(Service s) {
        String m = s.networkMode();
        return m == null || m.equals("bridge") || m.equals("default");
    }

    // ---- images

    /** The image's repository, lower case, without tag or digest: {@code bitnami/postgresql}; empty without an image. */
    static String repository(Service s) {
        return reference(s)[0];
    }

    /** The image's tag, lower case ({@code latest} when none is written; empty without an image). */
    static String tag(Service s) {
        return reference(s)[1];
    }

    /** {repository, tag} of the image, lower case, the digest left out (a registry's port is not a tag). */
    private static String[] reference(Service s) {
        if (s.image() == null) return new String[]{"", ""};
        String i = s.image().name().toLowerCase(Locale.ROOT);
        int at = i.indexOf('@');
        if (at >= 0) i = i.substring(0, at);
        int colon = i.lastIndexOf(':');
        return colon > i.lastIndexOf('/') ? new String[]{i.substring(0, colon), i.substring(colon + 1)} : new String[]{i, "latest"};
    }

    /** The first of {@code families} the image's repository names (its last path segment first): {@code redislabs/redismod} is redis. */
    static String family(Service s, List<String> families) {
        String repo = repository(s);
        if (repo.isEmpty()) return null;
        String last = repo.substring(repo.lastIndexOf('/') + 1);
        if (families == DATABASES && java.util.Arrays.stream(last.split("[-_.]")).anyMatch(NOT_DATABASES::contains)) return null;
        for (String f : families) if (last.contains(f)) return f;
        for (String f : families) if (repo.contains(f)) return f;
        return null;
    }

    /** A proxy: a proxy image, or a service that mounts or builds with an nginx config of the project. */
    static boolean isProxy(Service s, ComposeFacts f) {
        return family(s, PROXIES) != null || f.nginx().stream().anyMatch(c -> c.service().equals(s.name()));
    }

    /** What makes a service a proxy, for a message: {@code an nginx proxy}, or {@code a proxy with an nginx config}. */
    private static String proxyKind(Service s) {
        String family = family(s, PROXIES);
        if (family == null) return "a proxy with an nginx config";
        return (Set.of("nginx", "openresty", "envoy", "haproxy").contains(family) ? "an " : "a ") + family + " proxy";
    }

    // ---- across files: nginx configs against the services

    /** What nginx says, for a message: {@code server web1:5000 of upstream lb} or {@code proxy_pass http://web:80}. */
    private static String said(Upstreams.Address a) {
        return a.server() != null ? "server " + a.server().address() + " of upstream " + a.pass().upstream().name()
                : a.pass().directive() + " " + a.pass().argument();
    }

    /** A host that could be a Compose service's name: one label, not an address, not localhost. */
    private static boolean serviceLike(String host) {
        return host != null && !host.contains(".") && !HostPort.isIpLiteral(host) && !host.equalsIgnoreCase("localhost") && !host.contains("$");
    }

    /** An address an nginx config dials, and the service that runs that config. */
    private record Dialled(Service proxy, Upstreams.Address address) {
    }

    /** Each dialled address of each config of a running proxy, once per nginx line and host:port. */
    private static List<Dialled> dialled(ComposeFacts f) {
        Map<String, Service> running = new LinkedHashMap<>();
        for (Service s : f.enabled()) running.put(s.name(), s);
        List<Dialled> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ComposeFacts.NginxConfig c : f.nginx()) {
            Service proxy = running.get(c.service());
            if (proxy == null) continue;
            for (Upstreams.Address a : Upstreams.of(c.facts()))
                if (a.dialable() && serviceLike(a.host()) && a.port() > 0 && seen.add(a.origin() + " " + a.host() + ":" + a.port()))
                    out.add(new Dialled(proxy, a));
        }
        return out;
    }

    /** The networks a service joins by name ({@code default} when it names none); null when it shares another's stack or the host's. */
    private static Set<String> networks(Service s) {
        if (!ownNetwork(s)) return null;
        return s.networks().isEmpty() ? Set.of("default") : s.networks().keySet();
    }

    static Rule<ComposeFacts> nginxUnknownService() {
        return rule("compose/nginx-unknown-service", Severity.ERROR,
                "An nginx config of the project proxies to a host that is no service of the project (a misspelt name), to a service that shares no network with the proxy, or to a service that does not run with the active profiles: nginx fails to start (host not found in upstream).",
                "Write the service's name (or one of its network aliases), put both services on a common network, or enable the service's profile.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Map<String, Service> names = f.project().hostNames();
                    for (Dialled d : dialled(f)) {
                        Upstreams.Address a = d.address();
                        Service s = names.get(a.host());
                        if (s != null) {
                            Set<String> from = networks(d.proxy()), to = networks(s);
                            if (!s.enabled(f.profiles()))
                                out.add(r.finding(Severity.WARNING, said(a) + " names service " + s.name() + " (" + s.origin()
                                        + "), which does not run with the active profiles (its profiles: " + String.join(", ", s.profiles())
                                        + "): nginx fails to start without it", "Enable one of its profiles (--profile " + s.profiles().get(0)
                                        + "), or give " + s.name() + " no profile", a.origin(), List.of(s.origin())));
                            else if (from != null && to != null && from.stream().noneMatch(to::contains))
                                out.add(r.finding(Severity.ERROR, said(a) + " names service " + s.name() + " (" + s.origin() + "), which shares no network"
                                                + " with " + d.proxy().name() + " (" + d.proxy().origin() + "): " + d.proxy().name() + " is on "
                                                + String.join(", ", new java.util.TreeSet<>(from)) + ", " + s.name() + " on " + String.join(", ", new java.util.TreeSet<>(to))
                                                + ", so nginx cannot resolve the name and fails to start",
                                        "Put " + d.proxy().name() + " and " + s.name() + " on a common network (networks: [" + new java.util.TreeSet<>(to).first()
                                                + "] in " + d.proxy().name() + ")", a.origin(), List.of(s.origin(), d.proxy().origin())));
                            continue;
                        }
                        String near = Suggest.closest(a.host(), names.keySet()).orElse(null);
                        if (near == null) continue; // another project's service on a shared network, an extra_hosts name: not ours to judge
                        Service n = names.get(near);
                        out.add(r.finding(Severity.ERROR, said(a) + " names " + a.host() + ", which is no service of " + f.project().file()
                                        + "; did you mean " + near + " (" + n.origin() + ")? nginx fails to start when the name does not resolve",
                                "Write " + near + ":" + a.port() + " in " + a.origin().file(), a.origin(), List.of(n.origin())));
                    }
                    return out;
                });
    }

    static Rule<ComposeFacts> nginxPortMismatch() {
        return rule("compose/nginx-port-mismatch", Severity.ERROR,
                "An nginx config of the project proxies to SERVICE:PORT, and the service neither publishes, exposes, nor (by its healthcheck or a PORT variable) listens on that port: clients get 502. Info when the service declares no port at all.",
                "Point the pass or server line at the port the service listens on (the message names it), or make the service listen on the port nginx dials and declare it (expose:).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Map<String, Service> names = f.project().hostNames();
                    for (Dialled d : dialled(f)) {
                        Upstreams.Address a = d.address();
                        Service s = names.get(a.host());
                        if (s == null || !s.enabled(f.profiles()) || !ownNetwork(s)) continue;
                        List<Listen> ports = listens(s);
                        if (ports.stream().anyMatch(l -> l.port() == a.port())) continue;
                        String dials = said(a) + " at " + a.origin() + " dials " + a.host() + ":" + a.port();
                        if (ports.isEmpty()) {
                            out.add(r.finding(Severity.INFO, dials + "; " + s.name() + " (" + s.origin() + ") declares no port (no ports, expose,"
                                            + " healthcheck URL or PORT variable), so whether it listens there cannot be checked",
                                    "Declare the port " + s.name() + " listens on (expose: [\"" + a.port() + "\"]) so that the mismatch would show",
                                    a.origin(), List.of(s.origin())));
                            continue;
                        }
                        Port published = s.ports().stream().filter(p -> p.published() == a.port() && p.target() != a.port()).findFirst().orElse(null);
                        List<Origin> related = ports.stream().map(Listen::origin).distinct().toList();
                        String message;
                        if (published != null)
                            message = a.host() + ":" + a.port() + " is " + s.name() + "'s published host port (\"" + published.written() + "\" at "
                                    + published.origin() + "); inside the network " + s.name() + " listens on " + published.target() + " (" + said(a)
                                    + " at " + a.origin() + ")";
                        else
                            message = s.name() + " listens on " + listing(ports) + ", not " + a.port() + "; " + said(a) + " at " + a.origin()
                                    + " says " + a.port();
                        int suggested = published != null ? published.target() : ports.get(0).port();
                        out.add(r.finding(Severity.ERROR, message, "Write " + a.host() + ":" + suggested + " in " + a.origin().file()
                                        + ", or make " + s.name() + " listen on " + a.port() + " and declare it (expose: [\"" + a.port() + "\"])",
                                a.origin(), related));
                    }
                    return out;
                });
    }

    // ---- readiness: depends_on and healthchecks

    /** A healthcheck that runs: its own test, or the image's (a healthcheck: with only interval or timeout keeps the image's test). */
    private static boolean healthchecked(Service s) {
        return s != null && s.healthcheck() != null && !s.healthcheck().disabled();
    }

    /** The dependencies of running services on running services, each with both. */
    private record Edge(Service from, Dependency dependency, Service to) {
    }

    private static List<Edge> edges(ComposeFacts f) {
        Map<String, Service> running = new LinkedHashMap<>();
        for (Service s : f.enabled()) running.put(s.name(), s);
        List<Edge> out = new ArrayList<>();
        for (Service s : running.values())
            for (Dependency d : s.dependsOn())
                if (running.containsKey(d.service()) && !d.service().equals(s.name())) out.add(new Edge(s, d, running.get(d.service())));
        return out;
    }

    private static String healthy(String service) {
        return "depends_on: {" + service + ": {condition: service_healthy}}";
    }

    static Rule<ComposeFacts> proxyWithoutHealthCondition() {
        return rule("compose/proxy-without-health-condition", Severity.WARNING,
                "A proxy (nginx, traefik, caddy, haproxy, envoy, or a service with an nginx config of the project) depends on its upstream without condition: service_healthy: it starts, and answers 502, before the upstream is ready.",
                "Give the upstream a healthcheck and write depends_on: {UPSTREAM: {condition: service_healthy}}.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Edge e : edges(f)) {
                        if (!isProxy(e.from(), f) || !e.dependency().condition().equals("service_started")) continue;
                        Service to = e.to();
                        boolean checked = healthchecked(to);
                        out.add(r.finding(r.severity(), e.from().name() + " (" + proxyKind(e.from()) + ") depends on " + to.name() + " without condition: service_healthy:"
                                        + " Compose starts it when " + to.name() + "'s container starts, and it answers 502 until " + to.name() + " is ready"
                                        + (checked ? " (its healthcheck at " + to.healthcheck().origin() + " is not waited for)" : " (" + to.name()
                                        + " has no healthcheck in the file)"),
                                (checked ? "Write " : "Add a healthcheck to " + to.name() + " (" + to.origin() + "), then write ") + healthy(to.name()),
                                e.dependency().origin(), checked ? List.of(to.healthcheck().origin()) : List.of(to.origin())));
                    }
                    return out;
                });
    }

    static Rule<ComposeFacts> dependsOnNotHealthy() {
        return rule("compose/depends-on-not-healthy", Severity.WARNING,
                "depends_on a service that has a healthcheck, without condition: service_healthy: Compose starts the dependent when the container starts, not when the check passes.",
                "Write depends_on: {SERVICE: {condition: service_healthy}}.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Edge e : edges(f)) {
                        if (isProxy(e.from(), f) || !e.dependency().condition().equals("service_started") || !healthchecked(e.to())) continue;
                        Service to = e.to();
                        out.add(r.finding(r.severity(), e.from().name() + " depends on " + to.name() + " (condition: service_started): it starts as soon as "
                                        + to.name() + "'s container starts, before its healthcheck (" + to.healthcheck().origin() + ") passes",
                                "Write " + healthy(to.name()), e.dependency().origin(), List.of(to.healthcheck().origin())));
                    }
                    return out;
                });
    }

    static Rule<ComposeFacts> dependencyWithoutHealthcheck() {
        return rule("compose/dependency-without-healthcheck", Severity.WARNING,
                "A service others depend on has no healthcheck: depends_on can only wait for its container to start, not for it to answer.",
                "Add a healthcheck that asks the service itself (pg_isready, redis-cli ping, curl -f http://localhost:PORT/health), and depend on it with condition: service_healthy.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    Map<Service, List<Edge>> byTarget = new LinkedHashMap<>();
                    for (Edge e : edges(f))
                        // a proxy's dependency is compose/proxy-without-health-condition's, whose fix says to add the healthcheck
                        if (!e.dependency().condition().equals("service_completed_successfully") && !healthchecked(e.to()) && !isProxy(e.from(), f))
                            byTarget.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
                    for (Map.Entry<Service, List<Edge>> t : byTarget.entrySet()) {
                        Service s = t.getKey();
                        List<String> who = t.getValue().stream().map(e -> e.from().name() + " (" + e.dependency().origin() + ")").toList();
                        String none = s.healthcheck() != null && s.healthcheck().disabled() ? "its healthcheck is disabled" : "it has no healthcheck in the file";
                        out.add(r.finding(r.severity(), s.name() + " is depended on by " + String.join(", ", who) + ", but " + none
                                        + ": depends_on can only wait for its container to start, not for it to answer",
                                "Add to " + s.name() + ": healthcheck: {test: " + suggestedCheck(s) + "}, and depend on it with condition: service_healthy",
                                s.origin(), t.getValue().stream().map(e -> e.dependency().origin()).toList()));
                    }
                    return out;
                });
    }

    /** A check the service's image likely runs, for the fix. */
    static String suggestedCheck(Service s) {
        String family = family(s, DATABASES);
        if (family != null) {
            switch (family) {
                case "postgres", "postgis", "timescaledb" -> {
                    return "[\"CMD-SHELL\", \"pg_isready -U postgres\"]";
                }
                case "mysql", "percona" -> {
                    return "[\"CMD\", \"mysqladmin\", \"ping\", \"-h\", \"127.0.0.1\"]";
                }
                case "mariadb" -> {
                    return "[\"CMD\", \"healthcheck.sh\", \"--connect\", \"--innodb_initialized\"]";
                }
                case "redis", "valkey", "keydb" -> {
                    return "[\"CMD\", \"redis-cli\", \"ping\"]";
                }
                case "mongo" -> {
                    return "[\"CMD\", \"mongosh\", \"--quiet\", \"--eval\", \"db.adminCommand('ping')\"]";
                }
                default -> {
                }
            }
        }
        List<Listen> ports = listens(s);
        String url = "http://localhost:" + (ports.isEmpty() ? "PORT" : String.valueOf(ports.get(0).port())) + "/health";
        return tag(s).contains("alpine") || repository(s).contains("alpine") ? "[\"CMD\", \"wget\", \"-q\", \"--spider\", \"" + url + "\"]"
                : "[\"CMD\", \"curl\", \"-fsS\", \"" + url + "\"]";
    }

    static Rule<ComposeFacts> healthcheckToolMissing() {
        return rule("compose/healthcheck-tool-missing", Severity.WARNING,
                "A healthcheck runs a program the image likely lacks: curl in an Alpine or Debian slim image, curl or wget (or any CMD-SHELL) in a distroless or scratch image: the check fails and the service never turns healthy.",
                "Use a program the image has (busybox wget -q --spider in Alpine), install it in the image, or give the app a health command of its own.",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Service s : f.enabled()) {
                        if (!healthchecked(s) || s.image() == null || s.healthcheck().test().isEmpty()) continue;
                        Healthcheck h = s.healthcheck();
                        String command = String.join(" ", h.test().subList(1, h.test().size()));
                        Set<String> tools = new java.util.LinkedHashSet<>();
                        Matcher m = CLIENT.matcher(command);
                        while (m.find()) tools.add(m.group(1));
                        String repo = repository(s), tag = tag(s);
                        boolean bare = repo.contains("distroless") || repo.equals("scratch") || tag.contains("distroless");
                        boolean alpine = repo.contains("alpine") || tag.contains("alpine");
                        boolean slim = tag.contains("slim");
                        String missing = null;
                        String why = null;
                        String fix = r.fix();
                        if (bare && h.test().get(0).equals("CMD-SHELL")) {
                            missing = "a shell (CMD-SHELL runs /bin/sh -c)";
                            why = "a distroless or scratch image has no shell";
                            fix = "Use the exec form with a program the image has ([\"CMD\", \"/app/healthcheck\"]), e.g. a health subcommand of the app";
                        } else if (bare && !tools.isEmpty()) {
                            missing = String.join(" and ", tools);
                            why = "a distroless or scratch image has neither curl nor wget";
                            fix = "Use a program the image has ([\"CMD\", \"/app/healthcheck\"]), e.g. a health subcommand of the app";
                        } else if ((alpine || slim) && tools.contains("curl")) {
                            missing = "curl";
                            why = alpine ? "Alpine images have busybox wget, not curl" : "Debian slim images have neither curl nor wget";
                            fix = alpine ? "Use busybox wget: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost:PORT/health\"], or install curl in the image"
                                    : "Install curl in the image, or check with a program it has (python -c, node -e)";
                        } else if (slim && tools.contains("wget")) {
                            missing = "wget";
                            why = "Debian slim images have neither curl nor wget";
                            fix = "Install wget in the image, or check with a program it has (python -c, node -e)";
                        }
                        if (missing == null) continue;
                        Origin at = h.http() != null ? h.http().origin() : h.origin();
                        out.add(r.finding(r.severity(), "the healthcheck of " + s.name() + " runs " + missing + ", which " + s.image().name() + " ("
                                        + s.image().origin() + ") likely lacks (" + why + "): the check fails, and " + s.name() + " never turns healthy",
                                fix, at, List.of(s.image().origin())));
                    }
                    return out;
                });
    }

    static Rule<ComposeFacts> healthcheckTimeout() {
        return rule("compose/healthcheck-timeout-not-below-interval", Severity.WARNING,
                "A healthcheck whose timeout is not below its interval (30s when not set): a hanging check runs as long as the interval, and an unresponsive service is marked unhealthy late.",
                "Make the timeout well below the interval (e.g. interval: 10s, timeout: 3s).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Service s : f.enabled()) {
                        if (!healthchecked(s) || s.healthcheck().timeout() == null) continue;
                        Healthcheck h = s.healthcheck();
                        Duration interval = h.interval() != null ? h.interval() : DEFAULT_INTERVAL;
                        if (h.timeout().compareTo(interval) < 0) continue;
                        int retries = h.retries() != null ? h.retries() : DEFAULT_RETRIES;
                        Duration late = h.timeout().plus(interval).multipliedBy(Math.max(1, retries));
                        out.add(r.finding(r.severity(), "the healthcheck of " + s.name() + " has timeout " + Durations.format(h.timeout())
                                        + ", not below its interval " + Durations.format(interval) + (h.interval() == null ? " (the default)" : "")
                                        + ": a hanging check runs a whole interval, so " + s.name() + " is marked unhealthy only after up to "
                                        + Durations.format(late) + " (" + retries + " retries)",
                                r.fix(), h.origin()));
                    }
                    return out;
                });
    }

    // ---- ports and addresses

    static Rule<ComposeFacts> databasePortPublic() {
        return rule("compose/database-port-public", Severity.WARNING,
                "A database (postgres, mysql, mariadb, mongo, redis, ...) publishes its port on every interface of the host (no host address, or 0.0.0.0): whoever reaches the host reaches the database, and Docker's rules bypass host firewalls such as ufw.",
                "Bind it to loopback (\"127.0.0.1:5432:5432\"), or drop ports: (the other services reach it at SERVICE:PORT inside the network).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    for (Service s : f.enabled()) {
                        String family = family(s, DATABASES);
                        if (family == null || !ownNetwork(s)) continue;
                        Set<Origin> seen = new HashSet<>();
                        for (Port p : s.ports()) {
                            boolean everywhere = p.hostIp().isEmpty() || p.hostIp().equals("0.0.0.0") || p.hostIp().equals("::");
                            if (!everywhere || !seen.add(p.origin())) continue;
                            String published = p.published() == 0 ? "a port the engine picks" : String.valueOf(p.published());
                            out.add(r.finding(r.severity(), s.name() + ", a database (" + s.image().name() + "), publishes its port " + p.target() + " on "
                                            + (p.published() == 0 ? "" : "port ") + published + " of every interface of the host (\"" + p.written()
                                            + "\"): whoever reaches the host reaches it",
                                    "Write \"127.0.0.1:" + (p.published() == 0 ? p.target() : p.published()) + ":" + p.target() + "\", or drop the port"
                                            + " (the other services reach it at " + s.name() + ":" + p.target() + ")", p.origin()));
                        }
                    }
                    return out;
                });
    }

    static Rule<ComposeFacts> localhostToService() {
        return rule("compose/localhost-to-service", Severity.WARNING,
                "A service's environment reaches another service at localhost or 127.0.0.1: inside a container that is the container itself, not the other service.",
                "Write the other service's name instead of localhost (db:5432).",
                (r, f) -> {
                    List<Finding> out = new ArrayList<>();
                    List<Service> running = f.enabled();
                    for (Service s : running) {
                        if (!ownNetwork(s)) continue; // network_mode host or service:X: localhost is what it says
                        List<Listen> own = listens(s);
                        for (Map.Entry<String, String> env : s.environment().entrySet()) {
                            String value = env.getValue();
                            String name = env.getKey().toUpperCase(Locale.ROOT);
                            if (value == null || value.isEmpty() || BROWSER_PREFIXES.stream().anyMatch(name::startsWith)
                                    || java.util.Arrays.stream(name.split("_")).anyMatch(BROWSER_WORDS::contains)) continue;
                            Matcher m = LOOPBACK.matcher(value);
                            if (!m.find()) continue;
                            Origin at = s.environmentOrigins().getOrDefault(env.getKey(), s.origin());
                            String host = m.group(1).toLowerCase(Locale.ROOT);
                            Service other = null;
                            int port = -1;
                            Origin where = null;
                            if (m.group(2) != null) {
                                int p = Integer.parseInt(m.group(2));
                                if (own.stream().anyMatch(l -> l.port() == p)) continue; // it talks to itself
                                for (Service t : running) {
                                    if (t == s || other != null) continue;
                                    for (Listen l : listens(t)) if (l.port() == p && other == null) {
                                        other = t;
                                        port = p;
                                        where = l.origin();
                                    }
                                    for (Port q : t.ports()) if (q.published() == p && other == null) {
                                        other = t;
                                        port = q.target();
                                        where = q.origin();
                                    }
                                }
                                if (other == null) continue;
                                // an http(s) URL to a port published on the host may be for a browser, on the host, where it is right
                                boolean web = value.regionMatches(true, 0, "http", 0, 4);
                                Service to = other;
                                if (web && to.ports().stream().anyMatch(q -> q.published() == p)) continue;
                                out.add(r.finding(r.severity(), "environment " + env.getKey() + " of " + s.name() + " dials " + host + ":" + p
                                                + ", which inside " + s.name() + "'s container is " + s.name() + " itself; " + other.name() + " listens on "
                                                + port + " (" + where + ")",
                                        "Write " + other.name() + ":" + port + " instead of " + host + ":" + p, at, List.of(where)));
                            } else if (value.strip().equalsIgnoreCase(m.group(1))) {
                                // NAME_HOST=localhost: the variable names the service (REDIS_HOST, DB_HOST) or its kind (POSTGRES_HOST)
                                Set<String> words = Set.of(env.getKey().toLowerCase(Locale.ROOT).split("_"));
                                for (Service t : running) {
                                    String family = family(t, DATABASES);
                                    if (t != s && other == null && (words.contains(t.name().toLowerCase(Locale.ROOT)) || family != null && words.contains(family)))
                                        other = t;
                                }
                                if (other == null) continue;
                                out.add(r.finding(r.severity(), "environment " + env.getKey() + " of " + s.name() + " is " + host + ", which inside "
                                                + s.name() + "'s container is " + s.name() + " itself, not " + other.name() + " (" + other.origin() + ")",
                                        "Write " + other.name() + " instead of " + host, at, List.of(other.origin())));
                            }
                        }
                    }
                    return out;
                });
    }
}
