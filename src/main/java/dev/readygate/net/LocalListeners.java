package dev.readygate.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What listens on this machine, as seen while waiting: the table is re-read at most every two
 * seconds, owners are looked up only for the few listeners a diagnosis names and remembered per
 * socket, so a refused target polled 16 times a second costs next to nothing.
 */
public final class LocalListeners {
    private static final long TABLE_TTL_NANOS = 2_000_000_000L; // a procfs read costs ~3 ms of kernel time
    private static final LocalListeners SYSTEM = new LocalListeners(Listeners.system());

    private final Listeners source;
    private final Map<Long, Listeners.Listener> owned = new ConcurrentHashMap<>();
    private final Map<InetAddress, Boolean> local = new ConcurrentHashMap<>();
    private volatile Listeners.Inventory table;
    private volatile long tableAt;

    public LocalListeners(Listeners source) {
        this.source = source;
    }

    public static LocalListeners system() {
        return SYSTEM;
    }

    /** Forgets the cached table (a listener just opened or closed and must be seen now). */
    public void refresh() {
        table = null;
    }

    public Listeners.Inventory table() {
        long now = System.nanoTime();
        Listeners.Inventory t = table;
        if (t == null || now - tableAt > TABLE_TTL_NANOS) {
            t = source.table();
            table = t;
            tableAt = now;
        }
        return t;
    }

    /** Whether connections to this address stay on this machine (loopback, wildcard, or one of its interfaces). */
    public boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) return true;
        return local.computeIfAbsent(a, x -> {
            try {
                return NetworkInterface.getByInetAddress(x) != null;
            } catch (SocketException e) {
                return false;
            }
        });
    }

    /** The listener that would accept a connection to address:port, if any. */
    public Listeners.Listener serving(InetAddress address, int port) {
        return Listeners.serving(table().listeners(), address, port).map(this::owner).orElse(null);
    }

    /** Listeners on the same port at other addresses (another family, or another interface). */
    public List<Listeners.Listener> samePortElsewhere(InetAddress address, int port) {
        List<Listeners.Listener> out = new ArrayList<>();
        for (Listeners.Listener l : table().listeners())
            if (l.port() == port && !l.address().equals(address)) out.add(l);
        return owners(out);
    }

    /** Up to {@code max} listening ports within +-100 of port that accept connections to this address, nearest first. */
    public List<Listeners.Listener> nearestPorts(InetAddress address, int port, int max) {
        List<Listeners.Listener> candidates = new ArrayList<>();
        for (Listeners.Listener l : table().listeners()) {
            if (l.port() == port || Math.abs(l.port() - port) > 100) continue;
            if (Listeners.serving(List.of(l), address, l.port()).isPresent()) candidates.add(l);
        }
        candidates.sort(Comparator.comparingInt((Listeners.Listener l) -> Math.abs(l.port() - port)).thenComparingInt(Listeners.Listener::port));
        List<Listeners.Listener> out = new ArrayList<>();
        for (Listeners.Listener l : candidates) {
            if (out.size() == max) break;
            if (out.stream().noneMatch(o -> o.port() == l.port())) out.add(l);
        }
        return owners(out);
    }

    private Listeners.Listener owner(Listeners.Listener l) {
        return owners(List.of(l)).get(0);
    }

    /** Owners for these listeners, with one /proc scan for all that are not known yet; results are kept per socket. */
    private List<Listeners.Listener> owners(List<Listeners.Listener> ls) {
        List<Listeners.Listener> unknown = ls.stream().filter(l -> !owned.containsKey(l.inode())).toList();
        if (!unknown.isEmpty()) for (Listeners.Listener l : source.withOwners(unknown)) owned.put(l.inode(), l);
        return ls.stream().map(l -> owned.getOrDefault(l.inode(), l)).toList();
    }
}
