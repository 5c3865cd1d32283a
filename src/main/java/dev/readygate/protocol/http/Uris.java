package dev.readygate.protocol.http;

import dev.readygate.model.Redact;
import dev.readygate.model.TargetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What the probe reads from an http(s) URI: scheme, host, port, origin, and where a Location points. */
final class Uris {
    private Uris() {
    }

    static String scheme(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT);
    }

    static boolean https(URI u) {
        return "https".equals(scheme(u));
    }

    /** The host without the brackets of an IPv6 literal, read by TargetAddress: URI.getHost() is null for names such as my_db. */
    static String host(URI u) {
        return TargetAddress.of(u).host();
    }

    /** The port, or the scheme's default. */
    static int port(URI u) {
        return TargetAddress.of(u).portOr(https(u) ? 443 : 80);
    }

    static boolean sameOrigin(URI a, URI b) {
        return scheme(a).equals(scheme(b)) && host(a).equalsIgnoreCase(host(b)) && port(a) == port(b);
    }

    /** The redacted URI with https:// in front instead of its own scheme. */
    static String asHttps(URI u) {
        return "https://" + Redact.uri(u).replaceFirst("^[a-zA-Z]+://", "");
    }

    /** Where a Location header points from base; null when it is not a usable http(s) URI. */
    static URI resolveLocation(URI base, String loc) {
        try {
            URI b = base.getRawPath() == null || base.getRawPath().isEmpty()
                    ? new URI(base.getScheme(), base.getRawAuthority(), "/", base.getRawQuery(), null) : base;
            URI next = b.resolve(new URI(loc));
            String s = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!s.equals("http") && !s.equals("https")) return null;
            TargetAddress.of(next); // a host and port a target could have (my_db too, which URI.getHost() calls none)
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
