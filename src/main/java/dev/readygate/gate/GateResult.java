package dev.readygate.gate;

import dev.readygate.wait.WaitOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a whole gate run.
 *
 * @param timeout the deadline that applied (null: none)
 */
public record GateResult(List<WaitOutcome> outcomes, Instant startedAt, long elapsedMs, Duration timeout, boolean interrupted) {

    public boolean ready() {
        return !interrupted && outcomes.stream().allMatch(WaitOutcome::ready);
    }

    /** ready, deadline, fail-fast or interrupted. */
    public String reason() {
        if (interrupted) return "interrupted";
        if (ready()) return "ready";
        if (outcomes.stream().anyMatch(o -> o.stop() == WaitOutcome.Stop.FAIL_FAST)) return "fail-fast";
        return "deadline";
    }
}
