package dev.readygate.report;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.report.Verdict;
import dev.readygate.gate.GateResult;
import dev.readygate.base.Durations;
import dev.readygate.model.Redact;
import dev.readygate.wait.History;
import dev.readygate.wait.WaitOutcome;

import java.time.Duration;
import java.util.List;

/** The closing report for people: per target, ready or not, and for a target that is not, why and what to do. */
public final class TextReport {
    private TextReport() {
    }

    /**
     * @param quiet only the targets that are not ready
     */
    public static String render(GateResult result, Style s, boolean quiet) {
        StringBuilder b = new StringBuilder();
        if (!quiet || !result.ready()) b.append("readygate: ").append(headline(result, s)).append('\n');
        for (WaitOutcome o : result.outcomes()) {
            if (o.ready()) {
                if (quiet) continue;
                b.append("  ").append(s.ok("ready    ")).append(' ').append(name(o)).append("  ")
                        .append(s.dim(attempts(o.attempts()) + ", " + secs(o.waitedMs()))).append('\n');
                if (!o.history().isEmpty()) b.append("             before: ").append(story(o.history())).append('\n');
                for (Diagnosis w : o.warnings()) b.append("             ").append(s.warn("warning " + w.cause())).append(": ")
                        .append(Redact.text(w.message())).append('\n');
                continue;
            }
            b.append("  ").append(s.bad("NOT READY")).append(' ').append(name(o)).append("  ")
                    .append(s.dim(attempts(o.attempts()) + ", " + secs(o.waitedMs()))).append('\n');
            // a target from a file (readygate.yaml, nginx.conf) names the line to fix
            if (o.planned().target().origin().isFile())
                b.append("             from: ").append(o.planned().target().origin()).append('\n');
            Diagnosis d = o.last();
            if (d == null) {
                b.append("             no attempt finished before waiting stopped").append('\n');
                continue;
            }
            b.append("             ").append(s.bold(d.cause().name())).append(": ").append(Redact.text(d.message())).append('\n');
            Object excerpt = d.evidence().get("bodyExcerpt");
            if (excerpt != null && !excerpt.toString().isEmpty())
                b.append("             body: \"").append(Redact.text(excerpt.toString())).append("\"\n");
            List<History.Entry> h = o.history();
            if (h.size() > 1 || (h.size() == 1 && h.get(0).count() > 1)) {
                b.append("             history: ").append(story(h)).append('\n');
            }
            for (Diagnosis w : o.warnings()) b.append("             ").append(s.warn("warning " + w.cause())).append(": ")
                    .append(Redact.text(w.message())).append('\n');
            b.append("             => ").append(Redact.text(Verdict.conclude(o))).append('\n');
        }
        return b.toString();
    }

    /** How the run ended, in one line: "all 2 targets ready after 1.2s", "blocked: 1 of 2 ready when the deadline (1m) passed". */
    public static String headline(GateResult result, Style s) {
        long ready = result.outcomes().stream().filter(WaitOutcome::ready).count();
        int n = result.outcomes().size();
        return switch (result.reason()) {
            case "ready" -> s.ok(n == 1 ? "ready" : "all " + n + " targets ready") + " after " + secs(result.elapsedMs());
            case "interrupted" -> s.bad("interrupted") + " after " + secs(result.elapsedMs()) + ": " + ready + " of " + n + " ready";
            case "fail-fast" -> s.bad("blocked") + ": a permanent failure stopped waiting (--fail-fast) after "
                    + secs(result.elapsedMs()) + "; " + ready + " of " + n + " ready";
            default -> s.bad("blocked") + ": " + ready + " of " + n + " ready when the deadline ("
                    + Durations.format(result.timeout()) + ") passed";
        };
    }

    /** CONNECTION_REFUSED x30 (0.0s-12.3s) -> HTTP_STATUS 503 x11 (12.5s-60.0s). */
    public static String story(List<History.Entry> h) {
        StringBuilder b = new StringBuilder();
        for (History.Entry e : h) {
            if (b.length() > 0) b.append(" -> ");
            b.append(e.last().key()).append(" x").append(e.count()).append(" (").append(secs(e.firstSeenMs()));
            if (e.lastSeenMs() != e.firstSeenMs()) b.append('-').append(secs(e.lastSeenMs()));
            b.append(')');
        }
        return b.toString();
    }

    static String name(WaitOutcome o) {
        var t = o.planned().target();
        String display = t.display();
        return t.name().equals(display) ? display : Redact.text(t.name()) + " (" + display + ")";
    }

    static String attempts(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }

    static String secs(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    static String dur(Duration d) {
        return Durations.format(d);
    }
}
