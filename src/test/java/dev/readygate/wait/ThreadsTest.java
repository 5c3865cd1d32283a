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
}
