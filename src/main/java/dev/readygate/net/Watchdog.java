package dev.readygate.net;


import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a hop's socket shortly after the attempt's deadline, so a handshake or a write that the
 * socket timeout does not bound (the peer stops reading) cannot outlive the budget; and closes it
 * when the probing thread is interrupted (a blocking socket read or TLS handshake does not notice
 * an interrupt), so the probe returns promptly with what it saw so far and the flag still set.
 */
public final class Watchdog {
    /** How long after the deadline the watchdog closes a socket stuck in a handshake or write. */
    public static final long GRACE_MS = 20;
    /** How often the armed watchdogs look at their threads' interrupt flags (only while any is armed). */
    private static final long SCAN_MS = 50;

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "readygate-http-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Set<Watchdog> ARMED = ConcurrentHashMap.newKeySet();
    private static ScheduledFuture<?> scanner; // guarded by Watchdog.class

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private final AtomicBoolean fired = new AtomicBoolean();
    private final Socket socket;
    private final Thread owner;
    private final ScheduledFuture<?> task;

    /** Arms the watchdog: it closes socket once remainingNanos (and the grace) have passed, or when this thread is interrupted. */
    public Watchdog(Socket socket, long remainingNanos) {
        this.socket = socket;
        this.owner = Thread.currentThread();
        task = TIMER.schedule(this::fire, Math.max(0, remainingNanos / 1_000_000) + GRACE_MS, TimeUnit.MILLISECONDS);
        ARMED.add(this);
        scan(true);
    }

    private void fire() {
        fired.set(true);
        Dialer.closeQuietly(socket);
    }

    /** Fires the watchdogs whose threads were interrupted; runs while any is armed, then stops. */
    private static void scan() {
        for (Watchdog w : ARMED) if (w.owner.isInterrupted()) w.fire();
        scan(false);
    }

    private static synchronized void scan(boolean armed) {
        if (armed && scanner == null) {
            scanner = TIMER.scheduleWithFixedDelay(Watchdog::scan, SCAN_MS, SCAN_MS, TimeUnit.MILLISECONDS);
        } else if (!armed && ARMED.isEmpty() && scanner != null) {
            scanner.cancel(false);
            scanner = null;
        }
    }

    /** The deadline passed (or the thread was interrupted) and the socket was closed under the hop's feet. */
    public boolean fired() {
        return fired.get();
    }

    public void cancel() {
        task.cancel(false);
        ARMED.remove(this);
    }
}
