package dev.readygate.report;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.registry.Registry;
import dev.readygate.testing.JunitSchema;
import dev.readygate.testing.Targets;
import dev.readygate.wait.History;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.WaitOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The GitHub reporter's workflow commands, summary and outputs, and the JUnit report, from a fake gate result with hostile text. */
class GithubReportTest {
    /** What a hostile upstream may put in a message: line breaks, workflow commands, their escapes, XML and Markdown markup, control characters, secrets. */
    static final String HOSTILE = "refused\n::add-mask::x\r\n::stop-commands::tok %0A::error::y ]]> <b>&amp;</b> | *em* \u0001\u001b[31m"
            + " http://user:Pw1x@h/ Authorization: Bearer Tok1x";
    static final List<String> SECRETS = List.of("Pw1x", "Tok1x");

    @TempDir
    Path ws;

    GateResult result() {
        Target t = Registry.protocols().parse("tcp://db:5432", Origin.file(ws.resolve("ci/readygate.yaml").toString(), 3, 7));
        PlannedTarget p = new PlannedTarget(t, Targets.policy(), Registry.protocols().forScheme("tcp").orElseThrow());
        Diagnosis d = Diagnosis.builder(Cause.CONNECTION_REFUSED, HOSTILE).hint("start it; " + HOSTILE).evidence("bodyExcerpt", HOSTILE).build();
        WaitOutcome blocked = new WaitOutcome(p, false, WaitOutcome.Stop.DEADLINE, 3, 1503, null, d,
                List.of(new History.Entry(d, 3, 0, 1400)), List.of(), Map.of());
        PlannedTarget q = Targets.planned("http://127.0.0.1:8080/health", Targets.policy());
        WaitOutcome ready = new WaitOutcome(q, true, WaitOutcome.Stop.READY, 1, 20, Instant.parse("2026-01-01T00:00:01Z"), null,
                List.of(), List.of(), Map.of("status", 200));
        return new GateResult(List.of(blocked, ready), Instant.parse("2026-01-01T00:00:00Z"), 1503, Duration.ofSeconds(60), false);
    }

    static void assertNoSecret(String s) {
        for (String secret : SECRETS) assertFalse(s.contains(secret), () -> secret + " leaked:\n" + s);
    }

    @Test
    void escapingFollowsTheWorkflowCommandRules() {
        assertEquals("a%25b%0D%0Ac::d", GitHub.escapeData("a%b\r\nc::d"));
        assertEquals("a%3Ab%2Cc%25%0A", GitHub.escapeProperty("a:b,c%\n"));
        assertEquals("http://u:***@h", GitHub.escapeData("http://u:Pw1x@h"), "redacted before it is escaped");
        assertEquals("a \\| b &lt;i&gt; \\*c\\* &amp; d e", GitHub.markdown("a | b <i> *c* & d\ne"));
        assertEquals("1.503", GitHub.seconds(1503));
        assertEquals("0.000", GitHub.seconds(0));
    }

    @Test
    void linesThatWouldStartAWorkflowCommandAreEscaped() {
        assertEquals("a\n%3A:x\n  %3A:y\n\t%3A:z\n:w\nb::c\n", GitHub.neutralise("a\n::x\n  ::y\n\t::z\n:w\nb::c\n", true));
        assertEquals("%3A:stop-commands::t", GitHub.neutralise("::stop-commands::t", true));
        assertEquals(" ::t", GitHub.neutralise(" ::t", false), "not at the start of a line: kept");
        String plain = "nothing to escape\n";
        assertSame(plain, GitHub.neutralise(plain, true));
    }

    @Test
    void aTargetNotReadyIsOneErrorCommandAtItsFileRelativeToTheWorkspace() {
        GitHub.Report r = GithubReport.waitRun(result(), ws);
        assertEquals(1, r.annotations().size(), "the ready target has no annotation");
        String cmd = GitHub.command(r.annotations().get(0), ws);
        assertTrue(cmd.startsWith("::error file=ci/readygate.yaml,line=3,col=7,title=readygate%3A tcp%3A//db%3A5432 is not ready::"
                + "CONNECTION_REFUSED: refused%0A::add-mask::x%0D%0A::stop-commands::tok %250A::error::y"), cmd);
        assertFalse(cmd.contains("\n") || cmd.contains("\r"), cmd);
        assertTrue(cmd.contains("%0Ahint: start it; "), cmd);
        assertTrue(cmd.contains("%0Atimeline:%0A  0.0s-1.4s CONNECTION_REFUSED x3: "), cmd);
        assertNoSecret(cmd);
        // outside the workspace the path stays as it is; a target from the command line has no file at all
        Path elsewhere = ws.resolveSibling(ws.getFileName() + "-other");
        assertTrue(GitHub.command(r.annotations().get(0), elsewhere).startsWith("::error file=" + GitHub.escapeProperty(
                ws.resolve("ci/readygate.yaml").toString()) + ",line=3"));
        assertEquals("::warning title=t::m", GitHub.command(new GitHub.Annotation(GitHub.Level.WARNING, Origin.COMMAND_LINE, "t", "m"), ws));
    }

    @Test
    void aWarningOfAReadyTargetIsAWarningCommand() {
        PlannedTarget q = Targets.planned("https://127.0.0.1:8443/health", Targets.policy());
        Diagnosis soon = Diagnosis.builder(Cause.TLS_EXPIRED, "the certificate expires in 3 days").hint("renew it").build();
        WaitOutcome ready = new WaitOutcome(q, true, WaitOutcome.Stop.READY, 1, 20, Instant.parse("2026-01-01T00:00:01Z"), null,
                List.of(), List.of(soon), Map.of());
        GitHub.Report r = GithubReport.waitRun(new GateResult(List.of(ready), Instant.parse("2026-01-01T00:00:00Z"), 20, null, false), ws);
        assertEquals(List.of("::warning title=readygate%3A https%3A//127.0.0.1%3A8443/health%3A warning TLS_EXPIRED::the certificate expires"
                + " in 3 days%0Ahint: renew it"), r.annotations().stream().map(a -> GitHub.command(a, ws)).toList());
        assertEquals(Map.of("ready", "true", "duration", "0.020", "targets", "1", "not-ready", "0"), r.outputs());
    }

    @Test
    void theSummaryHasARowPerTargetAndTheDetailsOfEachOneNotReady() {
        String md = GithubReport.waitRun(result(), ws).summary();
        assertTrue(md.startsWith("### readygate wait: blocked: 1 of 2 ready when the deadline (1m) passed\n\n"), md);
        assertTrue(md.contains("| Target | Ready | Attempts | Time | Last cause |\n| --- | --- | --- | --- | --- |\n"), md);
        assertTrue(md.contains("| tcp://db:5432 | :x: no | 3 | 1.5s | CONNECTION\\_REFUSED |"), md);
        assertTrue(md.contains("| http://127.0.0.1:8080/health | yes | 1 | 0.0s |  |"), md);
        assertTrue(md.indexOf("#### tcp://db:5432 is not ready") > md.indexOf("| http://127.0.0.1:8080/health |"), "the details after the table: " + md);
        assertTrue(md.contains("- from: ci/readygate.yaml:3:7"), "relative to the workspace: " + md);
        assertTrue(md.contains("- hint: start it; "), md);
        assertTrue(md.contains("- timeline:\n  - 0.0s-1.4s CONNECTION\\_REFUSED x3: "), md);
        assertFalse(md.contains("<b>") || md.contains("| *em* |"), md);
        for (String line : md.split("\n")) assertFalse(line.startsWith("::"), line);
        assertNoSecret(md);
    }

    @Test
    void deliveringPrintsTheCommandsAndAppendsTheSummaryAndTheOutputs() throws Exception {
        Path summary = ws.resolve("summary.md");
        Path outputs = ws.resolve("output.txt");
        Files.writeString(outputs, "earlier=1\n");
        ByteArrayOutputStream cmds = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("GITHUB_WORKSPACE", ws.toString(), "GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", outputs.toString());
        GitHub.deliver(GithubReport.waitRun(result(), ws), new PrintStream(cmds, true, StandardCharsets.UTF_8), env);
        String printed = cmds.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.startsWith("::error file=ci/readygate.yaml,line=3,col=7,"), printed);
        assertEquals("earlier=1\nready=false\nduration=1.503\ntargets=2\nnot-ready=1\n", Files.readString(outputs));
        assertTrue(Files.readString(summary).startsWith("### readygate wait: blocked"));
    }

    @Test
    void aSummaryLargerThanGithubTakesIsCutAtALineBreak() {
        String row = "| " + "\u00e9".repeat(50) + " |\n";
        String big = row.repeat(20_000);
        String cut = GitHub.capped(big);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= GitHub.SUMMARY_LIMIT);
        assertTrue(cut.endsWith("|\n\n_(cut to fit GitHub's 1 MiB step summary; the JUnit or JSON report has every row)_\n"), cut.substring(cut.length() - 200));
        assertTrue(big.startsWith(cut.substring(0, cut.indexOf("\n\n_(cut"))));
        assertSame(row, GitHub.capped(row));
    }

    @Test
    void filesThatCannotBeAppendedToAreOneLineEach() {
        Path missing = ws.resolve("no-such-dir").resolve("f");
        Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", missing.toString(), "GITHUB_OUTPUT", ws.toString());
        Reporter.ReportException e = assertThrows(Reporter.ReportException.class,
                () -> GitHub.deliver(GithubReport.waitRun(result(), ws), new PrintStream(new ByteArrayOutputStream()), env));
        assertTrue(e.getMessage().startsWith("cannot append to GITHUB_STEP_SUMMARY (" + missing + "): the directory does not exist; "
                + "cannot append to GITHUB_OUTPUT (" + ws + "): "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void junitHasATestCasePerTargetAndPassesTheSchema() throws Exception {
        String xml = Junit.waitRun(result(), 1);
        Document doc = JunitSchema.validate(xml);
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("readygate wait", suite.getAttribute("name"));
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1.503", suite.getAttribute("time"));
        assertEquals("2026-01-01T00:00:00", suite.getAttribute("timestamp"));
        Element blocked = (Element) doc.getElementsByTagName("testcase").item(0);
        assertEquals("tcp://db:5432", blocked.getAttribute("name"));
        assertEquals("readygate.wait", blocked.getAttribute("classname"));
        assertEquals("1.503", blocked.getAttribute("time"));
        Element failure = (Element) blocked.getElementsByTagName("failure").item(0);
        assertEquals("CONNECTION_REFUSED", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("CONNECTION_REFUSED: refused\n::add-mask::x\r\n"), "attribute line breaks survive as references");
        assertTrue(failure.getAttribute("message").contains("]]> <b>&amp;</b> | *em* \\x01\\x1b[31m"), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("\nhint: start it; "), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("\nconclusion: "), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("\ntimeline:\n  0.0s-1.4s CONNECTION_REFUSED x3: "), failure.getTextContent());
        Element ready = (Element) doc.getElementsByTagName("testcase").item(1);
        assertEquals(0, ready.getElementsByTagName("failure").getLength());
        assertEquals("ready after 1 attempt", ready.getElementsByTagName("system-out").item(0).getTextContent());
        assertNoSecret(xml);
        assertFalse(xml.contains("\u0001") || xml.contains("\u001b"), "XML 1.0 cannot hold control characters");
    }

    @Test
    void junitEscapesEveryCharacterXmlCannotHold() throws Exception {
        String nasty = "a\u0000b\uFFFEc\uD800d]]>e<f&g\"h'i\u00e9\uD83D\uDE00";
        assertEquals("a\\x00b\\ufffec\\ud800d]]&gt;e&lt;f&amp;g\"h'i\u00e9\uD83D\uDE00", Junit.text(nasty));
        assertEquals("\"x&quot;&#10;&#13;&#9;y\"", Junit.attr("x\"\n\r\ty"));
    }

    @Test
    void repositoryPathsNeverClimbOutOfTheRoot() {
        assertEquals("a/b.conf", RepoPath.under(ws, ws.resolve("a/b.conf").toString()));
        assertEquals("a/b.conf", RepoPath.under(ws, ws.resolve("x/../a/b.conf").toString()));
        assertNull(RepoPath.under(ws, ws.resolveSibling("elsewhere.conf").toString()));
        assertNull(RepoPath.under(ws, ws.toString()));
        assertNull(RepoPath.under(ws, "-"));
        assertEquals("my%20conf/a%25b", RepoPath.uriReference("my conf/a%b"));
        assertTrue(RepoPath.rootUri(ws).endsWith("/"));
        assertEquals(ws.toAbsolutePath().normalize(), RepoPath.root(null, Map.of("GITHUB_WORKSPACE", ws.toString())));
        assertEquals(ws.resolve("x"), RepoPath.root(ws.resolve("x"), Map.of("GITHUB_WORKSPACE", "/elsewhere")));
        assertEquals(Path.of("").toAbsolutePath(), RepoPath.root(null, Map.of()));
    }
}
