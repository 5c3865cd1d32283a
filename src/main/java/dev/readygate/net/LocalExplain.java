package dev.readygate.net;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

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

    /**
     * Listeners that are never offered as "is the port in your config wrong?": a proxy's own
     * listen addresses (a wildcard address stands for every address of its port) and the
     * processes with these command names (e.g. nginx master and workers). The caller that knows
     * them (verify, from the config) sets them for the run with {@link #excluding}; net never
     * learns where they come from.
     *
     * @param what how the message names them, e.g. "nginx's own"
     */
    public record Exclusions(List<java.net.InetSocketAddress> listen, java.util.Set<String> commands, String what) {
        public static final Exclusions NONE = new Exclusions(List.of(), java.util.Set.of(), "");

        public Exclusions {
            listen = List.copyOf(listen);
            commands = java.util.Set.copyOf(commands);
        }

        boolean isEmpty() {
            return listen.isEmpty() && commands.isEmpty();
        }

        /** Both sets of exclusions (named as the first non-empty one names its own). */
        public Exclusions and(Exclusions other) {
            if (other.isEmpty()) return this;
            if (isEmpty()) return other;
            List<java.net.InetSocketAddress> l = new ArrayList<>(listen);
            l.addAll(other.listen);
            java.util.Set<String> c = new java.util.HashSet<>(commands);
            c.addAll(other.commands);
            return new Exclusions(l, c, what.isEmpty() ? other.what : what);
        }

        /** Whether this listener is one of the excluded (by address and port, or by its process's command). */
        public boolean excludes(Listeners.Listener l) {
            if (l.command() != null && commands.contains(l.command())) return true;
            for (java.net.InetSocketAddress a : listen) {
                if (a.getPort() != l.port()) continue;
                InetAddress x = a.getAddress();
                if (x == null || x.isAnyLocalAddress() || l.wildcard() || x.equals(l.address())) return true;
            }
            return false;
        }
    }

    private static volatile Exclusions excluded = Exclusions.NONE;

    /**
     * Excludes these listeners from every explanation until the returned scope is closed (then
     * the previous exclusions apply again). Process-wide: the probes dial deep below the caller.
     * A run (wait, verify) opens one as it starts, so it also starts from the machine as it is:
     * the listener table is read afresh at its first use, not kept from an earlier run in the same JVM.
     */
    public static Scope excluding(Exclusions ex) {
        LocalListeners.system().refresh();
        Exclusions before = excluded;
        excluded = ex;
        return () -> excluded = before;
    }

    /** A scope of {@link #excluding}; closing it never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** What the listener table says about one address:port and cause; null fields keep the original. */
    private record Explanation(Cause cause, String variant, String message, String hint, Map<String, Object> evidence) {
        Diagnosis apply(Diagnosis d) {
            if (message == null) return d.withEvidence(evidence);
            return Diagnosis.builder(cause, message).variant(variant).hint(hint).evidence(d.evidence()).evidence(evidence).build();
        }
    }

    /** equals and hashCode by hand: a record's own go through method handles, slow before they are compiled (every attempt). */
    private record Key(InetAddress address, int port, Cause cause) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.port == port && k.cause == cause && k.address.equals(address);
        }

        @Override
        public int hashCode() {
            return (address.hashCode() * 31 + port) * 31 + cause.ordinal();
        }
    }

    private record Cached(Listeners.Inventory table, Exclusions excluded, Explanation explanation) {
    }

    /** The last explanation per address, port and cause, kept while the listener table is the same object. */
    private static final Map<Key, Cached> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@link #explain(Diagnosis, InetAddress, int, LocalListeners, long)} with the whole owner-scan budget. */
    public static Diagnosis explain(Diagnosis d, InetAddress address, int port, LocalListeners local) {
        return explain(d, address, port, local, Long.MAX_VALUE);
    }

    /**
     * Enriches a CONNECTION_REFUSED or CONNECT_TIMEOUT diagnosis for a local address; others pass through.
     *
     * @param deadlineNanos (System.nanoTime()) when the attempt's budget ends: the owner lookup stops by then (Long.MAX_VALUE: none)
     */
    public static Diagnosis explain(Diagnosis d, InetAddress address, int port, LocalListeners local, long deadlineNanos) {
        if (d.cause() != Cause.CONNECTION_REFUSED && d.cause() != Cause.CONNECT_TIMEOUT) return d;
        if (!local.isLocal(address)) return d;
        Listeners.Inventory table = local.table();
        if (!table.available()) return d.withEvidence("listenerInventory", "unavailable: " + table.unavailable());
        // a refused target is polled many times a second: explain it once per table read, not per attempt
        Key key = new Key(address, port, d.cause());
        Cached c = CACHE.get(key);
        Exclusions ex = excluded;
        if (c == null || c.table() != table || c.excluded() != ex) {
            if (CACHE.size() > 1000) CACHE.clear();
            c = new Cached(table, ex, explanation(d.cause(), address, port, local, ex, deadlineNanos));
            CACHE.put(key, c);
        }
        return c.explanation() == null ? d : c.explanation().apply(d);
    }

    private static Explanation explanation(Cause cause, InetAddress address, int port, LocalListeners local, Exclusions ex, long deadlineNanos) {
        String target = Resolver.format(address, port);
        if (cause == Cause.CONNECT_TIMEOUT) return backlog(address, port, local, target, deadlineNanos);
        for (Listeners.Listener l : local.samePortElsewhere(address, port, deadlineNanos)) {
            if (ex.excludes(l)) continue;
            if (!l.family().equals(Resolver.family(address))) {
                return new Explanation(Cause.ADDRESS_FAMILY_MISMATCH, "", "nothing listens on " + target + ", but " + l.endpoint()
                        + " does" + owner(l) + ": the service listens on " + l.family() + " only",
                        "connect to " + l.endpoint() + ", or bind the service to both families (:: dual-stack, or 0.0.0.0 and ::)",
                        Map.of("listening", List.of(describe(l))));
            }
            if (!l.wildcard()) {
                return new Explanation(Cause.CONNECTION_REFUSED, "", "nothing listens on " + target + ", but " + l.endpoint() + " does"
                        + owner(l) + ": the service is bound to one address only", "connect to " + l.endpoint() + ", or bind the service to 0.0.0.0 / ::",
                        Map.of("listening", List.of(describe(l))));
            }
        }
        List<Listeners.Listener> near = new ArrayList<>();
        List<Listeners.Listener> skipped = new ArrayList<>();
        for (Listeners.Listener l : local.nearestPorts(address, port, ex.isEmpty() ? 3 : 12, deadlineNanos)) {
            if (ex.excludes(l)) skipped.add(l);
            else if (near.size() < 3) near.add(l);
        }
        if (near.isEmpty() && skipped.isEmpty()) return new Explanation(null, null, null, null, Map.of("listeningNearby", List.of()));
        if (near.isEmpty()) {
            List<String> own = new ArrayList<>();
            for (Listeners.Listener l : skipped) own.add(Resolver.format(address, l.port()) + owner(l));
            return new Explanation(Cause.CONNECTION_REFUSED, "", "nothing listens on " + target + "; the only listeners nearby are "
                    + ex.what() + " (" + String.join(", ", own) + "): the app is not running",
                    "start the app (or check that it listens on port " + port + "); nothing else listens nearby",
                    Map.of("listeningNearby", List.of(), "excludedNearby", own));
        }
        Listeners.Listener first = near.get(0);
        List<Map<String, Object>> ev = new ArrayList<>();
        for (Listeners.Listener l : near) ev.add(describe(l));
        return new Explanation(Cause.CONNECTION_REFUSED, "", "nothing listens on " + target + "; " + Resolver.format(address, first.port())
                + " is listening" + owner(first) + ": is the port in your config wrong?",
                "check the port in your config against the service's listen port; if it is right, the service is not up yet",
                Map.of("listeningNearby", ev));
    }

    private static Explanation backlog(InetAddress address, int port, LocalListeners local, String target, long deadlineNanos) {
        Listeners.Listener l = local.serving(address, port, deadlineNanos);
        // an empty accept queue is no full backlog: the connect was slow for another reason (a short attempt, a busy machine)
        if (l == null || l.acceptQueue() == 0) return null;
        return new Explanation(Cause.CONNECT_TIMEOUT, "backlog full", target + " is listening" + owner(l)
                + " but did not complete the connect: its accept queue is full (" + l.acceptQueue() + " connections waiting), so the kernel drops new ones",
                "the application is not calling accept(): it is hung, overloaded, or still initialising; check its threads and logs",
                Map.of("listening", List.of(describe(l))));
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
