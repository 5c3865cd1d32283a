package dev.readygate.protocol;

import dev.readygate.model.Target;

import java.time.Duration;

/**
 * Looks at a target once. Stateless: a fresh connection per call, no pooling, no proxy.
 *
 * <p>Contract (tested for every probe in ProbeContractTest): never throws for anything the
 * target does (a refused connect, a hostile server, garbage bytes) but returns a diagnosis;
 * returns within {@code timeout} plus a small scheduling slack; honours thread interruption by
 * returning promptly.
 */
public interface Probe {
    /**
     * @param target  the target
     * @param timeout the budget for this whole attempt (all phases), already clipped to the deadline
     */
    ProbeResult probe(Target target, Duration timeout);
}
