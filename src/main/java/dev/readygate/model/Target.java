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
