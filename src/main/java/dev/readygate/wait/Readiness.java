package dev.readygate.wait;

import dev.readygate.base.Durations;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules every observed state of one target goes through, whether a probe attempt or a watch
 * reported it: consecutive successes, the stability window, FLAPPING, the history and fail-fast.
 * It decides; the waiter's loops only feed it states and time.
 *
 * <p>Thread-safe: the gate may snapshot it from another thread when a signal stops waiting.
 */
final class Readiness {
    /** Where the target stands after an observation. */
    enum Step { WAITING, STABILIZING, READY, FAIL_FAST }

    private final PlannedTarget planned;
    private final WaitPolicy policy;
    private final Clock clock;
    private final WaitListener listener;

    // guarded by this
    private final History history = new History();
    private long startNanos;
    private Diagnosis last;
    private List<Diagnosis> warnings = List.of();
    private Map<String, Object> evidence = Map.of();
    private ProbeResult lastReady;
    private int attempts;
    private int streak;
    private long streakStart = -1;
    private Instant streakStartWall;
    private long readyMs = -1;
    private Instant readyAt;
    private String permanentKey;
    private long permanentSinceMs;

    Readiness(PlannedTarget planned, Clock clock, WaitListener listener) {
        this.planned = planned;
        this.policy = planned.policy();
        this.clock = clock;
        this.listener = listener;
    }

    /** @param startNanos the gate's start (clock.nanoTime()): elapsed times count from it */
    synchronized void begin(long startNanos) {
        this.startNanos = startNanos;
    }

    /**
     * One observed state: counts as an attempt.
     *
     * @param sinceNanos when the observation began (a probe's start; for a watch's report, its arrival)
     * @param atNanos    when it was made
     */
    synchronized Step observe(ProbeResult result, long sinceNanos, long atNanos) {
        return observe(result, sinceNanos, atNanos, false);
    }

    /**
     * @param cutShort the attempt had less than --attempt-timeout (the deadline was near, or many
     *                 targets shared the attempts): a timeout it ends in is counted and kept in the
     *                 history, but does not replace what a full attempt saw (a refusal stays the
     *                 conclusion, not a 5 ms connect timeout at the deadline)
     */
    synchronized Step observe(ProbeResult result, long sinceNanos, long atNanos, boolean cutShort) {
        attempts++;
        warnings = result.warnings();
        long elapsedMs = (atNanos - startNanos) / 1_000_000;
        if (result.ready()) {
            permanentKey = null;
            evidence = result.evidence();
            lastReady = result;
            if (streakStart < 0) {
                streakStart = sinceNanos;
                streakStartWall = clock.now();
            }
            streak++;
            if (stableAt(atNanos)) return ready(atNanos);
            listener.attempt(planned, attempts, elapsedMs, result, WaitListener.State.STABILIZING);
            return Step.STABILIZING;
        }
        Diagnosis d = result.diagnosis();
        if (streakStart >= 0) {
            Diagnosis flap = flapping(d, streak, (streakStart - startNanos) / 1_000_000, elapsedMs);
            history.record(flap, elapsedMs);
            streakStart = -1;
            streak = 0;
            streakStartWall = null;
            last = flap;
        } else if (!(cutShort && last != null && d.cause().budgetRanOut())) {
            last = d;
        }
        history.record(d, elapsedMs);
        listener.attempt(planned, attempts, elapsedMs, result, WaitListener.State.WAITING);
        if (!d.permanent()) permanentKey = null;
        if (policy.failFast() && d.permanent() && graceOver(d, elapsedMs)) {
            last = d;
            return Step.FAIL_FAST;
        }
        return Step.WAITING;
    }

    /**
     * A permanent failure stops fail-fast at once, except one that set-up often mends moments
     * after the port opens (a user or database created by an entrypoint): that one must have
     * lasted, under the same key, for --fail-fast-grace.
     */
    private boolean graceOver(Diagnosis d, long elapsedMs) {
        if (!d.cause().mendedBySetup()) return true;
        if (!d.key().equals(permanentKey)) {
            permanentKey = d.key();
            permanentSinceMs = elapsedMs;
        }
        return elapsedMs - permanentSinceMs >= policy.failFastGrace().toMillis();
    }

    /**
     * No new state by {@code nowNanos}: a target that was reported ready and has stayed silent is
     * still ready, so the stability window completes by time. True when the target is now ready.
     */
    synchronized boolean settle(long nowNanos) {
        if (streakStart < 0 || !stableAt(nowNanos)) return false;
        ready(nowNanos);
        return true;
    }

    /** When the running stability window completes if nothing changes; Long.MAX_VALUE while more successes are needed. */
    synchronized long windowEnd() {
        return streakStart >= 0 && streak >= policy.successes() ? streakStart + policy.stableFor().toNanos() : Long.MAX_VALUE;
    }

    synchronized int attempts() {
        return attempts;
    }

    private boolean stableAt(long nanos) {
        return streak >= policy.successes() && nanos - streakStart >= policy.stableFor().toNanos();
    }

    private Step ready(long atNanos) {
        readyMs = (atNanos - startNanos) / 1_000_000;
        readyAt = policy.needsStability() ? streakStartWall : clock.now();
        listener.attempt(planned, attempts, readyMs, lastReady, WaitListener.State.READY);
        return Step.READY;
    }

    /** How waiting ended: ready once {@link Step#READY} was reached, otherwise as it stands now for the given reason. */
    synchronized WaitOutcome outcome(WaitOutcome.Stop stop) {
        if (stop == WaitOutcome.Stop.READY)
            return new WaitOutcome(planned, true, stop, attempts, readyMs, readyAt, last, history.entries(), warnings, evidence);
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
}
