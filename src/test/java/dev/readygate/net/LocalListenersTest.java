package dev.readygate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cost of local explanations does not grow with the number of targets or listeners. */
@Timeout(30)
class LocalListenersTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** 5,000 listeners on 127.0.0.1, on the odd ports from 20001 up; pid 4242 owns them all. */
    static List<Listeners.Listener> table() {
        List<Listeners.Listener> ls = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) ls.add(new Listeners.Listener("IPv4", LOOPBACK, 20_001 + 2 * i, 0, 1_000_000L + i, -1, null));
        return ls;
    }

    @Test
    void aThousandConcurrentRefusalsCostOneTableReadAndOneOwnerScan() throws Exception {
        List<Listeners.Listener> table = table();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger scans = new AtomicInteger();
        AtomicLong largestScan = new AtomicLong();
        LocalListeners local = new LocalListeners(() -> {
            reads.incrementAndGet();
            return new Listeners.Inventory(table, null, true);
        }, (ls, deadline) -> {
            scans.incrementAndGet();
            largestScan.accumulateAndGet(ls.size(), Math::max);
            return ls.stream().map(l -> new Listeners.Listener(l.family(), l.address(), l.port(), 0, l.inode(), 4242, "app")).toList();
        });
        int threads = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger named = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            int port = 20_000 + 2 * (i % 5_000); // even ports: refused, an odd neighbour listens
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    List<Listeners.Listener> near = local.nearestPorts(LOOPBACK, port, 3);
                    if (!near.isEmpty() && near.get(0).pid() == 4242) named.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "refused-" + i);
            t.setDaemon(true);
            t.start();
        }
        start.countDown();
        assertTrue(done.await(20, java.util.concurrent.TimeUnit.SECONDS), "lookups did not finish");
        assertEquals(1, reads.get(), "the table is read once for all targets");
        assertEquals(1, scans.get(), "owners are looked up once for the whole table");
        assertTrue(largestScan.get() >= table.size(), "the one scan covers every listener of the table");
        assertEquals(threads, named.get(), "every refusal names its neighbour's owner");
    }

    @Test
    void aTableThatStaysTheSameIsReadLessOftenAndAChangeBringsBackTheTwoSecondInterval() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<List<Listeners.Listener>> current = new java.util.concurrent.atomic.AtomicReference<>(table());
        LocalListeners local = new LocalListeners(() -> {
            reads.incrementAndGet();
            return new Listeners.Inventory(current.get(), null, true);
        }, (ls, deadline) -> ls, now::get);
        List<Long> readAt = new java.util.ArrayList<>();
        for (long ms = 0; ms <= 40_000; ms += 100) {
            now.set(ms * 1_000_000);
            int before = reads.get();
            local.table();
            if (reads.get() > before) readAt.add(ms);
        }
        // 2 s, then 4 s, 8 s, and 10 s at most while nothing changes
        assertEquals(List.of(0L, 2_100L, 6_200L, 14_300L, 24_400L, 34_500L), readAt);
        current.set(List.of(new Listeners.Listener("IPv4", LOOPBACK, 30_001, 0, 7L, -1, null)));
        now.set(44_600_000_000L);
        local.table();
        now.set(46_700_000_000L);
        assertEquals(7, reads.get());
        local.table();
        assertEquals(8, reads.get(), "after a change the table is read again two seconds later");
    }

    @Test
    void aRefreshReadsTheTableAgainAndNewSocketsGetTheirOwnersOncePerRead() {
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger scans = new AtomicInteger();
        List<List<Listeners.Listener>> tables = List.of(table(), List.of(new Listeners.Listener("IPv4", LOOPBACK, 30_001, 0, 7L, -1, null)));
        LocalListeners local = new LocalListeners(() -> new Listeners.Inventory(tables.get(Math.min(reads.getAndIncrement(), 1)), null, true),
                (ls, deadline) -> {
                    scans.incrementAndGet();
                    return ls;
                });
        local.nearestPorts(LOOPBACK, 20_000, 3);
        local.nearestPorts(LOOPBACK, 20_002, 3);
        assertEquals(1, scans.get());
        local.refresh();
        assertEquals(30_001, local.nearestPorts(LOOPBACK, 30_000, 3).get(0).port());
        assertEquals(2, reads.get());
        assertEquals(2, scans.get(), "a socket not seen before: one more scan, for the new table");
        local.nearestPorts(LOOPBACK, 30_000, 3);
        assertEquals(2, scans.get(), "an owner not found stays not found until the table is read again");
    }

    @Test
    void theOwnerScanStopsAtTheAttemptsDeadlineAndAScanCutShortIsDoneAgainLater() {
        List<Long> budgets = new ArrayList<>();
        LocalListeners local = new LocalListeners(() -> new Listeners.Inventory(table(), null, true), (ls, deadline) -> {
            long now = System.nanoTime();
            synchronized (budgets) {
                budgets.add(deadline - now);
            }
            // a slow scan (thousands of processes) works until its deadline
            while (System.nanoTime() < deadline) Thread.onSpinWait();
            return ls;
        });
        long t0 = System.nanoTime();
        local.nearestPorts(LOOPBACK, 20_000, 3, t0 + 30_000_000L);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(budgets.get(0) <= 30_000_000L, "clipped to the attempt's 30 ms left: " + budgets.get(0) / 1_000_000 + " ms");
        assertTrue(tookMs < 200, "the refusal is explained within its attempt's budget, not the scan's " + LocalListeners.OWNER_SCAN_BUDGET_NANOS / 1_000_000 + " ms: " + tookMs + " ms");
        assertTrue(local.nearestPorts(LOOPBACK, 20_000, 3, System.nanoTime() - 1).size() <= 3, "no time left: no scan, an answer at once");
        assertEquals(1, budgets.size(), "no time left: no scan");
        local.nearestPorts(LOOPBACK, 20_002, 3);
        assertEquals(2, budgets.size(), "the cut-short scan did not count as the table's scan");
        assertTrue(budgets.get(1) > 200_000_000L, "a caller with time gets the whole budget: " + budgets.get(1) / 1_000_000 + " ms");
        local.nearestPorts(LOOPBACK, 20_004, 3);
        assertEquals(2, budgets.size(), "a full scan counts: not redone for the same table");
    }
}
