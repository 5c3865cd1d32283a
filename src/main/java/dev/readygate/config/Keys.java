package dev.readygate.config;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The catalogue of keys: where each may be written and whether it holds one value or a list. */
public final class Keys {
    /** Where a key may be written. */
    public enum Scope {
        /** the top level of the config file */
        TOP,
        /** under {@code defaults:} */
        DEFAULTS,
        /** in one entry of {@code targets:} */
        TARGET,
        /** as an environment variable {@code READYGATE_<KEY>} */
        ENV
    }

    /** The shape of a key's value. */
    public enum Shape { SCALAR, LIST, MAPPING }

    /** One key. */
    public record Key(String name, Shape shape, Set<Scope> scopes) {
        public Key {
            scopes = Set.copyOf(scopes);
        }

        /** Whether the value is a list of strings (a single string is accepted as a one-element list). */
        public boolean list() {
            return shape == Shape.LIST;
        }

        public boolean allowedIn(Scope scope) {
            return scopes.contains(scope);
        }

        /** {@code READYGATE_} + the name upper-cased with '-' as '_'. */
        public String envName() {
            return Keys.envName(name);
        }
    }

    public static final String ENV_PREFIX = "READYGATE_";

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        Set<Scope> top = EnumSet.of(Scope.TOP);
        Set<Scope> everywhere = EnumSet.of(Scope.DEFAULTS, Scope.TARGET, Scope.ENV);
        add("version", Shape.SCALAR, top);
        add("timeout", Shape.SCALAR, EnumSet.of(Scope.TOP, Scope.ENV));
        add("defaults", Shape.MAPPING, top);
        add("targets", Shape.LIST, EnumSet.of(Scope.TOP, Scope.ENV));
        add("name", Shape.SCALAR, EnumSet.of(Scope.TARGET));
        add("url", Shape.SCALAR, EnumSet.of(Scope.TARGET));
        // timing
        add("attempt-timeout", Shape.SCALAR, everywhere);
        add("interval", Shape.SCALAR, everywhere);
        add("max-interval", Shape.SCALAR, everywhere);
        add("successes", Shape.SCALAR, everywhere);
        add("stable-for", Shape.SCALAR, everywhere);
        add("fail-fast", Shape.SCALAR, EnumSet.of(Scope.DEFAULTS, Scope.ENV));
        // http
        add("status", Shape.SCALAR, everywhere);
        add("json-pointer", Shape.SCALAR, everywhere);
        add("body-contains", Shape.SCALAR, everywhere);
        add("body-regex", Shape.SCALAR, everywhere);
        add("expect-headers", Shape.LIST, everywhere);
        add("method", Shape.SCALAR, everywhere);
        add("body", Shape.SCALAR, everywhere);
        add("headers", Shape.LIST, everywhere);
        add("max-redirects", Shape.SCALAR, everywhere);
        add("insecure", Shape.SCALAR, everywhere);
        add("ca-cert", Shape.SCALAR, everywhere);
        add("client-cert", Shape.SCALAR, everywhere);
        add("client-key", Shape.SCALAR, everywhere);
        add("max-header-bytes", Shape.SCALAR, everywhere);
        add("max-latency", Shape.SCALAR, everywhere);
        add("cert-min-validity", Shape.SCALAR, everywhere);
        // addresses
        add("ip-family", Shape.SCALAR, everywhere);
        // command line only, also read from the environment
        Set<Scope> env = EnumSet.of(Scope.ENV);
        add("config", Shape.SCALAR, env);
        add("output", Shape.SCALAR, env);
        add("report", Shape.SCALAR, env);
        add("quiet", Shape.SCALAR, env);
        add("verbose", Shape.SCALAR, env);
    }

    /** Keys whose values are file paths, resolved against the config file's directory. */
    public static final Set<String> PATH_KEYS = Set.of("ca-cert", "client-cert", "client-key");

    private Keys() {
    }

    private static void add(String name, Shape shape, Set<Scope> scopes) {
        KEYS.put(name, new Key(name, shape, scopes));
    }

    /** Every key, in catalogue order. */
    public static List<Key> all() {
        return List.copyOf(KEYS.values());
    }

    public static Optional<Key> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** The names of the keys allowed in a scope, in catalogue order. */
    public static List<String> names(Scope scope) {
        return KEYS.values().stream().filter(k -> k.allowedIn(scope)).map(Key::name).toList();
    }

    /** {@code attempt-timeout} -> {@code READYGATE_ATTEMPT_TIMEOUT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
