package dev.readygate.model;

import java.net.URI;

/**
 * Something that must be ready. {@code uri} is the target as given, and may hold secrets
 * (user:password); print {@link #display()} instead, never the raw URI.
 *
 * @param name     a name for reports (config name, or the redacted URI)
 * @param scheme   lower-case scheme: tcp, http, https, ...
 * @param uri      the normalised URI, secrets included
 * @param endpoint host and port to dial; null for targets without one (such as an API object)
 * @param spec     what the target's protocol needs to probe it (typed by the protocol module)
 * @param origin   where the target was declared
 * @param ipFamily which of the host's addresses must work
 */
public record Target(String name, String scheme, URI uri, Endpoint endpoint, ProtocolSpec spec, Origin origin, IpFamily ipFamily) {

    /**
     * A target at a parsed address, dialled at {@code port} (the address's own, or its protocol's
     * default), named by its redacted URI, with no spec yet (its protocol gives it one).
     */
    public static Target of(TargetAddress address, int port, Origin origin) {
        Target t = new Target(null, address.scheme(), address.toUri(), new Endpoint(address.host(), port), null, origin, IpFamily.ANY);
        return t.withName(t.display());
    }

    /**
     * A target from a URI that names its port, for sources that build it from a file's facts
     * (their schemes are known to be registered).
     *
     * @throws IllegalArgumentException when the text is no address readygate can dial
     */
    public static Target of(String uri, Origin origin) {
        TargetAddress address = TargetAddress.parse(uri);
        if (!address.hasPort()) throw new IllegalArgumentException(TargetAddress.shown(uri) + " has no port");
        return of(address, address.port(), origin);
    }

    /** A target with no host and port to dial (a Kubernetes object, a file), named by its redacted URI. */
    public static Target opaque(URI uri, Origin origin) {
        Target t = new Target(null, uri.getScheme().toLowerCase(java.util.Locale.ROOT), uri, null, null, origin, IpFamily.ANY);
        return t.withName(t.display());
    }

    /** The URI with any password removed: safe to print. */
    public String display() {
        return Redact.uri(uri);
    }

    public Target withSpec(ProtocolSpec newSpec) {
        return new Target(name, scheme, uri, endpoint, newSpec, origin, ipFamily);
    }

    public Target withName(String newName) {
        return new Target(newName, scheme, uri, endpoint, spec, origin, ipFamily);
    }

    public Target withOrigin(Origin newOrigin) {
        return new Target(name, scheme, uri, endpoint, spec, newOrigin, ipFamily);
    }

    public Target withIpFamily(IpFamily family) {
        return new Target(name, scheme, uri, endpoint, spec, origin, family);
    }

    /** The spec as the given protocol's type, or the fallback when the target has none of that type. */
    public <S extends ProtocolSpec> S spec(Class<S> type, S fallback) {
        return type.isInstance(spec) ? type.cast(spec) : fallback;
    }

    public boolean isHttp() {
        return "http".equals(scheme) || "https".equals(scheme);
    }
}
