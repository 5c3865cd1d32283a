package dev.readygate.plan;

import dev.readygate.wait.PlannedTarget;

import java.time.Duration;
import java.util.List;

/**
 * Everything the gate needs: the targets with their policies and the overall deadline.
 *
 * @param timeout        the overall deadline; null waits forever ({@code --timeout none})
 * @param maxConcurrency the most attempts at once over all targets; 0: derived from the open-files limit
 */
public record Plan(List<PlannedTarget> targets, Duration timeout, int maxConcurrency) {
    public Plan {
        targets = List.copyOf(targets);
        if (maxConcurrency < 0) throw new IllegalArgumentException("max concurrency must not be negative");
    }

    /** With the concurrency derived from the open-files limit. */
    public Plan(List<PlannedTarget> targets, Duration timeout) {
        this(targets, timeout, 0);
    }
}
