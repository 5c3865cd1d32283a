package dev.readygate.wait;

import dev.readygate.base.Defaults;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Cause-aware backoff with a hard cap and jitter below it.
 *
 * <ul>
 *   <li>The local kernel answered (connection refused, no route): retrying costs nobody anything,
 *       so retry at the fast cadence {@code interval} (+-20% jitter) for the first
 *       {@link Defaults#FAST_PHASE} of such answers in a row, then at {@link Defaults#SLOW_FACTOR}
 *       times that (capped at maxInterval): a service that comes up within seconds is seen within
 *       ~30 ms, and a long wait for one that does not costs a quarter of the CPU (each refused
 *       attempt costs ~0.6 ms of CPU here, docs/benchmarks.md).</li>
 *   <li>The attempt reached the application (5xx, timeouts, resets) or asked a DNS server about a
 *       name it does not know: exponential backoff from {@code interval}, doubling per consecutive
 *       such failure, so a starting application is not hammered.</li>
 *   <li>While a stability window runs (ready, not yet stable): a steady cadence of
 *       max(interval, min(maxInterval, stableFor / 10)).</li>
 * </ul>
 *
 * <p>The step is capped first, then jittered, and the jitter never goes above the cap: a wait is
 * uniform in [step * (1 - jitter), min(maxInterval, step * (1 + jitter))]. So {@code --max-interval}
 * is a real maximum, and once the backoff has reached it the waits still spread over
 * [maxInterval / 2, maxInterval]: gates started together do not retry in lockstep. (resilience4j's
 * randomized exponential backoff jitters before it caps, so every wait past the cap was exactly
 * the cap.)
 */
public final class Backoff implements IntervalBiFunction<ProbeResult> {
    private final long intervalMillis;
    private final long stabilityMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private final long fastAttempts;
    private final long slowMillis;
    private int appFailures;
    private long kernelAnswers;

    public Backoff(WaitPolicy policy) {
        this(policy, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1): seeded in tests */
    Backoff(WaitPolicy policy, DoubleSupplier random) {
        this.intervalMillis = policy.interval().toMillis();
        this.maxMillis = policy.maxInterval().toMillis();
        this.random = random;
        this.fastAttempts = Math.max(1, Defaults.FAST_PHASE.toMillis() / Math.max(1, intervalMillis));
        this.slowMillis = Math.min(maxMillis, intervalMillis * Defaults.SLOW_FACTOR);
        long window = policy.stableFor().toMillis() / 10;
        this.stabilityMillis = Math.max(intervalMillis, Math.min(maxMillis, window));
    }

    /** Milliseconds to wait after the given attempt's result. */
    @Override
    public Long apply(Integer attempt, Either<Throwable, ProbeResult> outcome) {
        if (outcome.isLeft()) return backOff();
        ProbeResult r = outcome.get();
        if (r.ready()) {
            appFailures = 0;
            kernelAnswers = 0;
            return stabilityMillis;
        }
        Diagnosis d = r.diagnosis();
        if (!d.cause().backsOff()) {
            appFailures = 0;
            kernelAnswers++;
            return jittered(kernelAnswers <= fastAttempts ? intervalMillis : slowMillis, Defaults.FAST_JITTER);
        }
        kernelAnswers = 0;
        return backOff();
    }

    private long backOff() {
        appFailures++;
        double step = intervalMillis * Math.pow(Defaults.MULTIPLIER, Math.min(appFailures - 1, 62));
        return jittered((long) Math.min(maxMillis, step), Defaults.BACKOFF_JITTER);
    }

    /** Uniform in [step * (1 - jitter), min(max, step * (1 + jitter))]: never above the cap. */
    private long jittered(long step, double jitter) {
        double low = step * (1 - jitter);
        double high = Math.min(maxMillis, step * (1 + jitter));
        return Math.max(1, Math.round(low + random.getAsDouble() * (high - low)));
    }

    /** @param result null when the attempt gave none (a watch that returned without reporting): backs off as after a failure */
    public long next(int attempt, ProbeResult result) {
        return result == null ? backOff() : apply(attempt, Either.right(result));
    }
}
