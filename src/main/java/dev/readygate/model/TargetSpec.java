package dev.readygate.model;

import dev.readygate.base.HostPort;
import dev.readygate.protocol.http.HttpSpec;

import java.util.Set;

/** Parses the target notations of the command line, config file and environment. */
public final class TargetSpec {
    /** Schemes readygate can probe. */
    public static final Set<String> SCHEMES = Set.of("tcp", "http", "https");

    private TargetSpec() {
    }

    /**
     * Parses {@code tcp://host:port}, a bare {@code host:port} (tcp), wait-on's {@code tcp:port}
     * and {@code tcp:host:port}, {@code http://...} and {@code https://...}. IPv6 literals are
     * written in brackets; host names are those getaddrinfo takes (e.g. {@code my_db}).
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    public static Target parse(String spec, Origin origin) {
        TargetAddress address = TargetAddress.parse(spec);
        String scheme = address.scheme();
        String shown = TargetAddress.shown(spec);
        if (!SCHEMES.contains(scheme))
            throw new IllegalArgumentException(shown + ": unsupported scheme '" + scheme + "'; supported: tcp://, http://, https://");
        int port = address.hasPort() ? address.port() : switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> throw new IllegalArgumentException(shown + " has no port; write " + scheme + "://" + HostPort.bracket(address.host()) + ":PORT");
        };
        if ("tcp".equals(scheme) && !address.path().isEmpty() && !"/".equals(address.path()))
            throw new IllegalArgumentException(shown + ": a tcp target has no path; did you mean "
                    + Redact.text("http://" + address.authority() + address.path()) + " ?");
        Endpoint endpoint = new Endpoint(address.host(), port);
        boolean http = "http".equals(scheme) || "https".equals(scheme);
        Target t = new Target(null, scheme, address.toUri(), endpoint, http ? HttpSpec.DEFAULT : null, origin, IpFamily.ANY);
        return t.withName(t.display());
    }
}
