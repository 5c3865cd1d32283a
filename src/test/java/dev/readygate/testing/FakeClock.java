package dev.readygate.testing;

import dev.readygate.wait.Clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when slept on or advanced: waiting logic is tested without waiting. */
public final class FakeClock implements Clock {
    private long nanos = 1_000_000_000L;
    private final Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    public final List<Long> sleeps = new ArrayList<>();

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
        nanos += n;
    }

    public synchronized void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }

    public synchronized List<Long> sleepMillis() {
        return sleeps.stream().map(n -> n / 1_000_000L).toList();
    }
}
