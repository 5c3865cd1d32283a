package dev.readygate.wait;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Time as the waiter sees it: a monotonic reading, the wall clock, sleeping, and waiting for what
 * another thread hands over (a watch's reports). Tests inject a fake.
 */
public interface Clock {
    long nanoTime();

    Instant now();

    void sleepNanos(long nanos) throws InterruptedException;

    /** Takes the queue's head, waiting up to {@code nanos} for one; null if none came by then. */
    default <T> T poll(BlockingQueue<T> queue, long nanos) throws InterruptedException {
        return queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to {@code nanos}, or less when another thread unparks the caller
     * ({@link java.util.concurrent.locks.LockSupport#unpark}); a fake clock lets the time pass.
     */
    default void parkNanos(long nanos) throws InterruptedException {
        sleepNanos(nanos);
    }

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }

        @Override
        public void parkNanos(long nanos) throws InterruptedException {
            if (nanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(this, nanos);
            if (Thread.interrupted()) throw new InterruptedException();
        }
    };
}
