package dev.readygate.source.compose;

import dev.readygate.base.JsonValues;
import dev.readygate.config.ConfigException;
import dev.readygate.config.YamlFile;
import dev.readygate.model.Origin;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;
import dev.readygate.settings.Declaration;
import dev.readygate.source.SkipNote;
import dev.readygate.source.SourceException;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalised project {@code docker compose config --format json} prints (Compose has merged the files, applied the
 * profiles and interpolated every value; compose-go's Project.MarshalJSON): its services, and the targets a gate on the
 * host reaches, derived as for {@code wait --from compose.yaml} ({@link ComposeTargets}, {@link NginxProxies}). Only what
 * that derivation reads is kept of each service ({@code ports} in the long form with {@code published} as a string,
 * {@code expose}, {@code healthcheck.test}, {@code network_mode}, {@code environment}, the sources of bind mounts and the
 * build context) and read by the same reader as a Compose file, its literal {@code $} escaped so that nothing is
 * interpolated twice.
 */
public final class ConfigJson {
    /** The name the project's values are shown under. */
    public static final String DISPLAY = "docker compose config";
    private static final YamlFile.Kind KIND = new YamlFile.Kind("a Compose project is a few hundred KB",
            "a Compose project needs 6 levels", "a Compose value is an image, a port or a short command");
    private static final Pattern POSITION = Pattern.compile(Pattern.quote(DISPLAY) + ":\\d+(?::\\d+)?");

    private ConfigJson() {
    }

    /**
     * A port whose host port the engine picked at start ({@code "3000"}, {@code "127.0.0.1::80"}), as the container
     * publishes it now (from {@code docker compose ps}).
     */
    public record Published(String service, int target, String protocol, String hostIp, int port) {
    }

    /**
     * What was read.
     *
     * @param name         the project's name
     * @param services     the services that run containers (scale 0 left out), in the order Compose printed them
     * @param declarations the published ports a gate on the host reaches, each named by its service
     * @param notes        what is not waited for, one line each
     * @param secrets      the values the services' environment gives to secret-looking names (PASSWORD, TOKEN, KEY...),
     *                     to be masked wherever they might be printed (logs)
     */
    public record Project(String name, List<String> services, List<Declaration> declarations, List<SkipNote> notes, Set<String> secrets) {
    }

    /**
     * Reads the JSON.
     *
     * @param published the host ports of ports Compose publishes on a port the engine picks (may be empty)
     * @throws SourceException when the text is no Compose project (one line)
     */
    public static Project read(String json, List<Published> published) throws SourceException {
        Object root;
        try {
            root = JsonValues.one(json);
        } catch (JsonValues.JsonException e) {
            throw new SourceException(DISPLAY + ": " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?>) || !(JsonValues.map(root).get("services") instanceof Map<?, ?>))
            throw new SourceException(DISPLAY + ": printed no Compose project (no services)");
        Map<String, Object> top = JsonValues.map(root);
        List<String> services = new ArrayList<>();
        List<SkipNote> notes = new ArrayList<>();
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : JsonValues.map(top.get("services")).entrySet()) {
            Map<String, Object> s = JsonValues.map(e.getValue());
            secrets.addAll(secretValues(s.get("environment")));
            if (scale(s) == 0) {
                notes.add(new SkipNote(new Origin(DISPLAY, null, 0, 0), "skipped service " + e.getKey() + ": it runs no container (scale 0)"));
                continue;
            }
            services.add(e.getKey());
            kept.put(e.getKey(), service(e.getKey(), s, published));
        }
        Map<String, Object> trimmed = new LinkedHashMap<>();
        trimmed.put("services", kept);
        String yaml = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(trimmed);
        ComposeProject project;
        try {
            project = new ComposeReader(DISPLAY, Map.of(), n -> notes.add(shown(n))).read(YamlFile.compose(yaml, DISPLAY, KIND));
        } catch (ConfigException | ComposeException e) {
            throw new SourceException(unpositioned(e.getMessage()));
        }
        List<Declaration> decls = new ArrayList<>();
        for (Declaration d : ComposeTargets.decls(project, Set.of("*"), false, NginxProxies.of(project), n -> notes.add(shown(n)))) {
            Target t = d.target();
            String service = t.name().contains(":") ? t.name().substring(0, t.name().indexOf(':')) : t.name();
            Origin origin = new Origin(DISPLAY + ", service " + service, null, 0, 0);
            decls.add(new Declaration(d.name(), d.url(), origin, d.own(), t.withOrigin(origin), d.suggested()));
        }
        return new Project(JsonValues.text(top.get("name"), ""), services, decls, notes, secrets);
    }

    /** The keys of a service the derivation reads; every string with its '$' doubled (the reader interpolates). */
    private static Map<String, Object> service(String name, Map<String, Object> s, List<Published> published) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> ports = new ArrayList<>();
        for (Object p : JsonValues.list(s.get("ports"))) {
            Map<String, Object> port = new LinkedHashMap<>();
            for (String k : List.of("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol")) {
                Object v = JsonValues.map(p).get(k);
                if (v != null) port.put(k, v);
            }
            if (!port.containsKey("published")) fillIn(name, port, published);
            ports.add(port);
        }
        if (!ports.isEmpty()) out.put("ports", ports);
        if (!JsonValues.list(s.get("expose")).isEmpty()) out.put("expose", s.get("expose"));
        Map<String, Object> health = JsonValues.map(s.get("healthcheck"));
        if (!health.isEmpty()) {
            Map<String, Object> h = new LinkedHashMap<>();
            if (health.get("test") != null) h.put("test", health.get("test"));
            if (health.get("disable") != null) h.put("disable", health.get("disable"));
            out.put("healthcheck", h);
        }
        if (s.get("network_mode") instanceof String mode) out.put("network_mode", mode);
        // where an nginx config of the project may be (bind mounts, the build context): its upstreams' ports are HTTP
        List<Object> binds = new ArrayList<>();
        for (Object v : JsonValues.list(s.get("volumes")))
            if ("bind".equals(JsonValues.map(v).get("type")) && JsonValues.map(v).get("source") instanceof String source)
                binds.add(Map.of("type", "bind", "source", source));
        if (!binds.isEmpty()) out.put("volumes", binds);
        if (JsonValues.map(s.get("build")).get("context") instanceof String context && !context.contains("://"))
            out.put("build", Map.of("context", context));
        Map<String, Object> env = new LinkedHashMap<>();
        JsonValues.map(s.get("environment")).forEach((k, v) -> {
            // a value that long is no port or address (a certificate, a key): the derivation never needs it
            if (v == null || String.valueOf(v).length() <= YamlFile.MAX_VALUE / 2) env.put(k, v);
        });
        if (!env.isEmpty()) out.put("environment", env);
        return escaped(out);
    }

    /** A port without {@code published}: the host port the engine picked, when exactly one container publishes it. */
    private static void fillIn(String service, Map<String, Object> port, List<Published> published) {
        String target = JsonValues.text(port.get("target"), "");
        String protocol = JsonValues.text(port.get("protocol"), "tcp");
        List<Published> found = published.stream().filter(p -> p.service().equals(service) && String.valueOf(p.target()).equals(target)
                && p.protocol().equalsIgnoreCase(protocol)).toList();
        // one address family of the same port (0.0.0.0 and ::) is one port
        if (found.isEmpty() || found.stream().map(Published::port).distinct().count() != 1) return;
        Published p = found.get(0);
        port.put("published", String.valueOf(p.port()));
        if (!port.containsKey("host_ip") && !p.hostIp().isEmpty()) port.put("host_ip", p.hostIp());
    }

    private static int scale(Map<String, Object> s) {
        Object scale = s.get("scale");
        if (scale == null) scale = JsonValues.map(s.get("deploy")).get("replicas");
        return scale instanceof Number n ? n.intValue() : 1;
    }

    private static Set<String> secretValues(Object environment) {
        Set<String> out = new LinkedHashSet<>();
        JsonValues.map(environment).forEach((k, v) -> {
            if (v instanceof String text && text.length() >= 4 && secretVariable(k)) out.add(text);
        });
        return out;
    }

    /**
     * A variable whose value is a secret: a name a query parameter's would be masked for (password, token, secret, auth,
     * ...), or one that ends in KEY or holds PASS ({@code ENCRYPTION_KEY}, {@code DB_PASS}).
     */
    static boolean secretVariable(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return Redact.isSecretName(n) || n.endsWith("key") || n.contains("pass");
    }

    @SuppressWarnings("unchecked")
    private static <T> T escaped(T v) {
        if (v instanceof String s) return (T) s.replace("$", "$$");
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), escaped(x)));
            return (T) out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(escaped(x));
            return (T) out;
        }
        return v;
    }

    /** A note of the reader or the derivation, without the lines of the YAML readygate wrote for itself. */
    private static SkipNote shown(SkipNote n) {
        return new SkipNote(new Origin(DISPLAY, null, 0, 0), unpositioned(n.message()));
    }

    private static String unpositioned(String message) {
        Matcher m = POSITION.matcher(message);
        return m.replaceAll(Matcher.quoteReplacement(DISPLAY));
    }
}
