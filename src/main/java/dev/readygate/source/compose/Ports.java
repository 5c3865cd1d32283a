package dev.readygate.source.compose;

import dev.readygate.base.HostPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The short syntax of {@code ports:} and {@code expose:}: {@code [HOST:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]},
 * the host an IPv4 address, or an IPv6 address in brackets; each port a number or a range {@code A-B}
 * (a host range as long as the container range, or a host range for one container port: the engine picks one).
 */
final class Ports {
    static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    /** One mapping before ranges are expanded: host ports {@code hostFrom..hostTo} (0..0: picked at start), container {@code from..to}. */
    record Mapping(String hostIp, int hostFrom, int hostTo, int from, int to, String protocol) {
        /** The pairs (host port, container port), one per container port; the host port 0 when the engine picks it. */
        List<int[]> pairs() {
            List<int[]> out = new ArrayList<>();
            boolean matched = hostFrom != 0 && hostTo - hostFrom == to - from;
            for (int p = from; p <= to; p++) out.add(new int[]{matched ? hostFrom + (p - from) : hostFrom == hostTo ? hostFrom : 0, p});
            return out;
        }
    }

    private Ports() {
    }

    /** @throws IllegalArgumentException with what is wrong, for the caller to place */
    static Mapping parse(String text) {
        String s = text.strip();
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            s = s.substring(0, slash);
            if (!PROTOCOLS.contains(protocol))
                throw new IllegalArgumentException("unknown protocol '" + protocol + "'; write /tcp, /udp or /sctp");
        }
        String hostIp = "";
        String rest = s;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) throw new IllegalArgumentException("an IPv6 address in brackets must be followed by ':'; write [::1]:8080:80");
            hostIp = s.substring(1, close);
            rest = s.substring(close + 2);
            if (!HostPort.isIpv6Literal(hostIp)) throw new IllegalArgumentException("'" + hostIp + "' is not an IPv6 address");
        }
        String[] parts = rest.split(":", -1);
        String hostPorts = "";
        String container;
        if (!hostIp.isEmpty()) {
            if (parts.length != 2) throw new IllegalArgumentException("write [IPV6]:HOST_PORT:CONTAINER_PORT");
            hostPorts = parts[0];
            container = parts[1];
        } else if (parts.length == 1) {
            container = parts[0];
        } else if (parts.length == 2) {
            hostPorts = parts[0];
            container = parts[1];
        } else if (parts.length == 3) {
            hostIp = parts[0];
            hostPorts = parts[1];
            container = parts[2];
            if (!HostPort.isIpv4Literal(hostIp))
                throw new IllegalArgumentException("'" + hostIp + "' is not an IP address; write IP:HOST_PORT:CONTAINER_PORT, an IPv6 address in brackets");
        } else {
            throw new IllegalArgumentException("too many ':'; write [HOST:][HOST_PORT:]CONTAINER_PORT, an IPv6 host in brackets ([::1]:8080:80)");
        }
        int[] c = range(container, "container port");
        int[] h = hostPorts.isEmpty() ? new int[]{0, 0} : range(hostPorts, "host port");
        if (h[0] != 0 && h[1] - h[0] != c[1] - c[0] && c[0] != c[1])
            throw new IllegalArgumentException("the host range " + hostPorts + " and the container range " + container
                    + " differ in length; give ranges of the same length");
        return new Mapping(hostIp, h[0], h[1], c[0], c[1], protocol);
    }

    /** A port or range {@code A-B}: {from, to}. */
    static int[] range(String text, String what) {
        int dash = text.indexOf('-');
        int from = port(dash < 0 ? text : text.substring(0, dash), what);
        int to = dash < 0 ? from : port(text.substring(dash + 1), what);
        if (to < from) throw new IllegalArgumentException("the " + what + " range " + text + " ends before it starts");
        return new int[]{from, to};
    }

    private static int port(String text, String what) {
        String t = text.strip();
        if (!t.matches("[0-9]{1,5}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > 65535)
            throw new IllegalArgumentException("the " + what + " '" + t + "' is not a port (1-65535)");
        return Integer.parseInt(t);
    }
}
