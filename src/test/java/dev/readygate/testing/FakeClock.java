package dev.readygate.testing;

import dev.readygate.wait.Clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A clock that only moves when slept on or advanced: waiting logic is tested without waiting.
 *
 * <p>With a second thread (a fake watch on the waiter's helper thread): that thread {@link #park}s
 * to let fake time pass, and time moves only in {@link #poll}, when the queue is empty and the
 * other thread is parked, up to its wake-up or the poll's end, whichever is first. While the other
 * thread runs, poll waits for it for real. So a watch's story plays the same way every run. Made
 * for one waiter and one other thread.
 */
public final class FakeClock implements Clock {
    private long nanos = 1_000_000_000L;
    private final Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    public final List<Long> sleeps = new ArrayList<>();
    /** Wake-up times of parked threads, guarded by this. */
    private final List<long[]> parked = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return epoch.plusNanos(nanos);
    }

    @Override
    public synchronized void sleepNanos(long n) {
        sleeps.add(n);
        advanceTo(saturatedAdd(nanos, n));
    }

    public synchronized void advanceMillis(long ms) {
        advanceTo(saturatedAdd(nanos, ms * 1_000_000L));
    }

    public synchronized List<Long> sleepMillis() {
        return sleeps.stream().map(n -> n / 1_000_000L).toList();
    }

    /** Blocks the calling thread until fake time has moved on by {@code n} nanoseconds (Long.MAX_VALUE: until interrupted). */
    public synchronized void park(long n) throws InterruptedException {
        long[] wake = {saturatedAdd(nanos, n)};
        parked.add(wake);
        try {
            while (nanos < wake[0]) wait();
        } finally {
            parked.remove(wake);
        }
    }

    @Override
    public <T> T poll(BlockingQueue<T> queue, long n) throws InterruptedException {
        long until;
        synchronized (this) {
            until = saturatedAdd(nanos, Math.max(0, n));
        }
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            synchronized (this) {
                // a parked thread put what it had to say before parking, so an empty queue means silence
                boolean otherParked = !parked.isEmpty();
                T head = queue.poll();
                if (head != null) return head;
                if (nanos >= until) return null;
                if (otherParked) {
                    long wake = parked.stream().mapToLong(w -> w[0]).min().orElseThrow();
                    advanceTo(Math.min(until, wake));
                    continue;
                }
            }
            T head = queue.poll(1, TimeUnit.MILLISECONDS); // the other thread is busy: wait for it for real
            if (head != null) return head;
        }
    }

    /** Moves time on and wakes the threads parked until then; they leave the parked list at once. */
    private void advanceTo(long t) {
        nanos = Math.max(nanos, t);
        parked.removeIf(w -> w[0] <= nanos);
        notifyAll();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
