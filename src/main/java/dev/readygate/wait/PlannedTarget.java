package dev.readygate.wait;

import dev.readygate.model.Target;
import dev.readygate.wait.WaitPolicy;

/** A target with the policy it is waited under. */
public record PlannedTarget(Target target, WaitPolicy policy) {
}
