package dev.readygate.wait;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for attempts and watches: virtual threads where the JDK has them (21 and later: a
 * blocking socket read parks a virtual thread, not a carrier, so ten thousand targets in flight
 * need a handful of OS threads), and small-stack daemon platform threads on JDK 17, where the
 * attempts share a fixed pool of {@link #PLATFORM_WORKERS}. Looked up by reflection, since
 * readygate is built for Java 17.
 */
public final class Threads {
    private static final long PLATFORM_STACK = 256 * 1024;
    /**
     * Attempts running at once on JDK 17 (no virtual threads): with the JVM's own threads the
     * process stays below 64 threads whatever the number of targets. Attempts that block (a
     * silent server) hold a worker for their budget, so on JDK 17 at most this many hanging
     * targets are attempted at a time; docs/benchmarks.md has the figures.
     */
    public static final int PLATFORM_WORKERS = 32;
    private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");
    private static final Method NAME = OF_VIRTUAL == null ? null : method(OF_VIRTUAL.getReturnType().getInterfaces()[0], "name", String.class);
    private static final Method UNSTARTED = OF_VIRTUAL == null ? null : method(OF_VIRTUAL.getReturnType().getInterfaces()[0], "unstarted", Runnable.class);

    private Threads() {
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }

    /** Whether waiters run on virtual threads (JDK 21+). */
    public static boolean virtual() {
        return OF_VIRTUAL != null && NAME != null && UNSTARTED != null;
    }

    /**
     * Heap one attempt in flight holds on a virtual thread: its stack (~6 KiB, an HTTP attempt
     * blocked in a read) and its buffers (~9 KiB), measured with a class histogram of 3,000
     * attempts on a silent server.
     */
    static final long HEAP_PER_ATTEMPT = 16 * 1024;

    /**
     * How many attempts {@link #attempts} runs at once, given the most the caller allows: on
     * JDK 17 the pool's size; with virtual threads, as many as a quarter of the heap holds (1,024
     * in the launcher's 64 MiB; at half, ten thousand targets' own state and 2,048 attempts kept
     * the serial collector in back-to-back full collections), so no number of silent targets runs the heap out.
     */
    public static int parallelism(int allowed, boolean virtual) {
        int bound = virtual ? heapSlots(Runtime.getRuntime().maxMemory()) : PLATFORM_WORKERS;
        return Math.max(1, Math.min(allowed, bound));
    }

    /**
     * Whether the attempts for this many targets run on virtual threads: only where the JDK has
     * them and there are more targets than {@link #PLATFORM_WORKERS}. A few targets gain nothing
     * from them, and the first socket wait of a virtual thread starts the JDK's poller thread,
     * which sits in epoll_wait: HotSpot waits up to 300 ms at exit for a thread in native code,
     * and half of the runs against a ready HTTP target ended 250-320 ms late (measured on JDK 25).
     */
    public static boolean virtualFor(int targets) {
        return virtual() && targets > PLATFORM_WORKERS;
    }

    static int heapSlots(long maxHeap) {
        return (int) Math.max(64, Math.min(Integer.MAX_VALUE, maxHeap / 4 / HEAP_PER_ATTEMPT));
    }

    /**
     * Runs attempts: a virtual thread per attempt (JDK 21+, when {@code virtual}), or at most
     * {@link #PLATFORM_WORKERS} daemon platform threads, started as needed. The caller bounds how many it hands over at once
     * ({@link #parallelism}); {@code shutdownNow} interrupts the running ones.
     */
    public static ExecutorService attempts(String prefix, boolean virtual) {
        AtomicInteger n = new AtomicInteger();
        if (virtual && virtual()) {
            // no idle virtual threads kept: a parked one holds its stack on the heap
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                    r -> unstarted(prefix + n.incrementAndGet(), r));
        }
        // An idle worker takes the next attempt; a new one starts only when all are busy. (A pool
        // with 32 core threads starts a new thread for each of the first 32 tasks even with idle
        // ones, and with a 1 s keep-alive kept doing so: one target waited on a refused port
        // started and ended a thread per attempt, ~8 CPU-ms/s of its ~16.)
        // The schedule bounds attempts at once (parallelism <= PLATFORM_WORKERS); no bound here, since a
        // worker that has just handed its turn back may not be idle yet when the next attempt comes.
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> platform(prefix + n.incrementAndGet(), r));
    }

    /** A new, unstarted daemon thread: virtual where available. */
    public static Thread unstarted(String name, Runnable task) {
        if (virtual()) {
            try {
                Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
                return (Thread) UNSTARTED.invoke(builder, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back to a platform thread below
            }
        }
        return platform(name, task);
    }

    /** A new, unstarted small-stack daemon platform thread. */
    private static Thread platform(String name, Runnable task) {
        Thread t = new Thread(null, task, name, PLATFORM_STACK);
        t.setDaemon(true);
        return t;
    }
}
