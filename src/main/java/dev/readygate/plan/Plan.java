package dev.readygate.plan;

import dev.readygate.wait.PlannedTarget;

import java.time.Duration;
import java.util.List;

/**
 * Everything the gate needs: the targets with their policies and the overall deadline.
 *
 * @param timeout        the overall deadline; null waits forever ({@code --timeout none})
 * @param maxConcurrency the most attempts at once over all targets; 0: derived from the open-files limit
 * @param startedAgoNanos how long before the gate runs its deadline started counting (the process's
 *                        start, so that --timeout counts from when readygate was run); 0: from the gate's start
 */
public record Plan(List<PlannedTarget> targets, Duration timeout, int maxConcurrency, long startedAgoNanos) {
    public Plan {
        targets = List.copyOf(targets);
        if (maxConcurrency < 0) throw new IllegalArgumentException("max concurrency must not be negative");
        if (startedAgoNanos < 0) throw new IllegalArgumentException("started-ago must not be negative");
    }

    public Plan(List<PlannedTarget> targets, Duration timeout, int maxConcurrency) {
        this(targets, timeout, maxConcurrency, 0);
    }

    /** With the concurrency derived from the open-files limit. */
    public Plan(List<PlannedTarget> targets, Duration timeout) {
        this(targets, timeout, 0);
    }

    /** This plan with its deadline counted from {@code nanos} before the gate runs. */
    public Plan startedAgo(long nanos) {
        return new Plan(targets, timeout, maxConcurrency, nanos);
    }
}
