package dev.readygate.gate;

import dev.readygate.net.OpenFiles;
import dev.readygate.plan.Plan;
import dev.readygate.wait.Clock;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.Threads;
import dev.readygate.wait.WaitListener;
import dev.readygate.wait.WaitOutcome;
import dev.readygate.wait.Waiter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs every target's waiter under one deadline. Probing waiters take turns on a
 * {@link Schedule}: one attempt per turn, at most {@code maxConcurrency} attempts at once, and
 * no thread held between attempts. A waiter that follows a watch has a thread of its own. A
 * permanent failure with --fail-fast, or {@link #cancel()} (a signal), stops every waiter. The
 * gate ends within {@link Schedule#GRACE_NANOS} of the deadline whatever an attempt does: one
 * still running then is reported as it stood.
 */
public final class Gate {
    private final Clock clock;
    private final WaitListener listener;
    private final AtomicBoolean stopAll = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final List<Thread> watchers = new ArrayList<>();
    private volatile Schedule schedule;

    public Gate(Clock clock, WaitListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** Stops the gate from another thread (signal handler): every waiter ends, the report so far is kept. */
    public void cancel() {
        interrupted.set(true);
        stopAll.set(true);
        Schedule s = schedule;
        if (s != null) s.cancel();
        synchronized (watchers) {
            watchers.forEach(Thread::interrupt);
        }
    }

    public GateResult run(Plan plan) {
        // the deadline counts from when the process started (the plan says how long ago), not from here
        Instant startedAt = clock.now().minusNanos(plan.startedAgoNanos());
        long start = clock.nanoTime() - plan.startedAgoNanos();
        long deadline = plan.timeout() == null ? Long.MAX_VALUE : start + plan.timeout().toNanos();
        List<PlannedTarget> targets = plan.targets();
        AtomicReferenceArray<WaitOutcome> outcomes = new AtomicReferenceArray<>(targets.size());
        List<Waiter> waiters = new ArrayList<>();
        List<Integer> probing = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            PlannedTarget pt = targets.get(i);
            Waiter waiter = pt.protocol().watch() != null ? new Waiter(pt, pt.protocol().watch(), clock, listener)
                    : new Waiter(pt, pt.protocol().probe(), clock, listener);
            waiters.add(waiter);
            if (!waiter.watches()) {
                probing.add(i);
                continue;
            }
            int index = i;
            Thread t = Threads.unstarted("watch-" + i, () -> {
                WaitOutcome o = waiter.run(start, deadline, stopAll::get);
                outcomes.set(index, o);
                if (o.stop() == WaitOutcome.Stop.FAIL_FAST) {
                    stopAll.set(true);
                    Schedule sc = schedule;
                    if (sc != null) sc.wake();
                }
            });
            synchronized (watchers) {
                watchers.add(t);
            }
        }
        int allowed = plan.maxConcurrency() > 0 ? plan.maxConcurrency() : OpenFiles.defaultConcurrency();
        boolean virtual = Threads.virtualFor(probing.size());
        int parallelism = Threads.parallelism(allowed, virtual);
        Schedule s = new Schedule(clock, waiters, probing, outcomes, parallelism, virtual, limit(plan, allowed, parallelism, virtual), stopAll);
        schedule = s;
        synchronized (watchers) {
            if (interrupted.get()) {
                watchers.forEach(Thread::interrupt);
                s.cancel();
            }
            watchers.forEach(Thread::start);
        }
        long hardEnd = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline + Schedule.GRACE_NANOS;
        s.run(start, deadline);
        joinWatchers(hardEnd);
        if (interrupted.get()) joinBriefly();
        List<WaitOutcome> list = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            WaitOutcome o = outcomes.get(i);
            // a waiter still blocked in an attempt is reported as it stood: a signal stops at once, a deadline too
            list.add(o != null ? o : waiters.get(i).snapshot(interrupted.get() ? WaitOutcome.Stop.CANCELLED : WaitOutcome.Stop.DEADLINE));
        }
        long elapsed = (clock.nanoTime() - start) / 1_000_000;
        return new GateResult(list, startedAt, elapsed, plan.timeout(), interrupted.get());
    }

    /** What bounds the attempts at once, and what would raise it. */
    private static String limit(Plan plan, int allowed, int parallelism, boolean virtual) {
        if (parallelism < allowed) {
            return virtual ? "as many as the heap holds; give the JVM more (READYGATE_JAVA_OPTS=-Xmx256m) or lengthen --timeout"
                    : "on JDK 17 readygate runs " + parallelism + " at once; run it on JDK 21+ (thousands at once) or lengthen --timeout";
        }
        return plan.maxConcurrency() > 0 ? "raise --max-concurrency or lengthen --timeout"
                : "the open-files limit allows no more; raise ulimit -n or lengthen --timeout";
    }

    /** Waits for the watching waiters, until hardEnd at most (or a cancel). */
    private void joinWatchers(long hardEnd) {
        for (Thread t : watchers) {
            try {
                while (t.isAlive() && !interrupted.get() && clock.nanoTime() < hardEnd) t.join(20);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
            }
            if (interrupted.get()) break;
        }
        if (!interrupted.get()) watchers.forEach(Thread::interrupt); // past the hard end: reported as they stand
    }

    /** Gives watchers that are between reports a moment to finish; blocked ones are snapshot instead. */
    private void joinBriefly() {
        long until = System.nanoTime() + 100_000_000L;
        for (Thread t : watchers) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) break;
            try {
                t.join(left);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
