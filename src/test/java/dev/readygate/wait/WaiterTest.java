package dev.readygate.wait;

import dev.readygate.diagnosis.Cause;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.FakeClock;
import dev.readygate.testing.Targets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static dev.readygate.testing.Targets.fail;
import static dev.readygate.testing.Targets.ok;
import static dev.readygate.testing.Targets.status;
import static org.junit.jupiter.api.Assertions.*;

class WaiterTest {
    final FakeClock clock = new FakeClock();
    final List<Duration> budgets = new ArrayList<>();

    /** A probe that plays a script; each attempt takes attemptMs of fake time. */
    Probe script(long attemptMs, ProbeResult... results) {
        Deque<ProbeResult> q = new ArrayDeque<>(List.of(results));
        return (t, timeout) -> {
            budgets.add(timeout);
            clock.advanceMillis(Math.min(attemptMs, timeout.toMillis()));
            return q.size() > 1 ? q.poll() : q.peek();
        };
    }

    WaitOutcome run(PlannedTarget pt, Probe p, Duration timeout) {
        long start = clock.nanoTime();
        return new Waiter(pt, p, clock, WaitListener.NONE).run(start, timeout == null ? Long.MAX_VALUE : start + timeout.toNanos(), () -> false);
    }

    @Test
    void readyAtFirstAttempt() {
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy()), script(1, ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(WaitOutcome.Stop.READY, o.stop());
        assertEquals(1, o.attempts());
        assertNull(o.last());
        assertTrue(o.history().isEmpty());
        assertEquals(Duration.ofSeconds(2), budgets.get(0));
    }

    @Test
    void refusedIsRetriedAtTheFastCadenceAndTheHistoryIsKept() {
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy()),
                script(0, fail(Cause.CONNECTION_REFUSED), fail(Cause.CONNECTION_REFUSED), fail(Cause.CONNECTION_REFUSED), ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(4, o.attempts());
        assertEquals(1, o.history().size());
        assertEquals(3, o.history().get(0).count());
        for (long ms : clock.sleepMillis()) assertTrue(ms >= 48 && ms <= 72, "fast cadence 60ms +-20%, was " + ms);
    }

    @Test
    void failuresThatReachTheApplicationBackOffExponentiallyUpToTheCap() {
        ProbeResult[] script = new ProbeResult[12];
        java.util.Arrays.fill(script, status(503));
        script[11] = ok();
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy()), script(0, script), Duration.ofSeconds(60));
        assertTrue(o.ready());
        List<Long> s = clock.sleepMillis();
        assertEquals(11, s.size());
        // 60, 120, 240, 480, 960, 1920, 2000... each +-50%, capped at 2s
        assertTrue(s.get(0) >= 30 && s.get(0) <= 90, "first step near the interval: " + s);
        assertTrue(s.get(5) >= 960, "grows: " + s);
        for (long ms : s) assertTrue(ms <= 2000, "max-interval is a hard cap: " + s);
    }

    @Test
    void refusedAfterAppFailuresResetsToTheFastCadence() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy()),
                script(0, status(503), status(503), status(503), status(503), fail(Cause.CONNECTION_REFUSED), ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
        long last = clock.sleepMillis().get(4);
        assertTrue(last >= 48 && last <= 72, "refused goes back to the fast cadence: " + clock.sleepMillis());
        assertEquals(List.of("HTTP_STATUS 503", "CONNECTION_REFUSED"), o.history().stream().map(e -> e.last().key()).toList());
    }

    @Test
    void deadlineKeepsTheLastDiagnosisAndTheStory() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy()),
                script(10, fail(Cause.CONNECTION_REFUSED), fail(Cause.CONNECTION_REFUSED), status(503), fail(Cause.READ_TIMEOUT)), Duration.ofSeconds(10));
        assertFalse(o.ready());
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertEquals(Cause.READ_TIMEOUT, o.last().cause());
        assertEquals(List.of("CONNECTION_REFUSED", "HTTP_STATUS 503", "READ_TIMEOUT"), o.history().stream().map(e -> e.last().key()).toList());
        // no attempt starts with less than MIN_ATTEMPT_NANOS left, so a (jittered) sleep may end it just before the deadline
        long earliest = 10_000 - Waiter.MIN_ATTEMPT_NANOS / 1_000_000;
        assertTrue(o.waitedMs() >= earliest && o.waitedMs() < 10_100, "stops at the deadline: " + o.waitedMs());
    }

    @Test
    void attemptsAreClippedToTheTimeLeft() {
        run(Targets.planned("http://app/health", Targets.policy()), script(2000, fail(Cause.READ_TIMEOUT)), Duration.ofMillis(4500));
        Duration lastBudget = budgets.get(budgets.size() - 1);
        assertTrue(lastBudget.compareTo(Duration.ofSeconds(2)) < 0, "the last attempt gets only what is left: " + budgets);
        for (Duration b : budgets) assertTrue(b.compareTo(Duration.ofSeconds(2)) <= 0);
    }

    @Test
    void failFastStopsAtAPermanentFailure() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy(1, Duration.ZERO, true)),
                script(1, fail(Cause.CONNECTION_REFUSED), status(404)), Duration.ofSeconds(60));
        assertEquals(WaitOutcome.Stop.FAIL_FAST, o.stop());
        assertEquals(2, o.attempts());
        assertEquals("HTTP_STATUS 404", o.last().key());
    }

    @Test
    void failFastGivesAWrongPasswordItsGraceBecauseSetUpsCreateUsersJustAfterThePortOpens() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy(1, Duration.ZERO, true)),
                script(1, fail(Cause.AUTH_FAILED)), Duration.ofSeconds(60));
        assertEquals(WaitOutcome.Stop.FAIL_FAST, o.stop());
        assertTrue(o.attempts() >= 2, "attempts: " + o.attempts());
        assertTrue(o.waitedMs() >= 2_000 && o.waitedMs() < 5_000, "stopped once the failure lasted --fail-fast-grace (2s): " + o.waitedMs());
    }

    @Test
    void aMendedAuthFailureInsideTheGraceIsNoReasonToStop() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy(1, Duration.ZERO, true)),
                script(1, fail(Cause.AUTH_FAILED), fail(Cause.AUTH_FAILED), ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
    }

    @Test
    void withoutFailFastAPermanentFailureIsWaitedOut() {
        WaitOutcome o = run(Targets.planned("http://app/health", Targets.policy()), script(1, status(404)), Duration.ofSeconds(5));
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertTrue(o.attempts() > 3);
    }

    @Test
    void successesMustBeConsecutiveAndAFailureInBetweenIsFlapping() {
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy(3, Duration.ZERO, false)),
                script(1, ok(), ok(), fail(Cause.CONNECTION_REFUSED), ok(), ok(), ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(6, o.attempts());
        assertEquals(List.of("FLAPPING", "CONNECTION_REFUSED"), o.history().stream().map(e -> e.last().key()).toList());
        assertEquals(2, o.history().get(0).last().evidence().get("successesBeforeFailure"));
    }

    @Test
    void stableForWaitsOutTheWindowAndReadyAtIsWhenTheStreakBegan() {
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy(1, Duration.ofSeconds(10), false)),
                script(1, fail(Cause.CONNECTION_REFUSED), ok()), Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertTrue(o.waitedMs() >= 10_000, "waited out the window: " + o.waitedMs());
        // probes during the window at max(interval, min(max-interval, window/10)) = 1s
        assertTrue(o.attempts() >= 10 && o.attempts() <= 13, "attempts: " + o.attempts());
        assertTrue(o.readyAt().isBefore(clock.now().minusSeconds(9)));
    }

    @Test
    void notStableWhenTheDeadlineComesIsReportedAsFlapping() {
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy(1, Duration.ofSeconds(30), false)), script(1, ok()), Duration.ofSeconds(5));
        assertFalse(o.ready());
        assertEquals(Cause.FLAPPING, o.last().cause());
        assertTrue(o.last().hint().contains("--stable-for"));
    }

    @Test
    void noDeadlineWaitsAsLongAsItTakes() {
        ProbeResult[] script = new ProbeResult[200];
        java.util.Arrays.fill(script, fail(Cause.READ_TIMEOUT));
        script[199] = ok();
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy()), script(2000, script), null);
        assertTrue(o.ready());
        assertEquals(200, o.attempts());
        assertTrue(o.waitedMs() > 400_000);
    }

    @Test
    void aProbeThatThrowsIsAReadygateBugNotADeadThread() {
        Probe boom = (t, timeout) -> {
            throw new IllegalStateException("boom");
        };
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy(1, Duration.ZERO, true)), boom, Duration.ofSeconds(60));
        assertEquals(WaitOutcome.Stop.FAIL_FAST, o.stop(), "a bug does not go away by waiting");
        assertEquals(Cause.PROTOCOL_ERROR, o.last().cause());
        assertEquals(Waiter.BUG_HINT, o.last().hint());
        assertTrue(o.last().message().contains("IllegalStateException: boom"), o.last().message());
    }

    /** An Error short of running out of memory is the same bug: a diagnosis that names it, not a target cancelled without one. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"java.lang.StackOverflowError", "java.lang.NoClassDefFoundError", "java.lang.ExceptionInInitializerError"})
    void aProbeThatThrowsAnErrorIsAReadygateBugToo(String type) throws Exception {
        Error error = (Error) Class.forName(type).getConstructor(String.class).newInstance("deep");
        Probe boom = (t, timeout) -> {
            throw error;
        };
        WaitOutcome o = run(Targets.planned("db:5432", Targets.policy(1, Duration.ZERO, true)), boom, Duration.ofSeconds(60));
        assertEquals(WaitOutcome.Stop.FAIL_FAST, o.stop());
        assertEquals(Cause.PROTOCOL_ERROR, o.last().cause());
        assertTrue(o.last().message().contains(type + ": deep"), o.last().message());
    }

    @Test
    void cancelledStopsBetweenAttempts() {
        PlannedTarget pt = Targets.planned("db:5432", Targets.policy());
        int[] n = {0};
        WaitOutcome o = new Waiter(pt, script(1, fail(Cause.CONNECTION_REFUSED)), clock, WaitListener.NONE)
                .run(clock.nanoTime(), Long.MAX_VALUE, () -> ++n[0] > 3);
        assertEquals(WaitOutcome.Stop.CANCELLED, o.stop());
        assertEquals(3, o.attempts());
    }
}
