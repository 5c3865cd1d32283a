package dev.readygate.gate;

import dev.readygate.diagnosis.Cause;
import dev.readygate.plan.Plan;
import dev.readygate.protocol.Probe;
import dev.readygate.testing.FakeClock;
import dev.readygate.testing.Targets;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.WaitListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.*;

/** The wait use case with a fake probe and a fake clock: waiting costs no time. */
@Timeout(20)
class WaitRunTest {
    static final ToIntFunction<GateResult> CODES = r -> r.interrupted() ? 130 : r.ready() ? 0 : 1;
    final FakeClock clock = new FakeClock();

    /** tcp:// is ready on port 1 and refused elsewhere. */
    static final Probe PROBE = (t, timeout) -> t.endpoint().port() == 1 ? Targets.ok() : Targets.fail(Cause.CONNECTION_REFUSED);

    static Plan plan(Duration timeout, String... targets) {
        List<PlannedTarget> planned = new ArrayList<>();
        for (String t : targets) planned.add(Targets.planned(t, GateTest.fast(false), PROBE));
        return new Plan(planned, timeout);
    }

    /** Writes down what it is told, in order. */
    static final class Recording implements Reporter {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final boolean listens;
        final String failure;
        GateResult result;

        Recording(boolean listens, String failure) {
            this.listens = listens;
            this.failure = failure;
        }

        @Override
        public WaitListener progress() {
            return listens ? (t, attempt, elapsedMs, r, state) -> events.add("attempt " + t.target().display() + " " + state) : WaitListener.NONE;
        }

        @Override
        public void stopped() {
            events.add("stopped");
        }

        @Override
        public void finish(GateResult result, int exitCode) throws ReportException {
            this.result = result;
            events.add("finish " + exitCode);
            if (failure != null) throw new ReportException(failure);
        }
    }

    @Test
    void aReadyRunIsReportedToEveryReporterWithItsExitCode() {
        Recording a = new Recording(true, null);
        Recording b = new Recording(false, null);
        WaitRun.Outcome o = new WaitRun(clock, List.of(a, b), CODES).run(plan(Duration.ofSeconds(5), "a:1", "b:1"));
        assertTrue(o.result().ready());
        assertEquals(0, o.exitCode());
        assertEquals(List.of(), o.failures());
        assertEquals(List.of("stopped", "finish 0"), a.events.subList(a.events.size() - 2, a.events.size()));
        assertTrue(a.events.containsAll(List.of("attempt tcp://a:1 READY", "attempt tcp://b:1 READY")), a.events::toString);
        assertEquals(List.of("stopped", "finish 0"), b.events, "a reporter without progress hears only the end");
        assertSame(o.result(), a.result);
        assertSame(o.result(), b.result);
    }

    @Test
    void everyListeningReporterHearsEveryAttempt() {
        Recording a = new Recording(true, null);
        Recording b = new Recording(true, null);
        new WaitRun(clock, List.of(a, Reporter.NONE, b), CODES).run(plan(Duration.ofSeconds(5), "a:1"));
        assertEquals(List.of("attempt tcp://a:1 READY", "stopped", "finish 0"), a.events);
        assertEquals(a.events, b.events);
    }

    @Test
    void aBlockedRunGivesTheCallersExitCodeToTheReports() {
        Recording a = new Recording(false, null);
        WaitRun.Outcome o = new WaitRun(clock, List.of(a), CODES).run(plan(Duration.ofSeconds(1), "a:1", "b:2"));
        assertFalse(o.result().ready());
        assertEquals("deadline", o.result().reason());
        assertEquals(1, o.exitCode());
        assertEquals(List.of("stopped", "finish 1"), a.events);
        assertEquals(Cause.CONNECTION_REFUSED, a.result.outcomes().get(1).last().cause());
    }

    @Test
    void aReportThatCannotBeDeliveredDoesNotLoseTheOthers() {
        Recording first = new Recording(false, null);
        Recording failing = new Recording(false, "cannot write the report to r.json: Permission denied");
        Recording last = new Recording(false, null);
        WaitRun.Outcome o = new WaitRun(clock, List.of(first, failing, last), CODES).run(plan(Duration.ofSeconds(5), "a:1"));
        assertEquals(List.of("cannot write the report to r.json: Permission denied"), o.failures());
        assertEquals(0, o.exitCode(), "the caller decides what a failed report does to the exit code");
        for (Recording r : List.of(first, failing, last)) assertEquals(List.of("stopped", "finish 0"), r.events);
    }

    @Test
    void aCancelledRunIsStillReported() {
        Recording a = new Recording(false, null);
        WaitRun run = new WaitRun(clock, List.of(a), CODES);
        run.cancel(); // a signal before the gate started
        WaitRun.Outcome o = run.run(plan(null, "b:2"));
        assertTrue(o.result().interrupted());
        assertEquals(130, o.exitCode());
        assertEquals(List.of("stopped", "finish 130"), a.events);
    }

    @Test
    void reportersAreToldTheGateStoppedEvenWhenItFails() {
        Recording a = new Recording(true, null);
        WaitRun run = new WaitRun(clock, List.of(a), CODES);
        PlannedTarget broken = new PlannedTarget(Targets.planned("a:1", GateTest.fast(false)).target(), GateTest.fast(false),
                new dev.readygate.testing.FakeProtocol(null));
        assertThrows(RuntimeException.class, () -> run.run(new Plan(List.of(broken), Duration.ofSeconds(5))));
        assertEquals(List.of("stopped"), a.events, "a live view is erased, and nothing is reported");
    }
}
