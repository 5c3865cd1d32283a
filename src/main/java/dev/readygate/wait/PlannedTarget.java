package dev.readygate.wait;

import dev.readygate.model.Target;
import dev.readygate.protocol.Protocol;

/** A target with the policy it is waited under and the protocol that probes (or watches) it. */
public record PlannedTarget(Target target, WaitPolicy policy, Protocol protocol) {
}
