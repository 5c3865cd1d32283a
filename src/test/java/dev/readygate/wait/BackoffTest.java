package dev.readygate.wait;

import dev.readygate.base.Defaults;
import dev.readygate.testing.Targets;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    static final long INTERVAL = 100;
    static final long MAX = 2000;

    static WaitPolicy policy(long intervalMs, long maxMs) {
        return new WaitPolicy(Duration.ofSeconds(1), Duration.ofMillis(intervalMs), Duration.ofMillis(maxMs), 1, Duration.ZERO, false);
    }

    static ProbeResult failed(Cause cause) {
        return ProbeResult.notReady(Diagnosis.of(cause, "test"));
    }

    static Backoff backoff(long seed) {
        return new Backoff(policy(INTERVAL, MAX), new Random(seed)::nextDouble);
    }

    /** Attempt n waits in [step / 2, min(max, step * 1.5)] with step = min(max, interval * 2^(n-1)). */
    @Test
    void everyWaitIsWithinTheJitterOfItsCappedStepAndNeverAboveTheCap() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff b = backoff(seed);
            for (int n = 1; n <= 40; n++) {
                long step = (long) Math.min(MAX, INTERVAL * Math.pow(2, n - 1));
                long wait = b.next(n, failed(Cause.READ_TIMEOUT));
                assertTrue(wait >= step / 2 && wait <= Math.min(MAX, step * 3 / 2), "attempt " + n + " (seed " + seed + "): " + wait + " ms");
            }
        }
    }

    /** Past the cap (the 6th attempt here, the 8th with the defaults) the waits still spread, below the cap. */
    @Test
    void gatesStartedTogetherDoNotRetryInLockstepAtTheCap() {
        Set<Long> tenth = new HashSet<>();
        long min = Long.MAX_VALUE, max = 0;
        int atCap = 0;
        for (long seed = 0; seed < 500; seed++) {
            Backoff b = backoff(seed);
            long wait = 0;
            for (int n = 1; n <= 10; n++) wait = b.next(n, failed(Cause.HTTP_STATUS));
            tenth.add(wait);
            min = Math.min(min, wait);
            max = Math.max(max, wait);
            if (wait == MAX) atCap++;
        }
        assertTrue(tenth.size() > 200, tenth.size() + " distinct waits of 500");
        assertTrue(min < MAX * 0.6, "shortest " + min);
        assertTrue(max <= MAX && max > MAX * 0.9, "longest " + max);
        assertTrue(atCap < 10, atCap + " of 500 waited exactly the cap");
    }

    @Test
    void theDefaultPolicyAlsoSpreadsFromTheEighthAttemptOn() {
        WaitPolicy p = WaitPolicy.defaults();
        Backoff b = new Backoff(p);
        Set<Long> waits = new HashSet<>();
        for (int n = 1; n <= 60; n++) {
            long wait = b.next(n, failed(Cause.CONNECT_TIMEOUT));
            assertTrue(wait <= p.maxInterval().toMillis(), "attempt " + n + ": " + wait);
            if (n >= 8) waits.add(wait);
        }
        assertTrue(waits.size() > 10, waits.toString());
    }

    /** Backing off is the cause's flag: DNS failures back off; what the local kernel answers keeps the fast cadence. */
    @ParameterizedTest
    @EnumSource(value = Cause.class, names = {"DNS_NOT_FOUND", "DNS_TIMEOUT", "CONNECT_TIMEOUT", "READ_TIMEOUT", "HTTP_STATUS"})
    void causesThatCostSomebodyBackOff(Cause cause) {
        assertTrue(cause.backsOff(), cause.name());
        Backoff b = backoff(7);
        long wait = 0;
        for (int n = 1; n <= 5; n++) wait = b.next(n, failed(cause));
        // the 5th step is 1600 ms: at least 800, far above the fast cadence's 120
        assertTrue(wait >= 800, cause + " waited " + wait + " ms after 5 failures");
    }

    @ParameterizedTest
    @EnumSource(value = Cause.class, names = {"CONNECTION_REFUSED", "HOST_UNREACHABLE", "ADDRESS_FAMILY_MISMATCH"})
    void whatTheLocalKernelAnswersIsRetriedFastThenSlowerAfterTheFastPhase(Cause cause) {
        assertFalse(cause.backsOff(), cause.name());
        Backoff b = backoff(7);
        long fast = Defaults.FAST_PHASE.toMillis() / INTERVAL; // 2 s of answers at the fast cadence
        for (int n = 1; n <= fast; n++) {
            long wait = b.next(n, failed(cause));
            assertTrue(wait >= INTERVAL * 8 / 10 && wait <= INTERVAL * 12 / 10, cause + " attempt " + n + ": " + wait);
        }
        long slow = INTERVAL * Defaults.SLOW_FACTOR;
        for (int n = (int) fast + 1; n <= fast + 20; n++) {
            long wait = b.next(n, failed(cause));
            assertTrue(wait >= slow * 8 / 10 && wait <= slow * 12 / 10, cause + " attempt " + n + " after the fast phase: " + wait);
        }
        b.next(100, Targets.ok());
        long again = b.next(101, failed(cause));
        assertTrue(again <= INTERVAL * 12 / 10, "a ready attempt starts the fast phase again: " + again);
    }

    @Test
    void aFastFailureOrAReadyAttemptStartsTheBackoffAgain() {
        Backoff b = backoff(1);
        for (int n = 1; n <= 6; n++) b.next(n, failed(Cause.READ_TIMEOUT));
        b.next(7, failed(Cause.CONNECTION_REFUSED));
        assertTrue(b.next(8, failed(Cause.READ_TIMEOUT)) <= INTERVAL * 3 / 2);
        for (int n = 9; n <= 14; n++) b.next(n, failed(Cause.READ_TIMEOUT));
        assertEquals(INTERVAL, b.next(15, ProbeResult.ready(Map.of())));
        assertTrue(b.next(16, failed(Cause.READ_TIMEOUT)) <= INTERVAL * 3 / 2);
    }

    @Test
    void aWatchThatGaveNoResultBacksOff() {
        Backoff b = backoff(3);
        long wait = 0;
        for (int n = 1; n <= 5; n++) wait = b.next(n, null);
        assertTrue(wait >= 800, "waited " + wait);
    }

    @Test
    void whenTheCapIsTheIntervalTheFastCadenceStaysBelowIt() {
        Backoff b = new Backoff(policy(100, 100), new Random(5)::nextDouble);
        for (int n = 1; n <= 50; n++) {
            long wait = b.next(n, failed(n % 2 == 0 ? Cause.CONNECTION_REFUSED : Cause.READ_TIMEOUT));
            assertTrue(wait >= 50 && wait <= 100, "attempt " + n + ": " + wait);
        }
    }
}
