package dev.readygate.report;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Redact;
import dev.readygate.wait.WaitListener;

import java.io.PrintStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Progress for pipelines and logs (stderr is not a terminal): one line when a target's state or
 * cause changes; with verbose, one line per attempt.
 */
public final class Progress implements WaitListener {
    private final PrintStream err;
    private final boolean verbose;
    private final Style style;
    /** By identity: a record's hashCode walks the target and its policy, on every attempt. */
    private final Map<PlannedTarget, String> lastKey = Collections.synchronizedMap(new IdentityHashMap<>());

    public Progress(PrintStream err, boolean verbose, Style style) {
        this.err = err;
        this.verbose = verbose;
        this.style = style;
    }

    @Override
    public void attempt(PlannedTarget target, int attempt, long elapsedMs, ProbeResult result, State state) {
        String key = state == State.WAITING ? result.diagnosis().key() : state.name();
        String previous = lastKey.put(target, key);
        if (!verbose && key.equals(previous)) return;
        String line = line(target, attempt, elapsedMs, result, state, style);
        synchronized (err) {
            err.println(line);
        }
    }

    static String line(PlannedTarget target, int attempt, long elapsedMs, ProbeResult result, State state, Style style) {
        StringBuilder b = new StringBuilder("readygate: ");
        b.append(TextReport.secs(elapsedMs)).append(' ').append(target.target().display()).append(' ');
        switch (state) {
            case READY -> b.append(style.ok("ready"));
            case STABILIZING -> b.append(style.warn("up, checking stability"));
            default -> {
                Diagnosis d = result.diagnosis();
                b.append(style.bad(d.cause().name())).append(": ").append(Redact.text(d.message()));
            }
        }
        b.append(" (attempt ").append(attempt).append(')');
        return b.toString();
    }
}
