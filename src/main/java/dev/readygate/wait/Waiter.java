package dev.readygate.wait;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.Watch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Waits for one target until it is ready (and stable), the deadline passes, a permanent failure
 * stops it (fail-fast), or it is cancelled: by repeating a probe, or by following a watch that
 * reports each change of state. Both feed the same {@link Readiness} rules. It owns time:
 * probes are one-shot, watches are told the time left, and the clock and sleeping are injected.
 * A scheduler that runs many waiters on few threads drives a probing waiter by {@link #turn}s and
 * sleeps until the turn's due time itself; {@link #run} does both on the calling thread.
 */
public final class Waiter {
    /** Below this much time left, no new attempt starts (and no watch is waited on). */
    public static final long MIN_ATTEMPT_NANOS = 5_000_000L;
    /**
     * Attempts end this long before the deadline, so that what they saw is recorded before the
     * gate reports (thousands of attempts timing out at once need a moment to be classified).
     */
    public static final long END_MARGIN_NANOS = 20_000_000L;
    /** While a watch is silent, how often the cancel flag is looked at (a signal interrupts at once). */
    static final long CANCEL_CHECK_NANOS = 100_000_000L;
    static final String BUG_HINT = "this is a readygate bug: please report it";

    private final PlannedTarget planned;
    private final Probe probe;
    private final Watch watch;
    private final Clock clock;
    private final Readiness state;
    private final Backoff backoff;

    /** Repeats the probe, backing off between attempts. */
    public Waiter(PlannedTarget planned, Probe probe, Clock clock, WaitListener listener) {
        this(planned, Objects.requireNonNull(probe, "probe"), null, clock, listener);
    }

    /**
     * Follows the watch: each reported state counts as an attempt; a target reported ready that
     * stays silent completes its stability window by time; a watch that returns early is opened
     * again after a backoff step.
     */
    public Waiter(PlannedTarget planned, Watch watch, Clock clock, WaitListener listener) {
        this(planned, null, Objects.requireNonNull(watch, "watch"), clock, listener);
    }

    private Waiter(PlannedTarget planned, Probe probe, Watch watch, Clock clock, WaitListener listener) {
        this.planned = planned;
        this.probe = probe;
        this.watch = watch;
        this.clock = clock;
        this.state = new Readiness(planned, clock, listener);
        this.backoff = new Backoff(planned.policy());
    }

    /**
     * Waits on the calling thread until waiting stops.
     *
     * @param startNanos    the gate's start (clock.nanoTime())
     * @param deadlineNanos the gate's deadline; Long.MAX_VALUE for none
     * @param cancelled     polled between attempts, and while a watch is silent
     */
    public WaitOutcome run(long startNanos, long deadlineNanos, BooleanSupplier cancelled) {
        begin(startNanos);
        WaitOutcome.Stop stop = probe != null ? probe(deadlineNanos, cancelled) : watch(deadlineNanos, cancelled);
        return state.outcome(stop);
    }

    /** Whether this waiter follows a watch (which needs a thread of its own) rather than repeating a probe. */
    public boolean watches() {
        return watch != null;
    }

    /** Starts the clock of a waiter driven by {@link #turn} (elapsed times count from startNanos). */
    public void begin(long startNanos) {
        state.begin(startNanos);
    }

    /**
     * What one {@link #turn} decided: waiting stops for {@code stop}, or the next attempt is due at
     * {@code dueNanos} (clock.nanoTime(); never past the deadline).
     */
    public record Turn(WaitOutcome.Stop stop, long dueNanos) {
    }

    /** {@link #turn(long, BooleanSupplier, long, String)} with the whole attempt budget. */
    public Turn turn(long deadlineNanos, BooleanSupplier cancelled) {
        return turn(deadlineNanos, cancelled, Long.MAX_VALUE, null);
    }

    /**
     * At most one probe attempt, for a scheduler that runs many waiters on few threads and owns
     * the sleeping between attempts. Not for a watching waiter; turns of one waiter never overlap.
     *
     * @param shareNanos the most this attempt may take because others wait for a slot (Long.MAX_VALUE: no limit);
     *                   at least {@link #MIN_ATTEMPT_NANOS}
     * @param sharedWhy  why the attempt had less than --attempt-timeout, for the hint of a timeout it ends in
     */
    public Turn turn(long deadlineNanos, BooleanSupplier cancelled, long shareNanos, String sharedWhy) {
        if (probe == null) throw new IllegalStateException("a watching waiter runs on its own thread");
        long now = clock.nanoTime();
        WaitOutcome.Stop stop = stopBefore(now, deadlineNanos, cancelled);
        if (stop != null) return new Turn(stop, now);
        long full = planned.policy().attemptTimeout().toNanos();
        long budget = Math.min(full, deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(MIN_ATTEMPT_NANOS, deadlineNanos - now - END_MARGIN_NANOS));
        boolean shared = shareNanos < budget;
        if (shared) budget = Math.max(MIN_ATTEMPT_NANOS, shareNanos);
        ProbeResult result;
        try {
            result = probe.probe(planned.target(), Duration.ofNanos(budget));
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            result = bug("probe", planned.target(), e);
        }
        if (shared && !result.ready() && result.diagnosis().cause().budgetRanOut()) {
            Diagnosis d = result.diagnosis();
            result = ProbeResult.notReady(d.withEvidence("attemptBudgetMs", budget / 1_000_000)
                    .withHint((d.hint() == null ? "" : d.hint() + "; ") + "this attempt had only " + budget / 1_000_000 + " ms: " + sharedWhy),
                    result.warnings());
        }
        long after = clock.nanoTime();
        stop = decided(state.observe(result, now, after, budget < full));
        if (stop != null) return new Turn(stop, after);
        // wake no later than the end of a running stability window
        long sleep = Math.min(backoff.next(state.attempts(), result) * 1_000_000L, Math.max(0, state.windowEnd() - after));
        long due = after + sleep;
        return new Turn(null, deadlineNanos == Long.MAX_VALUE ? due : Math.min(due, deadlineNanos));
    }

    /** How waiting ended, once a {@link #turn} stopped it (or the scheduler stopped it for this reason). */
    public WaitOutcome finish(WaitOutcome.Stop stop) {
        return state.outcome(stop);
    }

    /** The outcome so far, as if waiting stopped now for the given reason (thread-safe). */
    public WaitOutcome snapshot(WaitOutcome.Stop stop) {
        return state.outcome(stop);
    }

    private WaitOutcome.Stop probe(long deadlineNanos, BooleanSupplier cancelled) {
        while (true) {
            Turn t = turn(deadlineNanos, cancelled);
            if (t.stop() != null) return t.stop();
            if (!sleepWithin(t.dueNanos() - clock.nanoTime(), deadlineNanos)) return WaitOutcome.Stop.CANCELLED;
        }
    }

    private WaitOutcome.Stop watch(long deadlineNanos, BooleanSupplier cancelled) {
        while (true) {
            long now = clock.nanoTime();
            WaitOutcome.Stop stop = stopBefore(now, deadlineNanos, cancelled);
            if (stop != null) return stop;
            ProbeResult last;
            try (WatchSession session = WatchSession.open(watch, planned.target(), Duration.ofNanos(deadlineNanos - now))) {
                stop = follow(session, deadlineNanos, cancelled);
                last = session.last();
            }
            if (stop != null) return stop;
            // the watch returned before the end: open a new one after a backoff step, as after a probe
            if (!sleepWithin(backoff.next(state.attempts(), last) * 1_000_000L, deadlineNanos)) return WaitOutcome.Stop.CANCELLED;
        }
    }

    /** Takes the session's reports until waiting stops (the reason) or the watch returns (null). */
    private WaitOutcome.Stop follow(WatchSession session, long deadlineNanos, BooleanSupplier cancelled) {
        while (true) {
            long now = clock.nanoTime();
            WaitOutcome.Stop stop = stopBefore(now, deadlineNanos, cancelled);
            if (stop != null) return stop;
            // silence counts as "still ready" only once this watch has reported its current state
            long until = session.last() == null ? deadlineNanos : Math.min(deadlineNanos, state.windowEnd());
            ProbeResult result;
            try {
                result = session.next(clock, Math.min(until - now, CANCEL_CHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WaitOutcome.Stop.CANCELLED;
            }
            long at = clock.nanoTime();
            if (result != null) {
                stop = decided(state.observe(result, at, at));
                if (stop != null) return stop;
            } else if (session.ended()) {
                return null;
            } else if (session.last() != null && state.settle(at)) {
                return WaitOutcome.Stop.READY;
            }
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
     * (the report names it) instead of ending the target's thread without one. Besides runtime
     * exceptions: a stack overflow (deep recursion on hostile input), a class the runtime lacks
     * (a module jlink left out) and a failed assertion; running out of memory is not caught here
     * (the whole run ends in one line, exit 4).
     */
    static ProbeResult bug(String what, Target target, Throwable e) {
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
