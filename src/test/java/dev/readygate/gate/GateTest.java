package dev.readygate.gate;

import dev.readygate.diagnosis.Cause;
import dev.readygate.plan.Plan;
import dev.readygate.protocol.Probe;
import dev.readygate.testing.Targets;
import dev.readygate.wait.Clock;
import dev.readygate.wait.WaitListener;
import dev.readygate.wait.WaitOutcome;
import dev.readygate.wait.WaitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(20)
class GateTest {
    static WaitPolicy fast(boolean failFast) {
        return new WaitPolicy(Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMillis(20), 1, Duration.ZERO, failFast);
    }

    /** tcp:// answers ready for port 1, refused otherwise; http:// answers 404. */
    static final Probe FAKE = (t, timeout) -> t.isHttp() ? Targets.status(404)
            : t.endpoint().port() == 1 ? Targets.ok() : Targets.fail(Cause.CONNECTION_REFUSED);

    @Test
    void allReady() {
        Plan plan = new Plan(List.of(Targets.planned("a:1", fast(false), FAKE), Targets.planned("b:1", fast(false), FAKE)), Duration.ofSeconds(5));
        GateResult r = new Gate(Clock.SYSTEM, WaitListener.NONE).run(plan);
        assertTrue(r.ready());
        assertEquals("ready", r.reason());
    }

    @Test
    void oneNotReadyBlocksAndEachTargetIsReportedOnItsOwn() {
        Plan plan = new Plan(List.of(Targets.planned("a:1", fast(false), FAKE), Targets.planned("b:2", fast(false), FAKE)), Duration.ofMillis(300));
        GateResult r = new Gate(Clock.SYSTEM, WaitListener.NONE).run(plan);
        assertFalse(r.ready());
        assertEquals("deadline", r.reason());
        assertTrue(r.outcomes().get(0).ready());
        assertEquals(Cause.CONNECTION_REFUSED, r.outcomes().get(1).last().cause());
        assertTrue(r.elapsedMs() < 2000);
    }

    @Test
    void failFastStopsEveryWaiter() {
        Plan plan = new Plan(List.of(Targets.planned("http://a/", fast(true), FAKE), Targets.planned("b:2", fast(true), FAKE)), Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        GateResult r = new Gate(Clock.SYSTEM, WaitListener.NONE).run(plan);
        assertEquals("fail-fast", r.reason());
        assertEquals(WaitOutcome.Stop.FAIL_FAST, r.outcomes().get(0).stop());
        assertEquals(WaitOutcome.Stop.CANCELLED, r.outcomes().get(1).stop());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000);
    }

    @Test
    void cancelReportsAtOnceEvenWhileAnAttemptIsBlocked() throws Exception {
        CountDownLatch inProbe = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Probe stuck = (t, timeout) -> {
            inProbe.countDown();
            try {
                never.await(); // ignores interruption like a blocking socket read does
            } catch (InterruptedException e) {
                try {
                    never.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // give up
                }
            }
            return Targets.fail(Cause.READ_TIMEOUT);
        };
        Gate gate = new Gate(Clock.SYSTEM, WaitListener.NONE);
        Plan plan = new Plan(List.of(Targets.planned("a:9", fast(false), stuck)), null);
        Thread canceller = new Thread(() -> {
            try {
                inProbe.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                return;
            }
            gate.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        GateResult r = gate.run(plan);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        never.countDown();
        assertTrue(r.interrupted());
        assertEquals("interrupted", r.reason());
        assertEquals(WaitOutcome.Stop.CANCELLED, r.outcomes().get(0).stop());
        assertTrue(ms < 1500, "stopped at once, took " + ms + " ms");
    }

    @Test
    void aProtocolThatOffersAWatchIsWatchedNotProbed() {
        dev.readygate.protocol.Probe never = (t, timeout) -> {
            throw new AssertionError("probed");
        };
        dev.readygate.protocol.Watch watch = (t, timeout, onState) -> {
            onState.accept(Targets.fail(Cause.CONNECTION_REFUSED));
            onState.accept(Targets.ok());
        };
        var target = dev.readygate.registry.Registry.protocols().parse("a:1", dev.readygate.model.Origin.COMMAND_LINE);
        var pt = new dev.readygate.wait.PlannedTarget(target, fast(false), new dev.readygate.testing.FakeProtocol(never, watch));
        GateResult r = new Gate(Clock.SYSTEM, WaitListener.NONE).run(new Plan(List.of(pt), Duration.ofSeconds(5)));
        assertTrue(r.ready(), r.toString());
        assertEquals(2, r.outcomes().get(0).attempts());
    }
}
