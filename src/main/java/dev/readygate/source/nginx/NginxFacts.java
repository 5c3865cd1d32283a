package dev.readygate.source.nginx;

import dev.readygate.base.HostPort;
import dev.readygate.model.Origin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an nginx config says about its upstreams, derived statically from the directive tree
 * (never opens a socket): every {@code upstream} block, every {@code *_pass} with the budgets
 * in effect for it, and the resolvers. {@link Upstreams} walks them to the addresses nginx dials.
 */
public final class NginxFacts {
    /** The pass directives and the module prefix of their budgets. */
    static final Map<String, String> PASSES = Map.of("proxy_pass", "proxy", "grpc_pass", "grpc", "fastcgi_pass", "fastcgi",
            "uwsgi_pass", "uwsgi", "scgi_pass", "scgi");
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)\\}|([A-Za-z0-9_]+))");
    /** Built-in variable prefixes whose value is known only per request. */
    private static final List<String> RUNTIME_PREFIXES = List.of("http_", "arg_", "cookie_", "sent_http_", "upstream_", "ssl_", "jwt_", "geoip");

    /** A {@code server} block: its listen addresses and names. */
    public record Server(List<String> listen, List<String> serverNames, Origin origin) {
        public Server {
            listen = List.copyOf(listen);
            serverNames = List.copyOf(serverNames);
        }
    }

    /** A {@code location} block: its arguments as written (e.g. "/api/", "~ \.php$"). */
    public record Location(String match, Origin origin) {
    }

    /** One {@code server} line of an {@code upstream} block. host/port for TCP, unixPath for unix: sockets. */
    public record UpstreamServer(String address, String host, int port, String unixPath, int weight, int maxFails,
                                 Duration failTimeout, boolean backup, boolean down, boolean resolve, Origin origin) {
        public boolean isUnix() {
            return unixPath != null;
        }
    }

    /** An {@code upstream} block; {@code stream} is true in the stream (TCP) module. */
    public record Upstream(String name, boolean stream, List<UpstreamServer> servers, Origin origin) {
        public Upstream {
            servers = List.copyOf(servers);
        }
    }

    /**
     * One {@code proxy_pass}, {@code grpc_pass}, {@code fastcgi_pass}, {@code uwsgi_pass} or
     * {@code scgi_pass}.
     *
     * @param directive    the directive name
     * @param argument     its argument as written
     * @param resolved     the argument after substituting literal {@code set} values (equal to argument when there were none)
     * @param scheme       http, https, grpc, grpcs, fastcgi, uwsgi, suwsgi, scgi, tcp (stream), or null when unverifiable
     * @param host         the host, null for unix sockets and unverifiable passes
     * @param port         the port as written, -1 when not written
     * @param unixPath     the unix socket path, or null
     * @param upstream     the upstream block the host names, or null
     * @param server       the enclosing server block, or null
     * @param location     the innermost enclosing location, or null
     * @param budgets      timeouts, buffers and TLS settings in effect
     * @param resolvers    the {@code resolver} directives in effect (innermost first), may be empty
     * @param unverifiable why the target cannot be known without running nginx, or null
     */
    public record Pass(String directive, String argument, String resolved, String scheme, String host, int port, String unixPath,
                       Upstream upstream, Server server, Location location, Origin origin, Budgets budgets,
                       List<Budgets.Setting> resolvers, String unverifiable) {
        public Pass {
            resolvers = List.copyOf(resolvers);
        }

        public boolean isVerifiable() {
            return unverifiable == null;
        }

        /** The port nginx will dial when none is written: 80 for http, 443 for https; -1 otherwise. */
        public int effectivePort() {
            if (port > 0) return port;
            if ("http".equals(scheme)) return 80;
            if ("https".equals(scheme)) return 443;
            return -1;
        }

        /** True when the host is a name (not an IP literal, not an upstream block). */
        public boolean isBareName() {
            return host != null && upstream == null && !isIpLiteral(host);
        }
    }

    /** A unix socket some pass or upstream uses: listed, never turned into a target. */
    public record UnixSocket(String path, Origin origin) {
    }

    private final String main;
    private final List<String> files;
    private final List<Directive> directives;
    private final List<Upstream> upstreams = new ArrayList<>();
    private final List<Pass> passes = new ArrayList<>();
    private final List<Budgets.Setting> resolvers = new ArrayList<>();
    private final List<ScopeBudgets> scopeBudgets = new ArrayList<>();

    /**
     * The budgets of one server or location block for one module that sets any of them
     * explicitly there or above: nginx checks buffer sizes for every such block, with or without a pass.
     */
    public record ScopeBudgets(String block, Origin origin, Budgets budgets) {
    }

    private NginxFacts(NginxParser.Config config) {
        this.main = config.main();
        this.files = config.files();
        this.directives = config.directives();
    }

    /** Parses {@code file} (following includes) and derives the facts. */
    public static NginxFacts load(Path file) {
        return of(NginxParser.parse(file));
    }

    /** Reads {@code nginx -T} output (or one plain config) from {@code in}; {@code name} is used in messages. */
    public static NginxFacts loadDump(InputStream in, String name) throws IOException {
        return of(NginxParser.parseDump(in, name));
    }

    public static NginxFacts of(NginxParser.Config config) {
        NginxFacts f = new NginxFacts(config);
        f.derive();
        return f;
    }

    public String main() {
        return main;
    }

    public List<String> files() {
        return files;
    }

    public List<Directive> directives() {
        return directives;
    }

    public List<Upstream> upstreams() {
        return List.copyOf(upstreams);
    }

    public List<Pass> passes() {
        return List.copyOf(passes);
    }

    /** Every {@code resolver} directive, in file order. */
    public List<Budgets.Setting> resolvers() {
        return List.copyOf(resolvers);
    }

    /** Budgets of every http server and location block, per module with explicit settings in effect. */
    public List<ScopeBudgets> scopeBudgets() {
        return List.copyOf(scopeBudgets);
    }

    /** Passes whose target depends on variables that cannot be resolved statically. */
    public List<Pass> unverifiable() {
        return passes.stream().filter(p -> !p.isVerifiable()).toList();
    }

    /** The unix sockets used by passes and upstream servers. */
    public List<UnixSocket> unixSockets() {
        List<UnixSocket> out = new ArrayList<>();
        for (Pass p : passes) if (p.unixPath() != null) out.add(new UnixSocket(p.unixPath(), p.origin()));
        for (Upstream u : upstreams)
            for (UpstreamServer s : u.servers()) if (s.isUnix()) out.add(new UnixSocket(s.unixPath(), s.origin()));
        return out;
    }

    // ---- derivation ----

    private static final class Scope {
        final String context;
        final Map<String, Budgets.Setting> settings;
        final Map<String, Budgets.Setting> sets;
        final Server server;
        final Location location;

        Scope(String context, Map<String, Budgets.Setting> settings, Map<String, Budgets.Setting> sets, Server server, Location location) {
            this.context = context;
            this.settings = settings;
            this.sets = sets;
            this.server = server;
            this.location = location;
        }
    }

    private final Map<String, Origin> maps = new HashMap<>();

    private void derive() {
        boolean hasMainBlocks = directives.stream().anyMatch(d -> d.isBlock() && Set.of("http", "stream", "events", "mail").contains(d.name()));
        String root = hasMainBlocks ? "main" : fragmentContext(directives);
        collectMapsAndUpstreams(directives, root);
        walk(directives, new Scope(root, Map.of(), Map.of(), null, null), null, null);
        budgetsBySettings.clear();
        strings.clear();
    }

    /**
     * The context of a fragment (a file meant to be included in http or stream): stream when a
     * top-level server has proxy_pass directly in it and no location (http allows proxy_pass only
     * in a location), else http.
     */
    static String fragmentContext(List<Directive> ds) {
        for (Directive d : ds)
            if (d.isBlock() && d.name().equals("server") && !d.children("proxy_pass").isEmpty() && d.children("location").isEmpty())
                return "stream";
        return "http";
    }

    private void collectMapsAndUpstreams(List<Directive> ds, String context) {
        for (Directive d : ds) {
            if (!d.isBlock()) continue;
            if (d.name().equals("map") && d.args().size() >= 2) {
                String v = d.arg(1);
                maps.put(v.startsWith("$") ? v.substring(1) : v, d.origin());
            } else if (d.name().equals("geo") || d.name().equals("split_clients")) {
                String v = d.args().isEmpty() ? "" : d.arg(d.args().size() - 1);
                maps.put(v.startsWith("$") ? v.substring(1) : v, d.origin());
            }
            if (d.name().equals("upstream") && !d.args().isEmpty()) {
                upstreams.add(upstream(d, "stream".equals(context)));
            } else {
                String inner = switch (d.name()) {
                    case "http" -> "http";
                    case "stream" -> "stream";
                    default -> context;
                };
                collectMapsAndUpstreams(d.block(), inner);
            }
        }
    }

    private Upstream upstream(Directive d, boolean stream) {
        List<UpstreamServer> servers = new ArrayList<>();
        for (Directive s : d.children("server")) {
            if (s.args().isEmpty()) continue;
            String addr = s.arg(0);
            int weight = 1, maxFails = 1;
            Duration failTimeout = Duration.ofSeconds(10);
            boolean backup = false, down = false, resolve = false;
            for (String p : s.args().subList(1, s.args().size())) {
                try {
                    if (p.startsWith("weight=")) weight = Integer.parseInt(p.substring(7));
                    else if (p.startsWith("max_fails=")) maxFails = Integer.parseInt(p.substring(10));
                    else if (p.startsWith("fail_timeout=")) failTimeout = NginxValues.time(p.substring(13));
                    else if (p.equals("backup")) backup = true;
                    else if (p.equals("down")) down = true;
                    else if (p.equals("resolve")) resolve = true;
                } catch (IllegalArgumentException e) {
                    // nginx -t reports invalid parameters; the facts keep the default
                }
            }
            if (addr.startsWith("unix:")) {
                servers.add(new UpstreamServer(addr, null, -1, addr.substring(5), weight, maxFails, failTimeout, backup, down, resolve, s.origin()));
            } else {
                HostPort hp;
                try {
                    hp = hostPort(addr).withDefaultPort(80);
                } catch (IllegalArgumentException e) {
                    throw invalid(s, "invalid address in upstream \"" + addr + "\": " + e.getMessage());
                }
                servers.add(new UpstreamServer(addr, hp.host(), hp.port(), null, weight, maxFails, failTimeout, backup, down, resolve, s.origin()));
            }
        }
        return new Upstream(d.arg(0), stream, servers, d.origin());
    }

    private void walk(List<Directive> ds, Scope parent, String blockName, Origin blockOrigin) {
        // the block's own simple directives apply to the whole block, wherever they appear in it;
        // a block that sets nothing shares its parent's maps (a config may have 50,000 locations)
        Map<String, Budgets.Setting> settings = parent.settings;
        Map<String, Budgets.Setting> sets = parent.sets;
        Set<String> passesHere = new HashSet<>();
        for (Directive d : ds) {
            if (d.isBlock()) continue;
            check(d);
            if (PASSES.containsKey(d.name()) && !passesHere.add(d.name())) throw invalid(d, "\"" + d.name() + "\" directive is duplicate");
            if (budgetDirective(d.name()) || d.name().equals("resolver")) {
                if (settings == parent.settings) settings = new HashMap<>(parent.settings);
                Budgets.Setting setting = new Budgets.Setting(d.name(), String.join(" ", d.args()), d.origin());
                settings.put(d.name(), setting);
                if (d.name().equals("resolver")) resolvers.add(setting);
            }
            if (d.name().equals("set") && d.args().size() == 2) {
                if (sets == parent.sets) sets = new HashMap<>(parent.sets);
                String var = d.arg(0).startsWith("$") ? d.arg(0).substring(1) : d.arg(0);
                sets.put(var, new Budgets.Setting("set", d.arg(1), d.origin()));
            }
        }
        Scope scope = new Scope(parent.context, settings, sets, parent.server, parent.location);
        if (blockOrigin != null && "http".equals(parent.context)) {
            for (String module : List.of("proxy", "fastcgi", "uwsgi", "scgi")) {
                Budgets own = budgets(settings, module, false);
                if (!own.settings().isEmpty()) scopeBudgets.add(new ScopeBudgets(blockName, blockOrigin, own));
            }
        }
        for (Directive d : ds) {
            if (d.isBlock()) {
                switch (d.name()) {
                    case "upstream", "map", "geo", "types", "split_clients", "events", "mail", "match", "charset_map" -> {
                    }
                    case "http" -> walk(d.block(), new Scope("http", settings, sets, null, null), null, null);
                    case "stream" -> walk(d.block(), new Scope("stream", settings, sets, null, null), null, null);
                    case "server" -> walk(d.block(), new Scope(scope.context, settings, sets, server(d), null), "server", d.origin());
                    case "location" -> walk(d.block(), new Scope(scope.context, settings, sets, scope.server,
                            new Location(d.args().size() == 1 ? d.arg(0) : String.join(" ", d.args()), d.origin())), "location", d.origin());
                    default -> walk(d.block(), new Scope(scope.context, settings, sets, scope.server, scope.location), null, null);
                }
            } else if (PASSES.containsKey(d.name())) {
                passes.add(pass(d, scope));
            }
        }
    }

    private static final Set<String> TIMES = Set.of("connect_timeout", "read_timeout", "send_timeout", "timeout");
    private static final Set<String> SIZES = Set.of("buffer_size", "busy_buffers_size");
    private static final Set<String> FLAGS = Set.of("ssl_verify", "ssl_server_name");

    private static NginxConfigException invalid(Directive d, String message) {
        return new NginxConfigException(d.origin().file(), d.endLine(), message);
    }

    /** The argument checks nginx -t makes for the directives the facts read, with its wording. */
    private static void check(Directive d) {
        String name = d.name();
        if ("listen".equals(name) && !d.args().isEmpty()) {
            String a = d.arg(0);
            String port = a.indexOf(':') < 0 && a.chars().allMatch(c -> c >= '0' && c <= '9') ? a : portText(a);
            if (port != null && !validPort(port)) throw invalid(d, "invalid port in \"" + a + "\" of the \"listen\" directive");
            return;
        }
        if (PASSES.containsKey(name)) {
            if (d.args().size() != 1) throw invalid(d, "invalid number of arguments in \"" + name + "\" directive");
            return;
        }
        int u = name.indexOf('_');
        if (u < 0 || !PASSES.containsValue(name.substring(0, u))) return;
        String suffix = name.substring(u + 1);
        if (TIMES.contains(suffix) || SIZES.contains(suffix) || FLAGS.contains(suffix)) {
            if (d.args().size() != 1) throw invalid(d, "invalid number of arguments in \"" + name + "\" directive");
            String v = d.arg(0);
            try {
                if (TIMES.contains(suffix)) NginxValues.time(v);
                else if (SIZES.contains(suffix)) NginxValues.size(v);
            } catch (IllegalArgumentException e) {
                throw invalid(d, "\"" + name + "\" directive invalid value");
            }
            if (FLAGS.contains(suffix) && !v.equalsIgnoreCase("on") && !v.equalsIgnoreCase("off"))
                throw invalid(d, "invalid value \"" + v + "\" in \"" + name + "\" directive, it must be \"on\" or \"off\"");
        } else if ("buffers".equals(suffix)) {
            if (d.args().size() != 2) throw invalid(d, "invalid number of arguments in \"" + name + "\" directive");
            try {
                if (Integer.parseInt(d.arg(0)) <= 0) throw new NumberFormatException();
                NginxValues.size(d.arg(1));
            } catch (IllegalArgumentException e) {
                throw invalid(d, "\"" + name + "\" directive invalid value");
            }
        }
    }

    /**
     * The port text of {@code HOST:PORT} or {@code [V6]:PORT} (empty after a bare ':'), or null when no
     * port is written (or the address is a unix: socket or has unbracketed colons).
     */
    static String portText(String address) {
        if (address.startsWith("unix:")) return null;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            return close >= 0 && address.startsWith(":", close + 1) ? address.substring(close + 2) : null;
        }
        int colon = address.indexOf(':');
        return colon >= 0 && colon == address.lastIndexOf(':') ? address.substring(colon + 1) : null;
    }

    /** A port as nginx takes it: digits, 1-65535. */
    static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        int n = Integer.parseInt(port);
        return n >= 1 && n <= 65535;
    }

    private static boolean budgetDirective(String name) {
        int u = name.indexOf('_');
        return u > 0 && PASSES.containsValue(name.substring(0, u)) && !PASSES.containsKey(name);
    }

    private static Server server(Directive d) {
        List<String> listen = d.children("listen").stream().map(l -> String.join(" ", l.args())).toList();
        List<String> names = new ArrayList<>();
        for (Directive n : d.children("server_name")) names.addAll(n.args());
        return new Server(listen, names, d.origin());
    }

    /** Schemes and hosts, kept once each: a large config names a few servers many times. */
    private final Map<String, String> strings = new HashMap<>();

    private String once(String s) {
        return strings.computeIfAbsent(s, k -> k);
    }

    /** Budgets made once per settings map (shared by blocks that set nothing), module and context. */
    private final Map<Map<String, Budgets.Setting>, Map<String, Budgets>> budgetsBySettings = new java.util.IdentityHashMap<>();

    private Budgets budgets(Map<String, Budgets.Setting> settings, String module, boolean stream) {
        return budgetsBySettings.computeIfAbsent(settings, k -> new HashMap<>()).computeIfAbsent(module + (stream ? "/stream" : ""), k -> {
            Map<String, Budgets.Setting> own = new HashMap<>();
            for (Map.Entry<String, Budgets.Setting> e : settings.entrySet())
                if (e.getKey().startsWith(module + "_")) own.put(e.getKey(), e.getValue());
            return new Budgets(module, stream, own);
        });
    }

    private Pass pass(Directive d, Scope scope) {
        String module = PASSES.get(d.name());
        boolean stream = "stream".equals(scope.context);
        Budgets budgets = budgets(scope.settings, module, stream);
        List<Budgets.Setting> res = scope.settings.containsKey("resolver") ? List.of(scope.settings.get("resolver")) : List.of();
        String arg = d.arg(0);

        // substitute literal `set` values; anything else built from variables is unverifiable
        String resolved = arg;
        String why = null;
        Matcher m = VARIABLE.matcher(arg);
        StringBuilder b = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        while (m.find()) {
            String var = m.group(1) != null ? m.group(1) : m.group(2);
            Budgets.Setting set = scope.sets.get(var);
            if (set != null && !set.value().contains("$")) {
                m.appendReplacement(b, Matcher.quoteReplacement(set.value()));
            } else {
                m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
                if (why == null && seen.add(var)) why = unresolvedReason(var, set);
            }
        }
        m.appendTail(b);
        if (b.length() != arg.length() || !b.toString().equals(arg)) resolved = b.toString();
        if (why != null)
            return new Pass(d.name(), arg, resolved, null, null, -1, null, null, scope.server, scope.location, d.origin(), budgets, res, why);

        String scheme;
        String rest;
        int sep = resolved.indexOf("://");
        if (sep >= 0) {
            scheme = once(resolved.substring(0, sep).toLowerCase(Locale.ROOT));
            rest = resolved.substring(sep + 3);
        } else {
            scheme = stream ? "tcp" : switch (d.name()) {
                case "grpc_pass" -> "grpc";
                case "fastcgi_pass" -> "fastcgi";
                case "uwsgi_pass" -> "uwsgi";
                case "scgi_pass" -> "scgi";
                default -> null;
            };
            rest = resolved;
        }
        if (scheme == null && arg.equals(resolved)) throw invalid(d, "invalid URL prefix");
        if (scheme == null)
            return new Pass(d.name(), arg, resolved, null, null, -1, null, null, scope.server, scope.location, d.origin(), budgets, res,
                    "no scheme after substituting variables: nginx wants http:// or https:// (it will say: invalid URL prefix)");
        if (rest.startsWith("unix:")) {
            String path = rest.substring(5);
            int colon = path.indexOf(':');
            if (colon >= 0 && !"tcp".equals(scheme) && !"fastcgi".equals(scheme)) path = path.substring(0, colon);
            return new Pass(d.name(), arg, resolved, scheme, null, -1, path, null, scope.server, scope.location, d.origin(), budgets, res, null);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (arg.equals(resolved)) {
            // nginx -t checks a literal address: an invalid port is an error, not something to skip
            String port = portText(authority.substring(authority.lastIndexOf('@') + 1));
            if (port != null && !validPort(port)) throw invalid(d, "invalid port in upstream \"" + rest + "\"");
        }
        HostPort hp;
        try {
            hp = hostPort(authority);
        } catch (IllegalArgumentException e) {
            return new Pass(d.name(), arg, resolved, scheme, null, -1, null, null, scope.server, scope.location, d.origin(), budgets, res,
                    "cannot read host and port from '" + authority + "': " + e.getMessage());
        }
        Upstream up = null;
        if (!hp.hasPort()) {
            for (Upstream u : upstreams)
                if (u.name().equals(hp.host()) && u.stream() == stream) up = u;
        }
        return new Pass(d.name(), arg, resolved, scheme, once(hp.host()), hp.port(), null, up, scope.server, scope.location, d.origin(), budgets,
                res, null);
    }

    private String unresolvedReason(String var, Budgets.Setting set) {
        if (set != null) return "built from $" + var + ", set at " + set.origin() + " from other variables; known only per request";
        Origin map = maps.get(var);
        if (map != null) return "built from $" + var + ", a map at " + map + "; its value depends on the request";
        if (isRuntime(var)) return "built from $" + var + ", known only per request";
        return "built from $" + var + ", which the config does not define (filled in by a template, e.g. envsubst? check the rendered config or use nginx -T)";
    }

    private static boolean isRuntime(String var) {
        for (String p : RUNTIME_PREFIXES) if (var.startsWith(p)) return true;
        return Set.of("host", "hostname", "remote_addr", "request_uri", "uri", "scheme", "server_name", "server_port", "server_addr",
                "args", "request", "request_method", "proxy_host", "proxy_port", "document_uri", "binary_remote_addr", "is_args",
                "query_string", "realpath_root", "document_root", "connection", "pid", "msec", "time_iso8601", "1", "2", "3", "4",
                "5", "6", "7", "8", "9").contains(var);
    }

    /**
     * The host (IPv6 without brackets) and port (NO_PORT when not written) of an address as nginx
     * takes it: any user@ is dropped; hosts are those getaddrinfo resolves, such as my_db.
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    static HostPort hostPort(String authority) {
        int at = authority.lastIndexOf('@');
        return HostPort.parse(at >= 0 ? authority.substring(at + 1) : authority);
    }

    static boolean isIpLiteral(String host) {
        return HostPort.isIpLiteral(host);
    }
}
