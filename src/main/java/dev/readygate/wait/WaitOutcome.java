package dev.readygate.wait;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.wait.PlannedTarget;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How waiting for one target ended.
 *
 * @param waitedMs     from the gate's start to readiness or to the end
 * @param readyAt      wall-clock time it became ready (null if not)
 * @param last         the last diagnosis (null if ready at the first attempt and never failed)
 * @param history      every distinct diagnosis, in order of first appearance
 * @param warnings     warnings of the last attempt
 * @param evidence     evidence of the last successful attempt
 */
public record WaitOutcome(PlannedTarget planned, boolean ready, Stop stop, int attempts, long waitedMs, Instant readyAt,
                          Diagnosis last, List<History.Entry> history, List<Diagnosis> warnings, Map<String, Object> evidence) {

    /** Why waiting stopped. */
    public enum Stop {
        READY, DEADLINE, FAIL_FAST, CANCELLED, INTERRUPTED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
