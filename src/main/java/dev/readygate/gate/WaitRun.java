package dev.readygate.gate;

import dev.readygate.plan.Plan;
import dev.readygate.wait.Clock;
import dev.readygate.wait.WaitListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The wait use case: runs the {@link Gate} over a plan with every reporter listening, then has
 * each reporter deliver its report. Which exit code a result stands for is the caller's contract.
 */
public final class WaitRun {
    private final List<Reporter> reporters;
    private final ToIntFunction<GateResult> exitCode;
    private final Gate gate;

    /**
     * @param exitCode the exit code of a result, which the reports state
     */
    public WaitRun(Clock clock, List<Reporter> reporters, ToIntFunction<GateResult> exitCode) {
        this.reporters = List.copyOf(reporters);
        this.exitCode = exitCode;
        this.gate = new Gate(clock, listener(this.reporters));
    }

    /**
     * How the run ended.
     *
     * @param exitCode what {@code exitCode} said of the result (the reports state it)
     * @param failures one line for each report that could not be delivered
     */
    public record Outcome(GateResult result, int exitCode, List<String> failures) {
    }

    /** Stops the run from another thread (a signal): waiting ends and the reports so far are delivered. */
    public void cancel() {
        gate.cancel();
    }

    public Outcome run(Plan plan) {
        GateResult result;
        try {
            result = gate.run(plan);
        } finally {
            for (Reporter r : reporters) r.stopped();
        }
        int code = exitCode.applyAsInt(result);
        List<String> failures = new ArrayList<>();
        for (Reporter r : reporters) {
            try {
                r.finish(result, code);
            } catch (Reporter.ReportException e) {
                failures.add(e.getMessage());
            }
        }
        return new Outcome(result, code, List.copyOf(failures));
    }

    /** Every reporter's progress listener, as one. */
    private static WaitListener listener(List<Reporter> reporters) {
        List<WaitListener> all = new ArrayList<>();
        for (Reporter r : reporters) {
            WaitListener l = r.progress();
            if (l != null && l != WaitListener.NONE) all.add(l);
        }
        if (all.isEmpty()) return WaitListener.NONE;
        if (all.size() == 1) return all.get(0);
        return (target, attempt, elapsedMs, result, state) -> {
            for (WaitListener l : all) l.attempt(target, attempt, elapsedMs, result, state);
        };
    }
}
