package dev.readygate.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void virtualExactlyWhenTheJdkHasThemAndAlwaysADaemonThatRuns() throws Exception {
        assertEquals(Runtime.version().feature() >= 21, Threads.virtual());
        AtomicBoolean ran = new AtomicBoolean();
        Thread t = Threads.unstarted("wait-test", () -> ran.set(true));
        assertEquals("wait-test", t.getName());
        assertTrue(t.isDaemon(), "a waiter never keeps the process alive");
        t.start();
        t.join(5_000);
        assertTrue(ran.get());
    }

    @Test
    void fewTargetsRunOnPlatformThreadsManyOnVirtualOnesWhereTheJdkHasThem() throws Exception {
        assertEquals(false, Threads.virtualFor(Threads.PLATFORM_WORKERS), "a few targets: no virtual thread, so no poller holds the exit");
        assertEquals(Threads.virtual(), Threads.virtualFor(Threads.PLATFORM_WORKERS + 1));
        java.util.concurrent.ExecutorService pool = Threads.attempts("t-", false);
        try {
            java.util.concurrent.Future<Boolean> isVirtual = pool.submit(() -> {
                try {
                    return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
                } catch (NoSuchMethodException e) {
                    return false; // JDK 17
                }
            });
            assertEquals(false, isVirtual.get(5, java.util.concurrent.TimeUnit.SECONDS), "the platform pool runs platform threads on every JDK");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Math.min(100, Threads.PLATFORM_WORKERS), Threads.parallelism(100, false));
    }
}
