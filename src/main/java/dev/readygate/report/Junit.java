package dev.readygate.report;

import dev.readygate.base.Version;
import dev.readygate.gate.GateResult;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Rule;
import dev.readygate.verify.NginxVerify;
import dev.readygate.wait.WaitOutcome;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * JUnit XML (the Ant format that Jenkins, GitLab and dorny/test-reporter read; docs/github.md): one testsuite, one
 * testcase per wait target, verify upstream address or lint finding, a failure with the cause as its type, the
 * message as its message and the hint, conclusion and timeline as its text. Written by hand: every text is
 * redacted, then escaped for XML, and characters XML 1.0 cannot hold (most control characters, lone surrogates)
 * are written as visible escapes (\x01).
 */
public final class Junit {
    /** How errors name it. */
    public static final String WHAT = "the JUnit report";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Junit() {
    }

    /** One testcase: a failure (type and message) and the text under it, or a skip, or neither; time in ms. */
    private record Case(String name, String classname, long ms, String type, String message, String text, boolean skipped) {
        static Case passed(String name, String classname, long ms, String out) {
            return new Case(name, classname, ms, null, null, out, false);
        }

        static Case failed(String name, String classname, long ms, Explain.Details x) {
            return new Case(name, classname, ms, x.type(), x.headline(), x.text(), false);
        }
    }

    /** wait: a testcase per target (classname readygate.wait), failed when it is not ready. */
    public static String waitRun(GateResult result, int exitCode) {
        List<Case> cases = new ArrayList<>();
        for (WaitOutcome o : result.outcomes()) {
            String name = TextReport.name(o);
            cases.add(o.ready() ? Case.passed(name, "readygate.wait", o.waitedMs(), "ready after " + TextReport.attempts(o.attempts()))
                    : Case.failed(name, "readygate.wait", o.waitedMs(), Explain.target(o)));
        }
        return suite("readygate wait", result.startedAt(), result.elapsedMs(), exitCode, cases);
    }

    /** verify: a testcase per upstream address (classname readygate.verify), failed as verify fails it, skipped as it skips it. */
    public static String verify(NginxVerify.Report report, int exitCode) {
        List<Case> cases = new ArrayList<>();
        for (NginxVerify.Row r : report.rows()) {
            NginxVerify.Check c = r.check();
            String name = VerifyReport.location(c.pass()) + " -> " + VerifyReport.upstream(c);
            long ms = r.outcome() == null ? 0 : r.outcome().waitedMs();
            if (r.result() == NginxVerify.Result.SKIPPED) cases.add(new Case(name, "readygate.verify", 0, null, "skipped: " + c.skipped(), null, true));
            else if (VerifyReport.failing(r)) cases.add(Case.failed(name, "readygate.verify", ms, Explain.upstream(r)));
            else cases.add(Case.passed(name, "readygate.verify", ms, VerifyReport.pass(c.pass()) + ": " + VerifyReport.cause(r)));
        }
        return suite("readygate verify", report.gate().startedAt(), report.gate().elapsedMs(), exitCode, cases);
    }

    /**
     * lint: a testcase per finding (classname: the rule id), failed when it is at or above --fail-on, passed (the
     * finding in system-out) otherwise; and a passed testcase per rule that found nothing, so that a clean config
     * is a suite of passed checks rather than an empty one.
     */
    public static String lint(List<Rule<?>> rules, List<Finding> findings, Predicate<Finding> fails, Instant started, int exitCode) {
        List<Case> cases = new ArrayList<>();
        Set<String> found = new LinkedHashSet<>();
        for (Finding f : findings) {
            found.add(f.ruleId());
            String name = f.ruleId() + " at " + f.origin();
            String text = f.origin() + ": " + f.severity().code() + ": " + f.message() + "\nfix: " + f.fix()
                    + (f.related().isEmpty() ? "" : "\nsee also: " + String.join(", ", f.related().stream().map(String::valueOf).toList()));
            if (fails.test(f)) cases.add(new Case(name, f.ruleId(), 0, f.severity().code(), f.message(), text, false));
            else cases.add(Case.passed(name, f.ruleId(), 0, text));
        }
        for (Rule<?> r : rules) if (!found.contains(r.id())) cases.add(Case.passed(r.id(), r.id(), 0, "no finding: " + r.summary()));
        return suite("readygate lint", started, 0, exitCode, cases);
    }

    private static String suite(String name, Instant started, long ms, int exitCode, List<Case> cases) {
        long failures = cases.stream().filter(c -> c.type() != null).count();
        long skipped = cases.stream().filter(Case::skipped).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String counts = " tests=\"" + cases.size() + "\" failures=\"" + failures + "\" errors=\"0\"";
        b.append("<testsuites name=").append(attr(name)).append(counts).append(" time=\"").append(GitHub.seconds(ms)).append("\">\n");
        b.append("  <testsuite name=").append(attr(name)).append(counts).append(" skipped=\"").append(skipped).append("\" time=\"")
                .append(GitHub.seconds(ms)).append("\" timestamp=\"").append(TIMESTAMP.format(started)).append("\">\n");
        b.append("    <properties>\n");
        b.append("      <property name=\"readygate.version\" value=").append(attr(Version.VERSION)).append("/>\n");
        b.append("      <property name=\"exitCode\" value=\"").append(exitCode).append("\"/>\n");
        b.append("    </properties>\n");
        for (Case c : cases) {
            b.append("    <testcase name=").append(attr(c.name())).append(" classname=").append(attr(c.classname()))
                    .append(" time=\"").append(GitHub.seconds(c.ms())).append("\">\n");
            if (c.skipped()) {
                b.append("      <skipped message=").append(attr(c.message())).append("/>\n");
            } else if (c.type() != null) {
                b.append("      <failure type=").append(attr(c.type())).append(" message=").append(attr(c.message())).append('>')
                        .append(text(c.text())).append("</failure>\n");
            } else if (c.text() != null) {
                b.append("      <system-out>").append(text(c.text())).append("</system-out>\n");
            }
            b.append("    </testcase>\n");
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    /** An attribute value in double quotes: redacted; &amp; &lt; &gt; &quot; and line breaks and tabs as references. */
    static String attr(String s) {
        return '"' + escape(s, true) + '"';
    }

    /** Character data: redacted; &amp; &lt; &gt; escaped (so "]]>" cannot appear). */
    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        return Escaping.escape(s, c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> attribute ? "&quot;" : null;
            case '\n' -> attribute ? "&#10;" : null;
            case '\r' -> "&#13;";
            case '\t' -> attribute ? "&#9;" : null;
            // XML 1.0 cannot hold these, not even as references
            default -> c < 0x20 ? String.format("\\x%02x", c)
                    : c >= 0xd800 && c <= 0xdfff || c == 0xfffe || c == 0xffff ? String.format("\\u%04x", c) : null;
        });
    }

}
