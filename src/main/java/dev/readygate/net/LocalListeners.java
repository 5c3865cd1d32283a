package dev.readygate.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What listens on this machine, as seen while waiting, at a cost that does not grow with the
 * number of targets: the table is re-read at most every two seconds by one thread at a time, and
 * less often while it stays the same (the interval doubles with each read that finds no change,
 * up to ten seconds, and is two seconds again after a change: a read costs ~3 ms of kernel time
 * whatever the number of sockets, since the kernel walks its whole connection hash table),
 * (the others keep using the previous table meanwhile), and the owners (pid and command, from
 * /proc/PID/fd) are looked up for the whole table at once, once per table read and within a time
 * budget, then remembered per socket. A thousand refused targets polled 16 times a second cost
 * one table read every two seconds and one owner scan.
 */
public final class LocalListeners {
    static final long TABLE_TTL_NANOS = 2_000_000_000L; // a procfs read costs ~3 ms of kernel time
    /** The longest a table that stopped changing is kept: a listener that opens is named within this. */
    static final long MAX_TABLE_TTL_NANOS = 10_000_000_000L;
    /** The most one owner scan may take (thousands of processes and sockets): what is not found by then has no owner. */
    static final long OWNER_SCAN_BUDGET_NANOS = 300_000_000L;
    private static final int MAX_REMEMBERED_OWNERS = 100_000;
    private static final LocalListeners SYSTEM = new LocalListeners(Listeners.system());

    private final Supplier<Listeners.Inventory> reader;
    private final BiFunction<List<Listeners.Listener>, Long, List<Listeners.Listener>> ownerScan;
    private final Map<Long, Listeners.Listener> owned = new ConcurrentHashMap<>();
    private final Map<InetAddress, Boolean> local = new ConcurrentHashMap<>();
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock scanning = new ReentrantLock();
    private volatile Listeners.Inventory table;
    private volatile long tableAt;
    private volatile long ttlNanos = TABLE_TTL_NANOS;
    private final java.util.function.LongSupplier nanoTime;
    private volatile boolean stale;
    private Listeners.Inventory scanned; // guarded by scanning: the table whose owners were all looked up

    public LocalListeners(Listeners source) {
        this(source::table, source::withOwners);
    }

    /** With the table reader and the owner scan (listeners, deadline in System.nanoTime()) given, for tests that count them. */
    LocalListeners(Supplier<Listeners.Inventory> reader, BiFunction<List<Listeners.Listener>, Long, List<Listeners.Listener>> ownerScan) {
        this(reader, ownerScan, System::nanoTime);
    }

    /** With a clock too, for tests of the re-read interval. */
    LocalListeners(Supplier<Listeners.Inventory> reader, BiFunction<List<Listeners.Listener>, Long, List<Listeners.Listener>> ownerScan,
                   java.util.function.LongSupplier nanoTime) {
        this.reader = reader;
        this.ownerScan = ownerScan;
        this.nanoTime = nanoTime;
    }

    public static LocalListeners system() {
        return SYSTEM;
    }

    /** Forgets the cached table (a listener just opened or closed and must be seen now). */
    public void refresh() {
        stale = true;
    }

    /** The listener table: re-read when older than its interval (2-10 s), by one thread; others use the previous one meanwhile. */
    public Listeners.Inventory table() {
        Listeners.Inventory t = table;
        if (t != null && !stale && nanoTime.getAsLong() - tableAt <= ttlNanos) return t;
        if (t != null && !stale) {
            if (!reading.tryLock()) return t; // expired: another thread is reading it; go on with this one
        } else {
            reading.lock(); // none yet, or a refresh was asked for: wait for the new one
        }
        try {
            if (table == null || stale || nanoTime.getAsLong() - tableAt > ttlNanos) read();
            return table;
        } finally {
            reading.unlock();
        }
    }

    private void read() {
        Listeners.Inventory t = reader.get();
        Listeners.Inventory before = table;
        boolean same = before != null && before.listeners().equals(t.listeners()) && before.available() == t.available();
        ttlNanos = same ? Math.min(ttlNanos * 2, MAX_TABLE_TTL_NANOS) : TABLE_TTL_NANOS;
        tableAt = nanoTime.getAsLong();
        // the same table keeps its object: what was worked out from it (explanations, owners) stays valid
        if (!same) table = t;
        stale = false;
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

    /**
     * The listener that would accept a connection to address:port, if any.
     *
     * @param deadlineNanos (System.nanoTime()) the caller's attempt ends then: looking up owners stops by then (Long.MAX_VALUE: no deadline)
     */
    public Listeners.Listener serving(InetAddress address, int port, long deadlineNanos) {
        return Listeners.serving(table().listeners(), address, port).map(l -> owners(List.of(l), deadlineNanos).get(0)).orElse(null);
    }

    /** Listeners on the same port at other addresses (another family, or another interface); owners looked up until deadlineNanos. */
    public List<Listeners.Listener> samePortElsewhere(InetAddress address, int port, long deadlineNanos) {
        List<Listeners.Listener> out = new ArrayList<>();
        for (Listeners.Listener l : table().listeners())
            if (l.port() == port && !l.address().equals(address)) out.add(l);
        return owners(out, deadlineNanos);
    }

    /** {@link #nearestPorts(InetAddress, int, int, long)} with the whole owner-scan budget. */
    public List<Listeners.Listener> nearestPorts(InetAddress address, int port, int max) {
        return nearestPorts(address, port, max, Long.MAX_VALUE);
    }

    /** Up to {@code max} listening ports within +-100 of port that accept connections to this address, nearest first; owners looked up until deadlineNanos. */
    public List<Listeners.Listener> nearestPorts(InetAddress address, int port, int max, long deadlineNanos) {
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
        return owners(out, deadlineNanos);
    }

    /**
     * Owners for these listeners. A listener not known yet triggers one scan for every listener
     * of the current table, at most once per table read (by one thread; the others wait for it,
     * but not past their own deadline), within {@link #OWNER_SCAN_BUDGET_NANOS} clipped to the
     * scanning caller's deadline; results are kept per socket. A scan cut short by its caller's
     * deadline does not count as the table's scan: the next caller scans again.
     */
    private List<Listeners.Listener> owners(List<Listeners.Listener> ls, long deadlineNanos) {
        if (ls.stream().anyMatch(l -> !owned.containsKey(l.inode()))) {
            Listeners.Inventory t = table();
            long now = System.nanoTime();
            long full = now + OWNER_SCAN_BUDGET_NANOS;
            long until = Math.min(full, deadlineNanos);
            boolean locked = false;
            try {
                locked = until > now && scanning.tryLock(until - now, TimeUnit.NANOSECONDS);
                if (locked && scanned != t) {
                    if (owned.size() > MAX_REMEMBERED_OWNERS) owned.clear();
                    List<Listeners.Listener> all = new ArrayList<>(t.listeners());
                    all.addAll(ls);
                    boolean whole = until == full;
                    // a scan cut short remembers only the owners it found: the rest are looked up again
                    for (Listeners.Listener l : ownerScan.apply(all, until)) if (whole || l.pid() >= 0) owned.putIfAbsent(l.inode(), l);
                    if (whole) scanned = t;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the attempt is being stopped: no owners
            } finally {
                if (locked) scanning.unlock();
            }
        }
        return ls.stream().map(l -> owned.getOrDefault(l.inode(), l)).toList();
    }
}
