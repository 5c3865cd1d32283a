package dev.readygate.gate;

import dev.readygate.plan.Plan;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.Clock;
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
 * Runs one waiter per target, concurrently, under one deadline. A permanent failure with
 * --fail-fast, or {@link #cancel()} (a signal), stops every waiter.
 */
public final class Gate {
    private final Clock clock;
    private final WaitListener listener;
    private final AtomicBoolean stopAll = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    public Gate(Clock clock, WaitListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** Stops the gate from another thread (signal handler): every waiter ends, the report so far is kept. */
    public void cancel() {
        interrupted.set(true);
        stopAll.set(true);
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    public GateResult run(Plan plan) {
        Instant startedAt = clock.now();
        long start = clock.nanoTime();
        long deadline = plan.timeout() == null ? Long.MAX_VALUE : start + plan.timeout().toNanos();
        List<PlannedTarget> targets = plan.targets();
        AtomicReferenceArray<WaitOutcome> outcomes = new AtomicReferenceArray<>(targets.size());
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            PlannedTarget pt = targets.get(i);
            Waiter waiter = pt.protocol().watch() != null ? new Waiter(pt, pt.protocol().watch(), clock, listener)
                    : new Waiter(pt, pt.protocol().probe(), clock, listener);
            waiters.add(waiter);
            Thread t = Threads.unstarted("wait-" + i, () -> {
                WaitOutcome o = waiter.run(start, deadline, stopAll::get);
                outcomes.set(index, o);
                if (o.stop() == WaitOutcome.Stop.FAIL_FAST) stopAll.set(true);
            });
            synchronized (threads) {
                threads.add(t);
            }
        }
        synchronized (threads) {
            if (interrupted.get()) threads.forEach(Thread::interrupt);
            threads.forEach(Thread::start);
        }
        for (Thread t : threads) {
            try {
                while (t.isAlive() && !interrupted.get()) t.join(50);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
            }
            if (interrupted.get()) break;
        }
        if (interrupted.get()) joinBriefly();
        List<WaitOutcome> list = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            WaitOutcome o = outcomes.get(i);
            // a waiter still blocked in an attempt is reported as it stood: a signal stops at once
            list.add(o != null ? o : waiters.get(i).snapshot(WaitOutcome.Stop.CANCELLED));
        }
        long elapsed = (clock.nanoTime() - start) / 1_000_000;
        return new GateResult(list, startedAt, elapsed, plan.timeout(), interrupted.get());
    }

    /** Gives waiters that are between attempts a moment to finish; blocked ones are snapshot instead. */
    private void joinBriefly() {
        long until = System.nanoTime() + 100_000_000L;
        for (Thread t : threads) {
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
