package dev.readygate.wait;

import dev.readygate.base.Defaults;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;

/**
 * Cause-aware backoff, built on resilience4j interval functions.
 *
 * <ul>
 *   <li>The local kernel answered (connection refused, no route): retrying costs nobody anything,
 *       so retry at the fast cadence {@code interval} (+-20% jitter).</li>
 *   <li>The attempt reached the application (5xx, timeouts, resets) or asked a DNS server about a
 *       name it does not know: exponential backoff with
 *       +-50% jitter from {@code interval}, doubling up to {@code maxInterval} (a hard cap), counted over
 *       consecutive such failures, so a starting application is not hammered.</li>
 *   <li>While a stability window runs (ready, not yet stable): a steady cadence of
 *       max(interval, min(maxInterval, stableFor / 10)).</li>
 * </ul>
 */
public final class Backoff implements IntervalBiFunction<ProbeResult> {
    private final IntervalFunction fast;
    private final IntervalFunction exponential;
    private final long stabilityMillis;
    private final long maxMillis;
    private int appFailures;

    public Backoff(WaitPolicy policy) {
        long interval = policy.interval().toMillis();
        this.fast = IntervalFunction.ofRandomized(policy.interval(), Defaults.FAST_JITTER);
        this.exponential = IntervalFunction.ofExponentialRandomBackoff(policy.interval(), Defaults.MULTIPLIER,
                Defaults.BACKOFF_JITTER, policy.maxInterval());
        long window = policy.stableFor().toMillis() / 10;
        this.stabilityMillis = Math.max(interval, Math.min(policy.maxInterval().toMillis(), window));
        this.maxMillis = policy.maxInterval().toMillis();
    }

    /** Milliseconds to wait after the given attempt's result. */
    @Override
    public Long apply(Integer attempt, Either<Throwable, ProbeResult> outcome) {
        if (outcome.isLeft()) return backOff();
        ProbeResult r = outcome.get();
        if (r.ready()) {
            appFailures = 0;
            return stabilityMillis;
        }
        Diagnosis d = r.diagnosis();
        if (!d.cause().backsOff()) {
            appFailures = 0;
            return fast.apply(1);
        }
        return backOff();
    }

    /** resilience4j jitters after capping, so the cap is applied again: --max-interval is a real maximum. */
    private long backOff() {
        return Math.min(maxMillis, exponential.apply(++appFailures));
    }

    /** @param result null when the attempt gave none (a watch that returned without reporting): backs off as after a failure */
    public long next(int attempt, ProbeResult result) {
        return result == null ? backOff() : apply(attempt, Either.right(result));
    }
}
