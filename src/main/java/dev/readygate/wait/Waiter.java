package dev.readygate.wait;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.base.Durations;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Repeats probes of one target until it is ready (and stable), the deadline passes, a permanent
 * failure stops it (fail-fast), or it is cancelled. The only place that owns time: probes are
 * one-shot, and the clock and sleeping are injected.
 */
public final class Waiter {
    /** Below this much time left, no new attempt starts. */
    static final long MIN_ATTEMPT_NANOS = 5_000_000L;
    private final PlannedTarget planned;
    private final Probe probe;
    private final Clock clock;
    private final WaitListener listener;

    public Waiter(PlannedTarget planned, Probe probe, Clock clock, WaitListener listener) {
        this.planned = planned;
        this.probe = probe;
        this.clock = clock;
        this.listener = listener;
    }

    // state, guarded by this: the gate may snapshot it from another thread when a signal stops waiting
    private final History history = new History();
    private Diagnosis last;
    private List<Diagnosis> warnings = List.of();
    private Map<String, Object> evidence = Map.of();
    private int attempts;
    private int streak;
    private long streakStart = -1;
    private long startNanos;

    /**
     * @param startNanos    the gate's start (clock.nanoTime())
     * @param deadlineNanos the gate's deadline; Long.MAX_VALUE for none
     * @param cancelled     polled between attempts
     */
    public WaitOutcome run(long startNanos, long deadlineNanos, BooleanSupplier cancelled) {
        this.startNanos = startNanos;
        WaitPolicy policy = planned.policy();
        Backoff backoff = new Backoff(policy);
        Instant streakStartWall = null;
        WaitOutcome.Stop stop;
        while (true) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                stop = WaitOutcome.Stop.CANCELLED;
                break;
            }
            long now = clock.nanoTime();
            long remaining = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - now;
            if (remaining < MIN_ATTEMPT_NANOS) {
                // an attempt with (almost) no time would only record a timeout the deadline made up
                stop = WaitOutcome.Stop.DEADLINE;
                break;
            }
            long budget = Math.min(policy.attemptTimeout().toNanos(), remaining);
            ProbeResult result = probe.probe(planned.target(), Duration.ofNanos(budget));
            long after = clock.nanoTime();
            long elapsedMs = (after - startNanos) / 1_000_000;
            long sleep;
            synchronized (this) {
                attempts++;
                warnings = result.warnings();
                if (result.ready()) {
                    evidence = result.evidence();
                    if (streakStart < 0) {
                        streakStart = now;
                        streakStartWall = clock.now();
                    }
                    streak++;
                    if (streak >= policy.successes() && after - streakStart >= policy.stableFor().toNanos()) {
                        listener.attempt(planned, attempts, elapsedMs, result, WaitListener.State.READY);
                        return new WaitOutcome(planned, true, WaitOutcome.Stop.READY, attempts, elapsedMs,
                                policy.needsStability() ? streakStartWall : clock.now(), last, history.entries(), warnings, evidence);
                    }
                    listener.attempt(planned, attempts, elapsedMs, result, WaitListener.State.STABILIZING);
                    sleep = backoff.next(attempts, result) * 1_000_000L;
                    if (streak >= policy.successes() && !policy.stableFor().isZero()) {
                        // wake no later than the end of the window
                        sleep = Math.min(sleep, Math.max(0, streakStart + policy.stableFor().toNanos() - after));
                    }
                } else {
                    Diagnosis d = result.diagnosis();
                    if (streakStart >= 0) {
                        Diagnosis flap = flapping(d, streak, (streakStart - startNanos) / 1_000_000, elapsedMs);
                        history.record(flap, elapsedMs);
                        streakStart = -1;
                        streak = 0;
                        streakStartWall = null;
                        last = flap;
                    } else {
                        last = d;
                    }
                    history.record(d, elapsedMs);
                    listener.attempt(planned, attempts, elapsedMs, result, WaitListener.State.WAITING);
                    if (policy.failFast() && d.permanent()) {
                        last = d;
                        stop = WaitOutcome.Stop.FAIL_FAST;
                        break;
                    }
                    sleep = backoff.next(attempts, result) * 1_000_000L;
                }
            }
            if (!sleepWithin(sleep, deadlineNanos)) {
                stop = WaitOutcome.Stop.CANCELLED;
                break;
            }
        }
        return snapshot(stop);
    }

    /** The outcome so far, as if waiting stopped now for the given reason (thread-safe). */
    public synchronized WaitOutcome snapshot(WaitOutcome.Stop stop) {
        long endMs = (clock.nanoTime() - startNanos) / 1_000_000;
        Diagnosis lastNow = last;
        if (lastNow == null && streakStart >= 0) {
            lastNow = Diagnosis.builder(Cause.FLAPPING, "ready for " + (endMs - (streakStart - startNanos) / 1_000_000) + " ms ("
                    + streak + " successful attempt" + (streak == 1 ? "" : "s") + ") but not yet stable when waiting ended")
                    .hint("the stability window did not complete before the deadline: raise --timeout or shorten --stable-for")
                    .build();
        }
        return new WaitOutcome(planned, false, stop, attempts, endMs, null, lastNow, history.entries(), warnings, evidence);
    }

    private static Diagnosis flapping(Diagnosis down, int streak, long upAtMs, long downAtMs) {
        return Diagnosis.builder(Cause.FLAPPING, "was ready at " + Durations.format(Duration.ofMillis(upAtMs)) + " ("
                        + streak + " successful attempt" + (streak == 1 ? "" : "s") + "), then failed at "
                        + Durations.format(Duration.ofMillis(downAtMs)) + " with " + down.cause())
                .evidence("upAtMs", upAtMs)
                .evidence("downAtMs", downAtMs)
                .evidence("successesBeforeFailure", streak)
                .evidence("failure", down.cause().name())
                .build();
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
