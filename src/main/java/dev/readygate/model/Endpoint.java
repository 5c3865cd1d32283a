package dev.readygate.model;

import dev.readygate.base.HostPort;

/** A host (name or address literal, IPv6 without brackets) and a port. */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("empty host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    /** The host as it appears in a URI or host:port: IPv6 literals in brackets. */
    public String hostForUri() {
        return HostPort.bracket(host);
    }

    @Override
    public String toString() {
        return HostPort.format(host, port);
    }
}
