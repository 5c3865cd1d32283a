package dev.readygate.plan;

import dev.readygate.target.Target;
import dev.readygate.wait.WaitPolicy;

/** A target with the policy it is waited under. */
public record PlannedTarget(Target target, WaitPolicy policy) {
}
