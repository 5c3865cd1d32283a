package dev.readygate.wait;

import dev.readygate.diagnosis.Cause;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.Watch;
import dev.readygate.testing.FakeClock;
import dev.readygate.testing.Targets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static dev.readygate.testing.Targets.fail;
import static dev.readygate.testing.Targets.ok;
import static dev.readygate.testing.Targets.status;
import static org.junit.jupiter.api.Assertions.*;

/** The waiter following a watch, under the same rules as probes; fake watches play scripts against a fake clock. */
class WaiterWatchTest {
    static final Duration BOUND = Duration.ofSeconds(5);
    final FakeClock clock = new FakeClock();
    final List<WaitListener.State> states = new CopyOnWriteArrayList<>();
    final WaitListener listener = (t, attempt, elapsedMs, result, state) -> states.add(state);

    /** One step of a fake watch's script, on its helper thread. */
    interface Step {
        void play(Duration timeout, Consumer<ProbeResult> onState) throws InterruptedException;
    }

    static Step report(ProbeResult r) {
        return (timeout, on) -> on.accept(r);
    }

    /** Lets fake time pass without a report. */
    Step pause(long ms) {
        return (timeout, on) -> clock.park(ms * 1_000_000L);
    }

    /** Says nothing more until the timeout (the contract: return by then) or an interrupt. */
    Step silence() {
        return (timeout, on) -> clock.park(timeout.toNanos());
    }

    static Step[] session(Step... steps) {
        return steps;
    }

    /** Plays one session per watch call; the last one repeats. */
    static final class FakeWatch implements Watch {
        private final Deque<Step[]> sessions;
        final List<Duration> timeouts = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger interrupted = new AtomicInteger();

        FakeWatch(Step[]... sessions) {
            this.sessions = new ArrayDeque<>(Arrays.asList(sessions));
        }

        @Override
        public void watch(Target target, Duration timeout, Consumer<ProbeResult> onState) throws InterruptedException {
            timeouts.add(timeout);
            threads.add(Thread.currentThread());
            Step[] steps;
            synchronized (sessions) {
                steps = sessions.size() > 1 ? sessions.poll() : sessions.peek();
            }
            try {
                for (Step s : steps) s.play(timeout, onState);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }

        boolean allEnded() {
            return threads.stream().noneMatch(Thread::isAlive);
        }
    }

    WaitOutcome run(WaitPolicy policy, FakeWatch watch, Duration timeout) {
        return run(policy, watch, timeout, () -> false);
    }

    WaitOutcome run(WaitPolicy policy, FakeWatch watch, Duration timeout, BooleanSupplier cancelled) {
        PlannedTarget pt = Targets.planned("http://app/health", policy);
        long start = clock.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
        WaitOutcome o = assertTimeoutPreemptively(BOUND, () -> new Waiter(pt, watch, clock, listener).run(start, deadline, cancelled));
        assertTrue(watch.allEnded(), "the helper thread ends with the waiter");
        return o;
    }

    static List<String> story(WaitOutcome o) {
        return o.history().stream().map(e -> e.last().key()).toList();
    }

    @Test
    void readyAtOnce() {
        FakeWatch w = new FakeWatch(session(report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(WaitOutcome.Stop.READY, o.stop());
        assertEquals(1, o.attempts());
        assertEquals(0, o.waitedMs());
        assertNull(o.last());
        assertTrue(o.history().isEmpty());
        assertEquals(200, o.evidence().get("status"));
        assertEquals(List.of(Duration.ofSeconds(60)), w.timeouts, "the watch is told the time left");
        assertEquals(1, w.interrupted.get(), "the watch is stopped once the target is ready");
        assertEquals(List.of(WaitListener.State.READY), states);
    }

    @Test
    void notReadyThenReadyAndTheHistoryTellsTheStory() {
        FakeWatch w = new FakeWatch(session(report(fail(Cause.DNS_NOT_FOUND)), pause(1000), report(fail(Cause.CONNECTION_REFUSED)),
                pause(1000), report(status(503)), pause(500), report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(4, o.attempts());
        assertEquals(2500, o.waitedMs());
        assertEquals(List.of("DNS_NOT_FOUND", "CONNECTION_REFUSED", "HTTP_STATUS 503"), story(o));
        assertEquals(List.of(0L, 1000L, 2000L), o.history().stream().map(History.Entry::firstSeenMs).toList());
        assertEquals(1, w.timeouts.size(), "one watch saw it all");
        assertTrue(clock.sleeps.isEmpty());
    }

    @Test
    void readyThenSilentPassesTheStabilityWindowByTime() {
        FakeWatch w = new FakeWatch(session(report(fail(Cause.CONNECTION_REFUSED)), pause(2000), report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(1, Duration.ofSeconds(10), false), w, Duration.ofSeconds(60));
        assertTrue(o.ready(), o.toString());
        assertEquals(2, o.attempts(), "silence is not an attempt");
        assertEquals(12_000, o.waitedMs(), "ready when the window ends, not at a next report");
        assertEquals(clock.now().minusSeconds(10), o.readyAt(), "ready since the streak began");
        assertEquals(List.of(WaitListener.State.WAITING, WaitListener.State.STABILIZING, WaitListener.State.READY), states);
    }

    @Test
    void eachReportedStateCountsAsAnAttemptForSuccesses() {
        FakeWatch w = new FakeWatch(session(report(ok()), pause(1000), report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(2, Duration.ZERO, false), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(2, o.attempts());
        assertEquals(1000, o.waitedMs());
    }

    @Test
    void silenceDoesNotStandInForMissingSuccesses() {
        FakeWatch w = new FakeWatch(session(report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(2, Duration.ZERO, false), w, Duration.ofSeconds(5));
        assertFalse(o.ready());
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertEquals(Cause.FLAPPING, o.last().cause(), "ready but not yet stable: " + o.last());
    }

    @Test
    void notReadyAfterReadyInsideTheWindowIsFlapping() {
        FakeWatch w = new FakeWatch(session(report(ok()), pause(3000), report(fail(Cause.CONNECTION_REFUSED)), pause(1000),
                report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(1, Duration.ofSeconds(10), false), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(14_000, o.waitedMs(), "the window starts again at the second ready");
        assertEquals(List.of("FLAPPING", "CONNECTION_REFUSED"), story(o));
        var flap = o.history().get(0).last().evidence();
        assertEquals(0L, flap.get("upAtMs"));
        assertEquals(3000L, flap.get("downAtMs"));
        assertEquals(1, flap.get("successesBeforeFailure"));
    }

    @Test
    void flappingWhenTheDeadlineComesIsTheLastDiagnosis() {
        FakeWatch w = new FakeWatch(session(report(ok()), pause(3000), report(fail(Cause.CONNECTION_REFUSED)), silence()));
        WaitOutcome o = run(Targets.policy(1, Duration.ofSeconds(10), false), w, Duration.ofSeconds(8));
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertEquals(Cause.FLAPPING, o.last().cause());
        assertEquals(List.of("FLAPPING", "CONNECTION_REFUSED"), story(o));
    }

    @Test
    void theDeadlineEndsASilentWatchWithTheLastDiagnosis() {
        FakeWatch w = new FakeWatch(session(report(status(503)), silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(5));
        assertFalse(o.ready());
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertEquals("HTTP_STATUS 503", o.last().key());
        assertEquals(1, o.attempts());
        assertEquals(5000, o.waitedMs(), "ends at the deadline");
        assertEquals(List.of(Duration.ofSeconds(5)), w.timeouts);
    }

    @Test
    void aWatchThatNeverReportsEndsAtTheDeadlineWithoutADiagnosis() {
        FakeWatch w = new FakeWatch(session(silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(5));
        assertEquals(WaitOutcome.Stop.DEADLINE, o.stop());
        assertEquals(0, o.attempts());
        assertNull(o.last());
        assertEquals(5000, o.waitedMs());
    }

    @Test
    void aWatchThatReturnsEarlyIsOpenedAgainAfterABackoffStep() {
        FakeWatch w = new FakeWatch(session(report(fail(Cause.CONNECTION_REFUSED))), session(), session(report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(3, w.timeouts.size(), "opened three times");
        assertEquals(2, o.attempts(), "a watch that reported nothing is no attempt");
        assertEquals(List.of("CONNECTION_REFUSED"), story(o));
        List<Long> s = clock.sleepMillis();
        assertEquals(2, s.size());
        assertTrue(s.get(0) >= 48 && s.get(0) <= 72, "refused: the fast cadence, 60ms +-20%: " + s);
        assertTrue(s.get(1) >= 30 && s.get(1) <= 90, "nothing reported: the first exponential step, 60ms +-50%: " + s);
        assertEquals(Duration.ofSeconds(60).minusMillis(s.get(0)), w.timeouts.get(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                "a new watch is told the time left");
    }

    @Test
    void failFastStopsTheWatchAtAPermanentFailure() {
        FakeWatch w = new FakeWatch(session(report(fail(Cause.CONNECTION_REFUSED)), pause(1000), report(status(404)), silence()));
        WaitOutcome o = run(Targets.policy(1, Duration.ZERO, true), w, Duration.ofSeconds(60));
        assertEquals(WaitOutcome.Stop.FAIL_FAST, o.stop());
        assertEquals(2, o.attempts());
        assertEquals("HTTP_STATUS 404", o.last().key());
        assertEquals(1000, o.waitedMs());
        assertEquals(1, w.interrupted.get(), "the watch was stopped");
    }

    @Test
    void aWatchThatThrowsIsAReadygateBugAndIsOpenedAgain() {
        Step boom = (timeout, on) -> {
            throw new IllegalStateException("boom");
        };
        FakeWatch w = new FakeWatch(session(boom), session(report(ok()), silence()));
        WaitOutcome o = run(Targets.policy(), w, Duration.ofSeconds(60));
        assertTrue(o.ready());
        assertEquals(2, o.attempts());
        var bug = o.history().get(0).last();
        assertEquals(Cause.PROTOCOL_ERROR, bug.cause());
        assertEquals(Waiter.BUG_HINT, bug.hint());
        assertTrue(bug.message().contains("IllegalStateException: boom"), bug.message());
    }

    @Test
    void cancelledStopsASilentWatch() {
        AtomicBoolean stopAll = new AtomicBoolean();
        FakeWatch w = new FakeWatch(session(report(fail(Cause.CONNECTION_REFUSED)), pause(1000), report(ok()), silence()));
        states.clear();
        WaitOutcome o = run(Targets.policy(2, Duration.ZERO, false), w, null, () -> {
            if (states.contains(WaitListener.State.STABILIZING)) stopAll.set(true); // another target failed fast
            return stopAll.get();
        });
        assertEquals(WaitOutcome.Stop.CANCELLED, o.stop());
        assertEquals(2, o.attempts());
        assertEquals(1, w.interrupted.get());
    }

    @Test
    void aSignalStopsAWatchPromptlyAndTheSnapshotWorksMeanwhile() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch watchEnded = new CountDownLatch(1);
        Watch blocking = (target, timeout, onState) -> {
            try {
                onState.accept(fail(Cause.READ_TIMEOUT));
                Thread.sleep(timeout.toMillis()); // a real, silent watch
            } finally {
                watchEnded.countDown();
            }
        };
        WaitListener seen = (t, attempt, elapsedMs, result, state) -> reported.countDown();
        Waiter waiter = new Waiter(Targets.planned("http://app/health", Targets.policy()), blocking, Clock.SYSTEM, seen);
        AtomicReference<WaitOutcome> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> outcome.set(waiter.run(System.nanoTime(), Long.MAX_VALUE, () -> false)), "wait-0");
        t.setDaemon(true);
        t.start();
        assertTrue(reported.await(5, TimeUnit.SECONDS));
        WaitOutcome now = waiter.snapshot(WaitOutcome.Stop.CANCELLED);
        assertEquals(1, now.attempts());
        assertEquals(Cause.READ_TIMEOUT, now.last().cause());
        long t0 = System.nanoTime();
        t.interrupt(); // what the gate's cancel() does
        t.join(5000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertFalse(t.isAlive());
        assertTrue(ms < 1000, "stopped at once, took " + ms + " ms");
        assertEquals(WaitOutcome.Stop.CANCELLED, outcome.get().stop());
        assertEquals(Cause.READ_TIMEOUT, outcome.get().last().cause());
        assertTrue(watchEnded.await(1, TimeUnit.SECONDS), "the helper thread ended");
    }
}
