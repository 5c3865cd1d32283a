package dev.readygate.report;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.gate.GateResult;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Linted;
import dev.readygate.lint.Severity;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.verify.NginxVerify;
import dev.readygate.wait.WaitOutcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What wait, verify and lint tell GitHub Actions ({@link GitHub.Report}): annotations, step summary, outputs
 * (docs/github.md). Paths under the repository root ({@link RepoPath#root}) are written relative to it.
 */
public final class GithubReport {
    private GithubReport() {
    }

    /**
     * wait: an error per target not ready (file, line and column when it came from a file), a warning per warning of
     * a ready target; the summary (a row per target, then the details of each one not ready); outputs ready,
     * duration, targets, not-ready.
     */
    public static GitHub.Report waitRun(GateResult result, Path root) {
        List<GitHub.Annotation> annotations = new ArrayList<>();
        Summary md = new Summary(root, "readygate wait: " + TextReport.headline(result, Style.PLAIN));
        md.table("Target", "Ready", "Attempts", "Time", "Last cause");
        int notReady = 0;
        for (WaitOutcome o : result.outcomes()) {
            String name = TextReport.name(o);
            Diagnosis d = o.last();
            md.row(name, o.ready() ? "yes" : ":x: no", String.valueOf(o.attempts()), TextReport.secs(o.waitedMs()),
                    o.ready() || d == null ? "" : d.key());
            if (o.ready()) {
                for (Diagnosis w : o.warnings())
                    annotations.add(new GitHub.Annotation(GitHub.Level.WARNING, o.planned().target().origin(),
                            "readygate: " + name + ": warning " + w.cause(), RepoPath.relativise(w.message() + "\nhint: " + w.hint(), root)));
                continue;
            }
            notReady++;
            Explain.Details x = Explain.target(o);
            annotations.add(new GitHub.Annotation(GitHub.Level.ERROR, o.planned().target().origin(), "readygate: " + name + " is not ready",
                    RepoPath.relativise(x.text(), root)));
            md.details(name + " is not ready", x);
        }
        return new GitHub.Report(annotations, md.toString(), GitHub.outputs("ready", result.ready(), "duration",
                GitHub.seconds(result.elapsedMs()), "targets", result.outcomes().size(), "not-ready", notReady));
    }

    /**
     * verify: an error per upstream address that fails, at the nginx line that names it; the summary (the table of
     * verify's text output, then the details of each failing row); outputs ok, duration, upstreams, failing, skipped.
     */
    public static GitHub.Report verify(NginxFacts facts, NginxVerify.Report report, Path root) {
        List<GitHub.Annotation> annotations = new ArrayList<>();
        Summary md = new Summary(root, "readygate verify " + facts.main() + ": " + VerifyReport.verdict(report));
        md.table("Location", "Pass", "Upstream", "Result", "Cause");
        int failing = 0, skipped = 0;
        for (NginxVerify.Row r : report.rows()) {
            NginxVerify.Check c = r.check();
            md.row(VerifyReport.location(c.pass()), VerifyReport.pass(c.pass()), VerifyReport.upstream(c), r.result().code(), VerifyReport.cause(r));
            if (r.result() == NginxVerify.Result.SKIPPED) skipped++;
            if (!VerifyReport.failing(r)) continue;
            failing++;
            Explain.Details x = Explain.upstream(r);
            String title = "readygate verify: " + VerifyReport.upstream(c) + ": " + r.result().code();
            annotations.add(new GitHub.Annotation(GitHub.Level.ERROR, c.addressOrigin(), RepoPath.relativise(title, root),
                    RepoPath.relativise(x.text(), root)));
            md.details(title, x);
        }
        return new GitHub.Report(annotations, md.toString(), GitHub.outputs("ok", !report.anyFailure(), "duration",
                GitHub.seconds(report.gate().elapsedMs()), "upstreams", report.rows().size(), "failing", failing, "skipped", skipped));
    }

    /**
     * lint: an annotation per finding at its file:line:column (error, warning, or notice for info), titled with the
     * rule id (its message names the related places of a finding across files); the summary (a row per finding, its
     * related places after its own); outputs ok (no finding at or above --fail-on), findings, errors,
     * warnings, info.
     */
    public static GitHub.Report lint(Linted linted, boolean ok, Path root) {
        List<Finding> findings = linted.findings();
        List<GitHub.Annotation> annotations = new ArrayList<>();
        Summary md = new Summary(root, "readygate lint " + linted.main() + ": " + linted.tally());
        if (!findings.isEmpty()) md.table("Severity", "Rule", "Where", "Finding", "Fix");
        for (Finding f : findings) {
            GitHub.Level level = switch (f.severity()) {
                case ERROR -> GitHub.Level.ERROR;
                case WARNING -> GitHub.Level.WARNING;
                case INFO -> GitHub.Level.NOTICE;
            };
            annotations.add(new GitHub.Annotation(level, f.origin(), "readygate lint: " + f.ruleId(),
                    RepoPath.relativise(f.message() + "\nfix: " + f.fix(), root)));
            md.row(f.severity().code(), f.ruleId(), f.origin() + (f.related().isEmpty() ? ""
                    : " (and " + String.join(", ", f.related().stream().map(String::valueOf).toList()) + ")"), f.message(), f.fix());
        }
        return new GitHub.Report(annotations, md.toString(), GitHub.outputs("ok", ok, "findings", findings.size(),
                "errors", LintReport.count(findings, Severity.ERROR), "warnings", LintReport.count(findings, Severity.WARNING),
                "info", LintReport.count(findings, Severity.INFO)));
    }

    /** A step summary: a heading, a table, then a section per thing that failed; every text escaped by {@link GitHub#markdown}. */
    private static final class Summary {
        private final StringBuilder b = new StringBuilder();
        /** The sections, after the table. */
        private final StringBuilder sections = new StringBuilder();
        private final Path root;

        Summary(Path root, String heading) {
            this.root = root;
            b.append("### ").append(md(heading)).append("\n\n");
        }

        /** Text as Markdown, paths under the root relative to it. */
        private String md(String text) {
            return GitHub.markdown(RepoPath.relativise(text, root));
        }

        void table(String... head) {
            row(head);
            b.append('|').append(" --- |".repeat(head.length)).append('\n');
        }

        void row(String... cells) {
            b.append('|');
            for (String c : cells) b.append(' ').append(md(c)).append(" |");
            b.append('\n');
        }

        /** A section after the table. */
        void details(String heading, Explain.Details x) {
            sections.append("\n#### ").append(md(heading)).append("\n\n");
            sections.append("**").append(md(x.headline())).append("**\n\n");
            for (Explain.Line l : x.lines()) sections.append("- ").append(l.label()).append(": ").append(md(l.text())).append('\n');
            if (!x.timeline().isEmpty()) {
                sections.append("- timeline:\n");
                for (String t : x.timeline()) sections.append("  - ").append(md(t)).append('\n');
            }
        }

        @Override
        public String toString() {
            return b + sections.toString() + "\n";
        }
    }
}
