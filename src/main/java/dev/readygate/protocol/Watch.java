package dev.readygate.protocol;

import dev.readygate.model.Target;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A long-lived observation of a target that reports each change of its state, for protocols
 * whose server can push it (the Kubernetes API's watch) where polling would see readiness late.
 * The waiter runs a watch under the same deadline, stability and history rules as probes: each
 * reported state counts as an attempt (for --successes too), and a target reported ready that
 * stays silent completes its --stable-for window by time.
 *
 * <p>Contract: reports the current state first, then every change; never throws for anything the
 * target does (a failure to observe is reported as a not-ready result, then the call returns and
 * the waiter opens a new watch after its backoff); returns by {@code timeout}; returns promptly
 * when the thread is interrupted. A watch that throws anyway is a readygate bug: the waiter
 * records it as a not-ready PROTOCOL_ERROR and opens a new watch after its backoff.
 */
public interface Watch {
    /**
     * Runs on a helper thread of the waiter, which interrupts it when waiting ends.
     *
     * @param target  the target
     * @param timeout the time left before the deadline: return by then (about Long.MAX_VALUE
     *                nanoseconds when there is no deadline)
     * @param onState called for every state observed, from the calling thread; may block while
     *                the waiter catches up (its queue is bounded); reports made while the thread is
     *                interrupted are dropped
     */
    void watch(Target target, Duration timeout, Consumer<ProbeResult> onState) throws InterruptedException;
}
