package dev.readygate.wait;

import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;

/** Told about every attempt (reporters draw live lines and state changes from it). Must be thread-safe and quick. */
public interface WaitListener {
    /** The state of a target after an attempt. */
    enum State { WAITING, STABILIZING, READY, NOT_READY }

    /**
     * @param attempt   1-based attempt number
     * @param elapsedMs since the gate started
     * @param state     the state after this attempt
     */
    void attempt(PlannedTarget target, int attempt, long elapsedMs, ProbeResult result, State state);

    WaitListener NONE = (t, a, e, r, s) -> { };
}
