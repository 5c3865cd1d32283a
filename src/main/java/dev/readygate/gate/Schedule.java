package dev.readygate.gate;

import dev.readygate.wait.Clock;
import dev.readygate.wait.Threads;
import dev.readygate.wait.WaitOutcome;
import dev.readygate.wait.Waiter;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turns of the probing waiters: a queue ordered by when each waiter's next attempt is due
 * (earliest first, so every target gets its first attempt before any gets a second), at most
 * {@code parallelism} attempts running at once, and no thread held while a waiter sleeps
 * between attempts. Runs on the gate's thread; the attempts run on {@link Threads#attempts}.
 *
 * <p>Time passes through the {@link Clock} while no attempt runs (a fake clock in tests moves at
 * once); while attempts run, the schedule waits for them for real, in slices.
 */
final class Schedule {
    /** How long past the deadline the gate waits for attempts still running before it reports them as they stand. */
    static final long GRACE_NANOS = 80_000_000L;
    /** The part of its fair share of the time left that a first attempt gets (measured: docs/benchmarks.md, section 6). */
    private static final double FRESH_SHARE = 0.6;
    /** The longest the schedule waits without looking at a cancel or a fail-fast. */
    private static final long SLICE_NANOS = 20_000_000L;

    private record Due(int index, long atNanos, long seq) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atNanos, o.atNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Clock clock;
    private final List<Waiter> waiters;
    private final List<Integer> probing;
    private final AtomicReferenceArray<WaitOutcome> outcomes;
    private final int parallelism;
    private final String limit;
    private final AtomicBoolean stopAll;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private long seq;
    private int inFlight;
    private int pending;
    private int fresh; // waiters not dispatched yet
    private final boolean[] attempted;
    private boolean cancelled;
    private ExecutorService workers;

    /**
     * @param parallelism attempts at once
     * @param limit       what sets parallelism and what to do about it, for the hint of a timeout in a shared attempt
     */
    Schedule(Clock clock, List<Waiter> waiters, List<Integer> probing, AtomicReferenceArray<WaitOutcome> outcomes, int parallelism,
             String limit, AtomicBoolean stopAll) {
        this.limit = limit;
        this.clock = clock;
        this.waiters = waiters;
        this.probing = probing;
        this.outcomes = outcomes;
        this.parallelism = parallelism;
        this.stopAll = stopAll;
        this.attempted = new boolean[waiters.size()];
    }

    /** Stops handing out turns and interrupts the attempts running (a signal). */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            if (workers != null) workers.shutdownNow();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every probing waiter until it stops, or until the deadline plus {@link #GRACE_NANOS}
     * (attempts still running then are left to the gate's snapshot), or until cancelled.
     */
    void run(long startNanos, long deadlineNanos) {
        long hardEnd = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos + GRACE_NANOS;
        lock.lock();
        try {
            if (probing.isEmpty()) return;
            workers = Threads.attempts("attempt-");
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
            if (workers != null) {
                if (cancelled || inFlight > 0) workers.shutdownNow();
                else workers.shutdown();
            }
            lock.unlock();
        }
    }

    private void loop(long deadlineNanos, long hardEnd) throws InterruptedException {
        while (pending > 0 && !cancelled) {
            long now = clock.nanoTime();
            if (now >= hardEnd) return;
            if (stopAll.get() || deadlineNanos - now < Waiter.MIN_ATTEMPT_NANOS) {
                // no attempt starts any more: the waiters in the queue stop without a thread
                WaitOutcome.Stop why = stopAll.get() ? WaitOutcome.Stop.CANCELLED : WaitOutcome.Stop.DEADLINE;
                for (Due d; (d = queue.poll()) != null; ) stopped(d.index(), why);
                if (pending == 0) return;
            }
            Due head = queue.peek();
            if (head != null && head.atNanos() <= now && inFlight < parallelism) {
                queue.poll();
                dispatch(head.index(), deadlineNanos);
                continue;
            }
            long wait = SLICE_NANOS;
            if (head != null && inFlight < parallelism) wait = Math.min(wait, head.atNanos() - now);
            if (hardEnd != Long.MAX_VALUE) wait = Math.min(wait, hardEnd - now);
            if (inFlight > 0) {
                changed.awaitNanos(Math.max(1, wait));
            } else {
                // nothing runs, so nothing but time can change what is due
                lock.unlock();
                try {
                    clock.sleepNanos(Math.max(1, wait));
                } finally {
                    lock.lock();
                }
            }
        }
    }

    /**
     * The most one attempt may take now: while more waiters are unfinished than attempts can run
     * at once, the time left is shared (processor sharing) so that every target gets an attempt
     * before the deadline however many there are: first among the targets not attempted yet
     * (each batch of {@code parallelism} gets timeLeft * parallelism / (fresh + parallelism)),
     * then among all unfinished ones; otherwise no limit.
     */
    private long share(long now, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE || pending <= parallelism) return Long.MAX_VALUE;
        // an attempt costs more than its budget (connect, request, the timer): leave room for it
        double among = fresh > 0 ? (fresh + parallelism) / FRESH_SHARE : pending;
        return Math.max(Waiter.MIN_ATTEMPT_NANOS, (long) ((deadlineNanos - now) * (parallelism / among)));
    }

    /** Hands the waiter's turn to a worker; called with the lock held. */
    private void dispatch(int index, long deadlineNanos) {
        Waiter waiter = waiters.get(index);
        if (!attempted[index]) {
            attempted[index] = true;
            fresh--;
        }
        long share = share(clock.nanoTime(), deadlineNanos);
        String why = share == Long.MAX_VALUE ? null : pending + " targets shared " + parallelism + " attempts at a time: " + limit;
        inFlight++;
        try {
            workers.execute(() -> {
                Waiter.Turn turn = null;
                try {
                    turn = waiter.turn(deadlineNanos, stopAll::get, share, why);
                } catch (Throwable e) { // an Error in a probe (out of memory): the waiter ends as it stands, the gate goes on
                    turn = null;
                } finally {
                    done(index, turn);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight--; // cancelled meanwhile: reported as it stands
        }
    }

    /** A turn ended: the waiter stopped, or its next attempt is queued. A turn that threw (an Error) ends the waiter. */
    private void done(int index, Waiter.Turn turn) {
        lock.lock();
        try {
            inFlight--;
            if (turn == null) stopped(index, WaitOutcome.Stop.CANCELLED);
            else if (turn.stop() != null) stopped(index, turn.stop());
            else if (stopAll.get()) stopped(index, WaitOutcome.Stop.CANCELLED);
            else queue.add(new Due(index, turn.dueNanos(), seq++));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void stopped(int index, WaitOutcome.Stop stop) {
        WaitOutcome o = waiters.get(index).finish(stop);
        outcomes.set(index, o);
        pending--;
        if (stop == WaitOutcome.Stop.FAIL_FAST) stopAll.set(true);
    }
}
