package dev.readygate.wait;

import dev.readygate.base.Defaults;

import java.time.Duration;

/**
 * How one target is waited for. The overall deadline is the gate's, shared by all targets.
 *
 * @param attemptTimeout budget of one attempt (all phases), clipped to the time left
 * @param interval       the fast retry cadence (connect refused, DNS not found: the kernel or resolver
 *                       answered, so retrying costs the upstream nothing) and the first backoff step
 * @param maxInterval    the cap of the exponential backoff used after failures that reached the application
 * @param successes      consecutive successful attempts required
 * @param stableFor      how long the target must stay ready (zero: no window)
 * @param failFast       stop at the first permanent failure
 * @param failFastGrace  how long a permanent failure that set-up often mends (a user or database created just after
 *                       the port opens: {@link dev.readygate.diagnosis.Cause#mendedBySetup()}) must last before
 *                       fail-fast stops at it
 */
public record WaitPolicy(Duration attemptTimeout, Duration interval, Duration maxInterval, int successes, Duration stableFor,
                         boolean failFast, Duration failFastGrace) {

    public WaitPolicy {
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) throw new IllegalArgumentException("attempt timeout must be positive");
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
        if (maxInterval.compareTo(interval) < 0) throw new IllegalArgumentException("max interval (" + maxInterval.toMillis()
                + "ms) must not be below interval (" + interval.toMillis() + "ms)");
        if (successes < 1) throw new IllegalArgumentException("successes must be at least 1");
        if (stableFor.isNegative()) throw new IllegalArgumentException("stable-for must not be negative");
        if (failFastGrace == null) failFastGrace = Defaults.FAIL_FAST_GRACE;
        if (failFastGrace.isNegative()) throw new IllegalArgumentException("fail-fast grace must not be negative");
    }

    /** With the default --fail-fast-grace. */
    public WaitPolicy(Duration attemptTimeout, Duration interval, Duration maxInterval, int successes, Duration stableFor, boolean failFast) {
        this(attemptTimeout, interval, maxInterval, successes, stableFor, failFast, Defaults.FAIL_FAST_GRACE);
    }

    public static WaitPolicy defaults() {
        return new WaitPolicy(Defaults.ATTEMPT_TIMEOUT, Defaults.INTERVAL, Defaults.MAX_INTERVAL, Defaults.SUCCESSES,
                Defaults.STABLE_FOR, false);
    }

    public boolean needsStability() {
        return successes > 1 || !stableFor.isZero();
    }
}
