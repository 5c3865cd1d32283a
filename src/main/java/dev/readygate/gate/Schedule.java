package dev.readygate.gate;

import dev.readygate.wait.Clock;
import dev.readygate.wait.Threads;
import dev.readygate.wait.WaitOutcome;
import dev.readygate.wait.Waiter;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The turns of the probing waiters: a queue ordered by when each waiter's next attempt is due
 * (earliest first, so every target gets its first attempt before any gets a second), at most
 * {@code parallelism} attempts running at once, and no thread held while a waiter sleeps
 * between attempts. Runs on the gate's thread, which alone owns the queue and the counts; the
 * attempts run on {@link Threads#attempts} and hand their turn back through a lock-free queue
 * (a thousand attempts ending at once must not keep the scheduler from starting the next ones).
 *
 * <p>Time passes through the {@link Clock} while no attempt runs (a fake clock in tests moves at
 * once); while attempts run, the schedule parks for real, in slices, and a finishing attempt
 * wakes it.
 */
final class Schedule {
    /** How long past the deadline the gate waits for attempts still running before it reports them as they stand. */
    static final long GRACE_NANOS = 80_000_000L;
    /** The part of its fair share of the time left that a first attempt gets (measured: docs/benchmarks.md, section 6). */
    private static final double FRESH_SHARE = 0.6;
    /**
     * The longest the schedule waits without looking at its state. Whatever changes it unparks the
     * schedule's thread (an attempt handing its turn back, a cancel, a watch's fail-fast), so this
     * is only a safety net: at 20 ms it woke 50 times a second while one target waited between
     * attempts, about a third of the CPU the whole process used while waiting.
     */
    private static final long SLICE_NANOS = 500_000_000L;

    private record Due(int index, long atNanos, long seq) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atNanos, o.atNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** A turn handed back by a worker; turn null: it threw (an Error), the waiter ends as it stands. */
    private record Done(int index, Waiter.Turn turn) {
    }

    private final Clock clock;
    private final List<Waiter> waiters;
    private final List<Integer> probing;
    private final AtomicReferenceArray<WaitOutcome> outcomes;
    private final int parallelism;
    private final boolean virtual;
    private final String limit;
    private final AtomicBoolean stopAll;
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private volatile boolean cancelled;
    private volatile Thread owner;
    private volatile ExecutorService workers;
    // owned by the schedule's thread
    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private final boolean[] attempted;
    private long seq;
    private int inFlight;
    private int pending;
    private int fresh; // waiters not dispatched yet

    /**
     * @param parallelism attempts at once
     * @param virtual     the attempts run on virtual threads (else on a small pool of platform threads)
     * @param limit       what sets parallelism and what to do about it, for the hint of a timeout in a shared attempt
     */
    Schedule(Clock clock, List<Waiter> waiters, List<Integer> probing, AtomicReferenceArray<WaitOutcome> outcomes, int parallelism,
             boolean virtual, String limit, AtomicBoolean stopAll) {
        this.virtual = virtual;
        this.clock = clock;
        this.waiters = waiters;
        this.probing = probing;
        this.outcomes = outcomes;
        this.parallelism = parallelism;
        this.limit = limit;
        this.stopAll = stopAll;
        this.attempted = new boolean[waiters.size()];
    }

    /** Makes the schedule look at its state now (a watch's fail-fast set the stop); from any thread. */
    void wake() {
        Thread t = owner;
        if (t != null) LockSupport.unpark(t);
    }

    /** Stops handing out turns and interrupts the attempts running (a signal); from any thread. */
    void cancel() {
        cancelled = true;
        ExecutorService w = workers;
        if (w != null) w.shutdownNow();
        Thread t = owner;
        if (t != null) LockSupport.unpark(t);
    }

    /**
     * Runs every probing waiter until it stops, or until the deadline plus {@link #GRACE_NANOS}
     * (attempts still running then are left to the gate's snapshot), or until cancelled.
     */
    void run(long startNanos, long deadlineNanos) {
        if (probing.isEmpty()) return;
        long hardEnd = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos + GRACE_NANOS;
        owner = Thread.currentThread();
        workers = Threads.attempts("attempt-", virtual);
        try {
            if (cancelled) workers.shutdownNow();
            for (int i : probing) {
                waiters.get(i).begin(startNanos);
                queue.add(new Due(i, startNanos, seq++));
            }
            pending = probing.size();
            fresh = pending;
            loop(deadlineNanos, hardEnd);
        } catch (InterruptedException e) {
            cancelled = true;
            Thread.currentThread().interrupt();
        } finally {
            if (cancelled || inFlight > 0) workers.shutdownNow();
            else workers.shutdown();
            owner = null;
        }
    }

    private void loop(long deadlineNanos, long hardEnd) throws InterruptedException {
        while (true) {
            drain();
            if (pending == 0 || cancelled) return;
            long now = clock.nanoTime();
            if (now >= hardEnd) return;
            // too little time left for another attempt: none starts, and the waiters stop at the deadline, not before it
            boolean closing = deadlineNanos != Long.MAX_VALUE && deadlineNanos - now < Waiter.MIN_ATTEMPT_NANOS;
            if (stopAll.get() || (closing && now >= deadlineNanos)) {
                // the waiters in the queue stop without a thread
                WaitOutcome.Stop why = stopAll.get() ? WaitOutcome.Stop.CANCELLED : WaitOutcome.Stop.DEADLINE;
                for (Due d; (d = queue.poll()) != null; ) stopped(d.index(), why);
                if (pending == 0) return;
            }
            boolean started = false;
            for (Due head; !closing && inFlight < parallelism && (head = queue.peek()) != null && head.atNanos() <= now; ) {
                queue.poll();
                dispatch(head.index(), deadlineNanos, now);
                started = true;
            }
            if (started) continue;
            Due head = queue.peek();
            long wait = SLICE_NANOS;
            if (closing) wait = Math.min(wait, deadlineNanos - now);
            else if (head != null && inFlight < parallelism) wait = Math.min(wait, head.atNanos() - now);
            if (hardEnd != Long.MAX_VALUE) wait = Math.min(wait, hardEnd - now);
            wait = Math.max(1, wait);
            if (inFlight > 0) {
                // a finishing attempt unparks this thread
                if (done.isEmpty()) LockSupport.parkNanos(this, wait);
                if (Thread.interrupted()) throw new InterruptedException();
            } else {
                clock.parkNanos(wait); // nothing runs: time, a cancel or a watch's fail-fast changes what is due
            }
        }
    }

    /** Takes the turns the workers handed back: the waiter stopped, or its next attempt is queued. */
    private void drain() {
        for (Done d; (d = done.poll()) != null; ) {
            inFlight--;
            Waiter.Turn turn = d.turn();
            if (turn == null) stopped(d.index(), WaitOutcome.Stop.CANCELLED);
            else if (turn.stop() == WaitOutcome.Stop.DEADLINE) queue.add(new Due(d.index(), turn.dueNanos(), seq++)); // stops at the deadline itself
            else if (turn.stop() != null) stopped(d.index(), turn.stop());
            else if (stopAll.get()) stopped(d.index(), WaitOutcome.Stop.CANCELLED);
            else queue.add(new Due(d.index(), turn.dueNanos(), seq++));
        }
    }

    /**
     * The most one attempt may take now: while more waiters are unfinished than attempts can run
     * at once, the time left is shared (processor sharing) so that every target gets an attempt
     * before the deadline however many there are: first among the targets not attempted yet
     * (each batch of {@code parallelism} gets a part of timeLeft * parallelism / (fresh + parallelism)),
     * then among all unfinished ones; otherwise no limit.
     */
    private long share(long now, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE || pending <= parallelism) return Long.MAX_VALUE;
        // an attempt costs more than its budget (connect, request, the timer): leave room for it
        double among = fresh > 0 ? (fresh + parallelism) / FRESH_SHARE : pending;
        return Math.max(Waiter.MIN_ATTEMPT_NANOS, (long) ((deadlineNanos - now) * (parallelism / among)));
    }

    /** Hands the waiter's turn to a worker. */
    private void dispatch(int index, long deadlineNanos, long now) {
        Waiter waiter = waiters.get(index);
        if (!attempted[index]) {
            attempted[index] = true;
            fresh--;
        }
        long share = share(now, deadlineNanos);
        String why = share == Long.MAX_VALUE ? null : pending + " targets shared " + parallelism + " attempts at a time: " + limit;
        Thread scheduler = owner;
        inFlight++;
        try {
            workers.execute(() -> {
                Waiter.Turn turn = null;
                try {
                    turn = waiter.turn(deadlineNanos, stopAll::get, share, why);
                } catch (Throwable e) { // an Error in a probe (out of memory): the waiter ends as it stands, the gate goes on
                    turn = null;
                } finally {
                    done.add(new Done(index, turn));
                    LockSupport.unpark(scheduler);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight--; // cancelled meanwhile: reported as it stands
        }
    }

    private void stopped(int index, WaitOutcome.Stop stop) {
        WaitOutcome o = waiters.get(index).finish(stop);
        outcomes.set(index, o);
        pending--;
        if (stop == WaitOutcome.Stop.FAIL_FAST) stopAll.set(true);
    }
}
