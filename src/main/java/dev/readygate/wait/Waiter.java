package dev.readygate.wait;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Repeats probes of one target until it is ready (and stable), the deadline passes, a permanent
 * failure stops it (fail-fast), or it is cancelled. The rules live in {@link Readiness}; the
 * loop feeds it results and time. The only place that owns time: probes are one-shot, and the
 * clock and sleeping are injected.
 */
public final class Waiter {
    /** Below this much time left, no new attempt starts. */
    static final long MIN_ATTEMPT_NANOS = 5_000_000L;
    static final String BUG_HINT = "this is a readygate bug: please report it";

    private final PlannedTarget planned;
    private final Probe probe;
    private final Clock clock;
    private final Readiness state;

    public Waiter(PlannedTarget planned, Probe probe, Clock clock, WaitListener listener) {
        this.planned = planned;
        this.probe = probe;
        this.clock = clock;
        this.state = new Readiness(planned, clock, listener);
    }

    /**
     * @param startNanos    the gate's start (clock.nanoTime())
     * @param deadlineNanos the gate's deadline; Long.MAX_VALUE for none
     * @param cancelled     polled between attempts
     */
    public WaitOutcome run(long startNanos, long deadlineNanos, BooleanSupplier cancelled) {
        state.begin(startNanos);
        Backoff backoff = new Backoff(planned.policy());
        return state.outcome(probe(deadlineNanos, cancelled, backoff));
    }

    /** The outcome so far, as if waiting stopped now for the given reason (thread-safe). */
    public WaitOutcome snapshot(WaitOutcome.Stop stop) {
        return state.outcome(stop);
    }

    private WaitOutcome.Stop probe(long deadlineNanos, BooleanSupplier cancelled, Backoff backoff) {
        while (true) {
            long now = clock.nanoTime();
            WaitOutcome.Stop stop = stopBefore(now, deadlineNanos, cancelled);
            if (stop != null) return stop;
            long budget = Math.min(planned.policy().attemptTimeout().toNanos(), deadlineNanos - now);
            ProbeResult result;
            try {
                result = probe.probe(planned.target(), Duration.ofNanos(budget));
            } catch (RuntimeException e) {
                result = bug("probe", planned.target(), e);
            }
            long after = clock.nanoTime();
            stop = decided(state.observe(result, now, after));
            if (stop != null) return stop;
            // wake no later than the end of a running stability window
            long sleep = Math.min(backoff.next(state.attempts(), result) * 1_000_000L, Math.max(0, state.windowEnd() - after));
            if (!sleepWithin(sleep, deadlineNanos)) return WaitOutcome.Stop.CANCELLED;
        }
    }

    /** Cancelled, or too little time left for another attempt; null to go on. */
    private static WaitOutcome.Stop stopBefore(long now, long deadlineNanos, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) return WaitOutcome.Stop.CANCELLED;
        // an attempt with (almost) no time would only record a timeout the deadline made up
        if (deadlineNanos != Long.MAX_VALUE && deadlineNanos - now < MIN_ATTEMPT_NANOS) return WaitOutcome.Stop.DEADLINE;
        return null;
    }

    /** The stop a step ends waiting with; null to go on. */
    private static WaitOutcome.Stop decided(Readiness.Step step) {
        return switch (step) {
            case READY -> WaitOutcome.Stop.READY;
            case FAIL_FAST -> WaitOutcome.Stop.FAIL_FAST;
            case WAITING, STABILIZING -> null;
        };
    }

    /**
     * A probe or watch that throws broke its contract: that is our bug, reported as a diagnosis
     * (the report names it) instead of ending the target's thread without one.
     */
    static ProbeResult bug(String what, Target target, RuntimeException e) {
        return ProbeResult.notReady(Diagnosis.builder(Cause.PROTOCOL_ERROR, "the " + what + " of " + target.display()
                        + " failed: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + excerpt(e.getMessage())))
                .hint(BUG_HINT)
                .evidence("exception", e.getClass().getName())
                .build());
    }

    private static String excerpt(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Sleeps, clipped to the deadline; false if interrupted. */
    private boolean sleepWithin(long nanos, long deadlineNanos) {
        long now = clock.nanoTime();
        long limit = deadlineNanos == Long.MAX_VALUE ? nanos : Math.min(nanos, Math.max(0, deadlineNanos - now));
        try {
            clock.sleepNanos(limit);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
