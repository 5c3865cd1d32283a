package dev.readygate.protocol.http;

import dev.readygate.net.Dialer;

import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a hop's socket shortly after the attempt's deadline, so a handshake or a write that the
 * socket timeout does not bound (the peer stops reading) cannot outlive the budget.
 */
final class Watchdog {
    /** How long after the deadline the watchdog closes a socket stuck in a handshake or write. */
    private static final long GRACE_MS = 20;

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "readygate-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    /** Arms the watchdog: it closes socket once remainingNanos (and the grace) have passed. */
    Watchdog(Socket socket, long remainingNanos) {
        task = TIMER.schedule(() -> {
            fired.set(true);
            Dialer.closeQuietly(socket);
        }, Math.max(0, remainingNanos / 1_000_000) + GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** The deadline passed and the socket was closed under the hop's feet. */
    boolean fired() {
        return fired.get();
    }

    void cancel() {
        task.cancel(false);
    }
}
