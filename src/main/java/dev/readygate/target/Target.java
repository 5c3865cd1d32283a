package dev.readygate.target;

import java.net.URI;

/**
 * Something that must be ready. {@code uri} is the target as given, and may hold secrets
 * (user:password); print {@link #display()} instead, never the raw URI.
 *
 * @param name     a name for reports (config name, or the redacted URI)
 * @param scheme   lower-case scheme: tcp, http, https, ...
 * @param uri      the normalised URI, secrets included
 * @param endpoint host and port to dial
 * @param http     HTTP expectations for http/https targets, null otherwise
 * @param origin   where the target was declared
 * @param ipFamily which of the host's addresses must work
 */
public record Target(String name, String scheme, URI uri, Endpoint endpoint, HttpExpect http, Origin origin, IpFamily ipFamily) {

    /** The URI with any password removed: safe to print. */
    public String display() {
        return Redact.uri(uri);
    }

    public Target withHttp(HttpExpect expect) {
        return new Target(name, scheme, uri, endpoint, expect, origin, ipFamily);
    }

    public Target withName(String newName) {
        return new Target(newName, scheme, uri, endpoint, http, origin, ipFamily);
    }

    public Target withIpFamily(IpFamily family) {
        return new Target(name, scheme, uri, endpoint, http, origin, family);
    }

    public boolean isHttp() {
        return "http".equals(scheme) || "https".equals(scheme);
    }
}
