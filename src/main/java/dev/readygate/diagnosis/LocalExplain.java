package dev.readygate.diagnosis;

import dev.readygate.net.Listeners;
import dev.readygate.net.LocalListeners;
import dev.readygate.net.Resolver;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains a failed connect to an address on this machine from what does listen: the port one
 * off, the same port on the other address family, a full accept queue.
 */
public final class LocalExplain {
    private LocalExplain() {
    }

    /** Enriches a CONNECTION_REFUSED or CONNECT_TIMEOUT diagnosis for a local address; others pass through. */
    public static Diagnosis explain(Diagnosis d, InetAddress address, int port, LocalListeners local) {
        if (d.cause() != Cause.CONNECTION_REFUSED && d.cause() != Cause.CONNECT_TIMEOUT) return d;
        if (!local.isLocal(address)) return d;
        Listeners.Inventory table = local.table();
        if (!table.available()) return d.withEvidence("listenerInventory", "unavailable: " + table.unavailable());
        String target = Resolver.format(address, port);
        if (d.cause() == Cause.CONNECT_TIMEOUT) return backlog(d, address, port, local, target);
        for (Listeners.Listener l : local.samePortElsewhere(address, port)) {
            if (!l.family().equals(Resolver.family(address))) {
                return Diagnosis.builder(Cause.ADDRESS_FAMILY_MISMATCH, "nothing listens on " + target + ", but " + l.endpoint()
                                + " does" + owner(l) + ": the service listens on " + l.family() + " only")
                        .hint("connect to " + l.endpoint() + ", or bind the service to both families (:: dual-stack, or 0.0.0.0 and ::)")
                        .evidence(d.evidence()).evidence("listening", List.of(describe(l))).build();
            }
            if (!l.wildcard()) {
                return Diagnosis.builder(Cause.CONNECTION_REFUSED, "nothing listens on " + target + ", but " + l.endpoint() + " does"
                                + owner(l) + ": the service is bound to one address only")
                        .hint("connect to " + l.endpoint() + ", or bind the service to 0.0.0.0 / ::")
                        .evidence(d.evidence()).evidence("listening", List.of(describe(l))).build();
            }
        }
        List<Listeners.Listener> near = local.nearestPorts(address, port, 3);
        if (near.isEmpty()) return d.withEvidence("listeningNearby", List.of());
        Listeners.Listener first = near.get(0);
        List<Map<String, Object>> ev = new ArrayList<>();
        for (Listeners.Listener l : near) ev.add(describe(l));
        return Diagnosis.builder(Cause.CONNECTION_REFUSED, "nothing listens on " + target + "; " + Resolver.format(address, first.port())
                        + " is listening" + owner(first) + ": is the port in your config wrong?")
                .hint("check the port in your config against the service's listen port; if it is right, the service is not up yet")
                .evidence(d.evidence()).evidence("listeningNearby", ev).build();
    }

    private static Diagnosis backlog(Diagnosis d, InetAddress address, int port, LocalListeners local, String target) {
        Listeners.Listener l = local.serving(address, port);
        if (l == null) return d;
        return Diagnosis.builder(Cause.CONNECT_TIMEOUT, target + " is listening" + owner(l) + " but did not complete the connect: its accept queue is full ("
                        + l.acceptQueue() + " connections waiting), so the kernel drops new ones")
                .variant("backlog full")
                .hint("the application is not calling accept(): it is hung, overloaded, or still initialising; check its threads and logs")
                .evidence(d.evidence()).evidence("listening", List.of(describe(l))).build();
    }

    private static String owner(Listeners.Listener l) {
        return l.owner().isEmpty() ? "" : " (" + l.owner() + ")";
    }

    static Map<String, Object> describe(Listeners.Listener l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", l.endpoint());
        m.put("family", l.family());
        if (l.pid() >= 0) m.put("pid", l.pid());
        if (l.command() != null) m.put("command", l.command());
        m.put("acceptQueue", l.acceptQueue());
        return m;
    }
}
