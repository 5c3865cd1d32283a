package dev.readygate.model;


import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Parses the target notations of the command line, config file and environment. */
public final class TargetSpec {
    /** Schemes readygate can probe. */
    public static final Set<String> SCHEMES = Set.of("tcp", "http", "https");

    private TargetSpec() {
    }

    /**
     * Parses {@code tcp://host:port}, a bare {@code host:port} (tcp), {@code http://...} and
     * {@code https://...}. IPv6 literals are written in brackets.
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    public static Target parse(String spec, Origin origin) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty target; write e.g. tcp://db:5432 or http://localhost:8080/health");
        String s = spec.trim();
        int sep = s.indexOf("://");
        if (sep < 0) {
            s = "tcp://" + s;
        } else {
            String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            if (!SCHEMES.contains(scheme))
                throw new IllegalArgumentException("target '" + Redact.text(spec) + "': unsupported scheme '" + scheme
                        + "'; supported: tcp://, http://, https://");
            s = scheme + s.substring(sep);
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target '" + Redact.text(spec) + "' is not a valid URI (" + e.getReason()
                    + "); write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String hint = s.contains("::") && !s.contains("[") ? "; write IPv6 addresses in brackets, e.g. [::1]:8080" : "";
            throw new IllegalArgumentException("target '" + Redact.text(spec) + "' has no host" + (hint.isEmpty() ? "; write e.g. tcp://db:5432" : hint));
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = uri.getPort();
        if (port == -1) {
            if (uri.getRawAuthority() != null && uri.getRawAuthority().matches(".*:[^\\]]*[^0-9\\]].*$") && !uri.getRawAuthority().endsWith(":"))
                throw new IllegalArgumentException("target '" + Redact.text(spec) + "' has an invalid port");
            port = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> throw new IllegalArgumentException("target '" + Redact.text(spec) + "' has no port; write " + scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":PORT");
            };
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("target '" + Redact.text(spec) + "': port " + port + " is out of range 1-65535");
        if ("tcp".equals(scheme) && uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))
            throw new IllegalArgumentException("target '" + Redact.text(spec) + "': a tcp target has no path; did you mean http://" + uri.getRawAuthority() + uri.getRawPath() + " ?");
        Endpoint endpoint = new Endpoint(host, port);
        Target t = new Target(null, scheme, uri, endpoint, null, origin, IpFamily.ANY);
        return t.withName(t.display());
    }
}
