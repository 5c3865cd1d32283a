package dev.readygate.wait;

import java.time.Instant;

/** Time as the waiter sees it: a monotonic reading, the wall clock, and sleeping. Tests inject a fake. */
public interface Clock {
    long nanoTime();

    Instant now();

    void sleepNanos(long nanos) throws InterruptedException;

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
    };
}
