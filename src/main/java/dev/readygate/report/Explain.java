package dev.readygate.report;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.verify.NginxVerify;
import dev.readygate.wait.History;
import dev.readygate.wait.WaitOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * What the CI reports say about a target that is not ready, or an upstream that fails verify: labelled lines
 * (cause, body, hint, conclusion) and the timeline, written once and rendered as plain text (JUnit failures,
 * annotations) or Markdown (the step summary). Texts are as built; each renderer redacts and escapes them.
 */
final class Explain {
    /** One labelled line, e.g. ("hint", "start it, or fix the port"). */
    record Line(String label, String text) {
    }

    /**
     * @param headline the cause in one line, e.g. "CONNECTION_REFUSED: nothing listens on 127.0.0.1:5432"
     * @param type     the cause's name (JUnit's failure type), or what stands for it
     */
    record Details(String headline, String type, List<Line> lines, List<String> timeline) {
        /** The lines and the timeline as plain text, one per line ("hint: ...", "timeline:", "  0.0s-1.2s ..."). */
        String text() {
            StringBuilder b = new StringBuilder(headline);
            for (Line l : lines) b.append('\n').append(l.label()).append(": ").append(l.text());
            if (!timeline.isEmpty()) b.append("\ntimeline:");
            for (String t : timeline) b.append("\n  ").append(t);
            return b.toString();
        }
    }

    private Explain() {
    }

    /** A wait target that is not ready. */
    static Details target(WaitOutcome o) {
        List<Line> lines = new ArrayList<>();
        if (o.planned().target().origin().isFile()) lines.add(new Line("from", o.planned().target().origin().toString()));
        Diagnosis d = o.last();
        String headline = d == null ? "no attempt finished before waiting stopped" : d.cause().name() + ": " + d.message();
        if (d != null) {
            Object excerpt = d.evidence().get("bodyExcerpt");
            if (excerpt != null && !excerpt.toString().isEmpty()) lines.add(new Line("body", "\"" + excerpt + "\""));
            lines.add(new Line("hint", d.hint()));
        }
        for (Diagnosis w : o.warnings()) lines.add(new Line("warning", w.cause() + ": " + w.message()));
        lines.add(new Line("conclusion", Verdict.conclude(o)));
        return new Details(headline, d == null ? "NO_ATTEMPT" : d.cause().name(), lines, timeline(o.history()));
    }

    /** An upstream row of verify that fails (502, 504, invalid, relayed, unknown) or was skipped. */
    static Details upstream(NginxVerify.Row r) {
        NginxVerify.Check c = r.check();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("location", VerifyReport.location(c.pass())));
        lines.add(new Line("pass", VerifyReport.pass(c.pass())));
        lines.add(new Line("upstream", VerifyReport.upstream(c)));
        Diagnosis d = r.diagnosis();
        String headline;
        if (r.result() == NginxVerify.Result.SKIPPED) headline = "skipped: " + c.skipped();
        else if (d == null) headline = "no attempt finished before the deadline (raise --timeout)";
        else headline = r.result().code() + " " + VerifyReport.cause(r) + ": " + d.message();
        if (d != null) lines.add(new Line("hint", d.hint()));
        if (c.target() != null && c.path() != null) lines.add(new Line("probed", c.target().display()));
        if (c.note() != null) lines.add(new Line("note", c.note()));
        String type = d != null ? d.cause().name() : r.result() == NginxVerify.Result.SKIPPED ? "SKIPPED" : "NO_ATTEMPT";
        return new Details(headline, type, lines, r.outcome() == null ? List.of() : timeline(r.outcome().history()));
    }

    /** One line per distinct diagnosis: "0.0s-12.3s CONNECTION_REFUSED x30: message". */
    static List<String> timeline(List<History.Entry> history) {
        List<String> out = new ArrayList<>();
        for (History.Entry e : history) {
            String when = TextReport.secs(e.firstSeenMs()) + (e.lastSeenMs() != e.firstSeenMs() ? "-" + TextReport.secs(e.lastSeenMs()) : "");
            out.add(when + " " + e.last().key() + " x" + e.count() + ": " + e.last().message());
        }
        return out;
    }
}
