package dev.readygate.plan;

import dev.readygate.wait.PlannedTarget;

import java.time.Duration;
import java.util.List;

/**
 * Everything the gate needs: the targets with their policies and the overall deadline.
 *
 * @param timeout the overall deadline; null waits forever ({@code --timeout none})
 */
public record Plan(List<PlannedTarget> targets, Duration timeout) {
    public Plan {
        targets = List.copyOf(targets);
    }
}
