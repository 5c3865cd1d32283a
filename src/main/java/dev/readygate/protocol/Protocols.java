package dev.readygate.protocol;

import dev.readygate.base.HostPort;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Key;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A list of protocols with lookups by scheme, and what is derived from it: the settings catalogue and help texts. */
public final class Protocols {
    private final List<Protocol> all;
    private final Map<String, Protocol> byScheme = new LinkedHashMap<>();
    private final Catalogue catalogue;

    public Protocols(List<Protocol> protocols) {
        this.all = List.copyOf(protocols);
        List<Key<?>> keys = new ArrayList<>(CoreKeys.WAITING);
        for (Protocol p : all) {
            for (String s : p.schemes()) {
                if (byScheme.putIfAbsent(s.toLowerCase(Locale.ROOT), p) != null)
                    throw new IllegalStateException("scheme " + s + " is registered twice");
            }
            for (Key<?> k : p.settings()) if (!keys.contains(k)) keys.add(k);
        }
        keys.addAll(CoreKeys.RUN);
        this.catalogue = new Catalogue(keys);
    }

    public List<Protocol> all() {
        return all;
    }

    /** These protocols with the one of the same name replaced by {@code replacement} (e.g. one bound to a run's project). */
    public Protocols replacing(Protocol replacement) {
        if (all.stream().noneMatch(p -> p.name().equals(replacement.name())))
            throw new IllegalArgumentException("no protocol named " + replacement.name() + " to replace");
        return new Protocols(all.stream().map(p -> p.name().equals(replacement.name()) ? replacement : p).toList());
    }

    public Optional<Protocol> forScheme(String scheme) {
        return Optional.ofNullable(byScheme.get(scheme.toLowerCase(Locale.ROOT)));
    }

    /**
     * Parses a target as written on the command line, in the environment or a config file:
     * {@code tcp://host:port}, a bare {@code host:port} (tcp), wait-on's {@code tcp:port} and
     * {@code tcp:host:port}, and every registered scheme; IPv6 literals in brackets; host names as
     * getaddrinfo takes them (e.g. {@code my_db}). The port defaults to the protocol's.
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    public Target parse(String text, Origin origin) {
        Protocol named = text == null ? null : withoutEndpoint(text.trim());
        if (named != null) return opaque(text.trim(), origin);
        for (Protocol p : all) {
            String refusal = text == null ? null : p.refusal(text.trim());
            if (refusal != null) throw new IllegalArgumentException(TargetAddress.shown(text) + ": " + refusal);
        }
        String firstHost = null;
        for (Protocol p : all) if (firstHost == null && text != null) firstHost = p.firstHostOnly(text.trim());
        TargetAddress address = TargetAddress.parse(firstHost != null ? firstHost : text);
        String scheme = address.scheme();
        String shown = TargetAddress.shown(text);
        Protocol protocol = require(scheme, shown);
        int port = address.portOr(protocol.defaultPort(scheme));
        if (port <= 0)
            throw new IllegalArgumentException(shown + " has no port; write " + scheme + "://" + HostPort.bracket(address.host()) + ":PORT");
        protocol.checkTarget(address, shown);
        Target target = Target.of(address, port, origin);
        if (firstHost == null) return target;
        // several hosts: dialled at the first, named and read (by the protocol's spec) as written
        URI all;
        try {
            all = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + " is not a valid URI (" + e.getReason() + ")");
        }
        Target t = new Target(null, target.scheme(), all, target.endpoint(), null, origin, target.ipFamily());
        return t.withName(t.display());
    }

    /**
     * The protocol of a scheme.
     *
     * @param shown the target as messages show it ({@code target '...'})
     * @throws IllegalArgumentException naming the supported schemes when none speaks it
     */
    public Protocol require(String scheme, String shown) {
        return forScheme(scheme).orElseThrow(() ->
                new IllegalArgumentException(shown + ": unsupported scheme '" + scheme + "'; supported: " + schemesText()));
    }

    /** The protocol of a target written {@code scheme:...} whose protocol has no endpoint, or null. */
    private Protocol withoutEndpoint(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) return null;
        Protocol p = byScheme.get(text.substring(0, colon).toLowerCase(Locale.ROOT));
        return p != null && !p.hasEndpoint() ? p : null;
    }

    private static Target opaque(String text, Origin origin) {
        try {
            return Target.opaque(new URI(text), origin);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(TargetAddress.shown(text) + " is not a valid URI (" + e.getReason() + ")");
        }
    }

    /** Every setting: the core ones and each protocol's. */
    public Catalogue catalogue() {
        return catalogue;
    }

    /** "tcp://, http://, https://, compose:", for error messages (a protocol without endpoint is written SCHEME:...). */
    public String schemesText() {
        return String.join(", ", byScheme.entrySet().stream().map(e -> e.getKey() + (e.getValue().hasEndpoint() ? "://" : ":")).toList());
    }

    /** The protocols a key applies to, e.g. "http(s)" for the HTTP settings; empty for core keys. */
    public List<Protocol> owners(Key<?> key) {
        return all.stream().filter(p -> p.settings().contains(key)).toList();
    }

    /** Whether a target of this protocol reads the key. */
    public static boolean applies(Key<?> key, Protocol p) {
        return CoreKeys.appliesToEveryTarget(key) || p.settings().contains(key);
    }

    /** The "Targets:" lines of --help. */
    public List<String> formsHelp() {
        List<String> out = new ArrayList<>();
        int width = 0;
        for (Protocol p : all) for (String[] f : p.forms()) width = Math.max(width, f[0].length());
        for (Protocol p : all) for (String[] f : p.forms()) out.add("  " + f[0] + " ".repeat(width + 4 - f[0].length()) + f[1]);
        return out;
    }
}
