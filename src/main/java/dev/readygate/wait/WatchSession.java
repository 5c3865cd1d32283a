package dev.readygate.wait;

import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.Watch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One call of a {@link Watch} on a helper thread, its reports handed to the waiter through a
 * bounded queue (a watch that reports faster than the waiter takes them waits in its callback).
 * Closing it interrupts the helper and joins it briefly: the helper ends when the waiter ends.
 */
final class WatchSession implements AutoCloseable {
    static final int CAPACITY = 64;
    /** How long closing waits for the helper to end (a watch that ignores interruption ends by its timeout). */
    static final long CLOSE_MILLIS = 200;
    /** Put by the helper after the watch returned. */
    private static final Object ENDED = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread helper;
    private ProbeResult last;
    private boolean ended;

    private WatchSession(Watch watch, Target target, Duration timeout, String name) {
        helper = new Thread(() -> follow(watch, target, timeout), name);
        helper.setDaemon(true);
    }

    static WatchSession open(Watch watch, Target target, Duration timeout) {
        WatchSession s = new WatchSession(watch, target, timeout, Thread.currentThread().getName() + "-watch");
        s.helper.start();
        return s;
    }

    private void follow(Watch watch, Target target, Duration timeout) {
        try {
            watch.watch(target, timeout, r -> hand(Objects.requireNonNull(r, "a watch reported a null state")));
        } catch (InterruptedException e) {
            // the waiter stopped
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            hand(Waiter.bug("watch", target, e));
        } finally {
            hand(ENDED);
        }
    }

    /** Called on the helper thread; when the waiter has stopped (interrupt), drops the report and keeps the interrupt for the watch. */
    private void hand(Object report) {
        try {
            queue.put(report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next report, or null when none came within {@code nanos} or the watch has returned ({@link #ended()}).
     * Waits through {@link Clock#poll}, so a fake clock moves time instead.
     */
    ProbeResult next(Clock clock, long nanos) throws InterruptedException {
        if (ended) return null;
        Object report = clock.poll(queue, nanos);
        if (report == ENDED) {
            ended = true;
            return null;
        }
        if (report != null) last = (ProbeResult) report;
        return (ProbeResult) report;
    }

    /** The watch has returned and every report was taken. */
    boolean ended() {
        return ended;
    }

    /** The last state this watch reported; null if none yet. */
    ProbeResult last() {
        return last;
    }

    @Override
    public void close() {
        helper.interrupt();
        boolean interrupted = Thread.interrupted(); // an interrupted waiter still joins its helper
        try {
            helper.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
