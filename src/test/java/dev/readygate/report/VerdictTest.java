package dev.readygate.report;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

import dev.readygate.testing.Targets;
import dev.readygate.wait.History;
import dev.readygate.wait.WaitOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class VerdictTest {
    static WaitOutcome outcome(WaitOutcome.Stop stop, Diagnosis last, History.Entry... history) {
        return new WaitOutcome(Targets.planned("http://app/health", Targets.policy()), false, stop, 10, 3000, null, last, List.of(history), List.of(), Map.of());
    }

    static History.Entry entry(Diagnosis d, int count) {
        return new History.Entry(d, count, 0, 100);
    }

    @Test
    void aTargetThatNeverGotPastConnect() {
        Diagnosis refused = Diagnosis.of(Cause.CONNECTION_REFUSED, "refused");
        assertEquals("it never accepted a connection (CONNECTION_REFUSED x49 in 3.0s); next: " + Cause.CONNECTION_REFUSED.hint(),
                Verdict.conclude(outcome(WaitOutcome.Stop.DEADLINE, refused, entry(refused, 49))));
    }

    @Test
    void progressMeansStillStarting() {
        Diagnosis refused = Diagnosis.of(Cause.CONNECTION_REFUSED, "refused");
        Diagnosis s503 = Diagnosis.builder(Cause.HTTP_STATUS, "503").variant("503").hint("see its logs").build();
        String v = Verdict.conclude(outcome(WaitOutcome.Stop.DEADLINE, s503, entry(refused, 30), entry(s503, 5)));
        assertEquals("it was still starting when waiting ended (it got from CONNECTION_REFUSED to HTTP_STATUS 503): give it more time"
                + " (--timeout), or find out why its start-up is slow; next: see its logs", v);
    }

    @Test
    void permanentFailures() {
        Diagnosis untrusted = Diagnosis.of(Cause.TLS_UNTRUSTED, "untrusted");
        assertTrue(Verdict.conclude(outcome(WaitOutcome.Stop.FAIL_FAST, untrusted, entry(untrusted, 1))).startsWith("waiting will not fix this (TLS_UNTRUSTED"));
    }

    @Test
    void flappingThenDownIsACrashLoop() {
        Diagnosis flap = Diagnosis.of(Cause.FLAPPING, "was ready, then not");
        Diagnosis refused = Diagnosis.of(Cause.CONNECTION_REFUSED, "refused");
        String v = Verdict.conclude(outcome(WaitOutcome.Stop.DEADLINE, refused, entry(flap, 3), entry(refused, 9)));
        assertEquals("it came up and went down again 3 times (now CONNECTION_REFUSED): it is crash-looping or restarting; check its logs and restart count", v);
    }

    @Test
    void readyHasNoVerdict() {
        assertNull(Verdict.conclude(new WaitOutcome(Targets.planned("db:1", Targets.policy()), true, WaitOutcome.Stop.READY, 1, 5,
                java.time.Instant.now(), null, List.of(), List.of(), Map.of())));
    }
}
