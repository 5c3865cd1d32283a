package dev.readygate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;
import dev.readygate.testing.Targets;
import dev.readygate.wait.WaitListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

class ReportersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final GateResult READY = new GateResult(List.of(), Instant.parse("2026-01-01T00:00:00Z"), 1200, Duration.ofSeconds(60), false);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Reporters.Setup setup(boolean terminal, boolean quiet, boolean verbose) {
        return setup(terminal, quiet, verbose, 80);
    }

    Reporters.Setup setup(boolean terminal, boolean quiet, boolean verbose, int columns) {
        return setup(Map.of(), terminal, quiet, verbose, columns);
    }

    Reporters.Setup setup(Map<String, String> env, boolean terminal, boolean quiet, boolean verbose, int columns) {
        return new Reporters.Setup(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, Style.PLAIN, terminal, quiet, verbose, List.of(Targets.planned("db:5432", Targets.policy())), () -> columns);
    }

    static void finishAll(List<Reporter> reporters, GateResult result, int exitCode) throws Reporter.ReportException {
        for (Reporter r : reporters) {
            r.stopped();
            r.finish(result, exitCode);
        }
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theOutputFormatsAreNamedFromTheRegistry() {
        assertEquals("text, json or github", Reporters.outputs());
        assertTrue(Reporters.isOutput("github"));
        assertTrue(Reporters.isOutput("text"));
        assertTrue(Reporters.isOutput("json"));
        assertFalse(Reporters.isOutput("yaml"));
        assertThrows(IllegalArgumentException.class, () -> Reporters.forRun("yaml", null, null, setup(false, false, false)));
    }

    @Test
    void textReportsOnStderrOnly() throws Exception {
        List<Reporter> rs = Reporters.forRun("text", null, null, setup(false, false, false));
        assertEquals(1, rs.size());
        assertInstanceOf(Progress.class, rs.get(0).progress());
        finishAll(rs, READY, 0);
        assertEquals("", out());
        assertEquals("readygate: all 0 targets ready after 1.2s\n", err());
    }

    @Test
    void jsonAddsTheReportOnStdoutAndKeepsTheTextOnStderr() throws Exception {
        List<Reporter> rs = Reporters.forRun("json", null, null, setup(false, false, false));
        assertEquals(2, rs.size());
        assertEquals(WaitListener.NONE, rs.get(1).progress());
        finishAll(rs, READY, 0);
        JsonNode j = JSON.readTree(out());
        assertEquals(JsonReport.SCHEMA, j.get("$schema").asText());
        assertEquals(0, j.get("exitCode").asInt());
        assertTrue(j.get("ready").asBoolean());
        assertTrue(err().startsWith("readygate: all 0 targets ready"), err());
    }

    @Test
    void theReportFileIsWrittenWhateverTheFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("report.json");
        List<Reporter> rs = Reporters.forRun("text", f, null, setup(false, true, false));
        assertEquals(2, rs.size());
        finishAll(rs, READY, 3);
        assertEquals(3, JSON.readTree(f.toFile()).get("exitCode").asInt());
        assertEquals("", out());
        assertEquals("", err(), "quiet and ready: nothing on stderr");
    }

    @Test
    void reportDashIsTheJsonReportOnStdoutOnceWhateverTheFormat() throws Exception {
        List<Reporter> text = Reporters.forRun("text", Reporters.STDOUT, null, setup(false, true, false));
        assertEquals(2, text.size());
        assertInstanceOf(JsonReporter.class, text.get(1));
        List<Reporter> json = Reporters.forRun("json", Reporters.STDOUT, null, setup(false, true, false));
        assertEquals(2, json.size(), "--output json --report -: one JSON report, not two");
        finishAll(json, READY, 0);
        assertEquals(1, JSON.readerFor(JsonNode.class).readValues(out()).readAll().size());
    }

    static final GateResult BLOCKED = new GateResult(List.of(new dev.readygate.wait.WaitOutcome(Targets.planned("db:5432", Targets.policy()),
            false, dev.readygate.wait.WaitOutcome.Stop.DEADLINE, 2, 1000, null, null, List.of(), List.of(), Map.of())),
            Instant.parse("2026-01-01T00:00:00Z"), 1000, Duration.ofSeconds(1), false);

    @Test
    void onGithubActionsTheGithubReporterJoinsWhateverTheFormat() throws Exception {
        List<Reporter> text = Reporters.forRun("text", null, null, setup(Map.of("GITHUB_ACTIONS", "true"), false, true, false, 80));
        assertEquals(2, text.size());
        assertInstanceOf(GithubReporter.class, text.get(1));
        finishAll(text, BLOCKED, 1);
        assertTrue(out().startsWith("::error title=readygate%3A tcp%3A//db%3A5432 is not ready::no attempt finished"), out());
        assertTrue(err().contains("NOT READY"), "the text report stays on stderr");
        assertEquals(2, Reporters.forRun("github", null, null, setup(false, true, false)).size(), "--output github: one GitHub reporter");
        assertEquals(1, Reporters.forRun("text", null, null, setup(Map.of("GITHUB_ACTIONS", "false"), false, true, false, 80)).size());
    }

    @Test
    void withJsonOnStdoutTheWorkflowCommandsGoToStderr() throws Exception {
        for (Path report : new Path[] {null, Reporters.STDOUT}) {
            out.reset();
            err.reset();
            List<Reporter> rs = Reporters.forRun(report == null ? "json" : "text", report, null,
                    setup(Map.of("GITHUB_ACTIONS", "true"), false, true, false, 80));
            finishAll(rs, BLOCKED, 1);
            assertFalse(JSON.readTree(out()).get("ready").asBoolean(), "stdout is one JSON document");
            assertTrue(err().lines().anyMatch(l -> l.startsWith("::error ")), err());
        }
    }

    @Test
    void junitFileIsWrittenWhateverTheFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wait.xml");
        List<Reporter> rs = Reporters.forRun("text", null, f, setup(false, true, false));
        assertInstanceOf(ReportFile.class, rs.get(rs.size() - 1));
        finishAll(rs, BLOCKED, 1);
        dev.readygate.testing.JunitSchema.validate(Files.readString(f));
        Reporter bad = ReportFile.junit(dir.resolve("gone").resolve("wait.xml"));
        Reporter.ReportException e = assertThrows(Reporter.ReportException.class, () -> bad.finish(BLOCKED, 1));
        assertEquals("cannot write the JUnit report to " + dir.resolve("gone").resolve("wait.xml") + ": the directory does not exist", e.getMessage());
    }

    @Test
    void aReportFileThatCannotBeWrittenSaysWhereAndWhy(@TempDir Path dir) {
        Path f = dir.resolve("gone").resolve("report.json");
        Reporter file = new ReportFile(f);
        Reporter.ReportException e = assertThrows(Reporter.ReportException.class, () -> file.finish(READY, 0));
        assertTrue(e.getMessage().startsWith("cannot write the report to " + f + ": "), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void progressIsLiveOnATerminalLinesOtherwiseAndNoneWhenQuiet() {
        assertInstanceOf(Progress.class, new TextReporter(setup(false, false, true)).progress());
        assertInstanceOf(Progress.class, new TextReporter(setup(true, false, true)).progress(), "verbose prints every attempt as a line");
        assertSame(WaitListener.NONE, new TextReporter(setup(true, true, false)).progress());
        TextReporter live = new TextReporter(setup(true, false, false));
        assertInstanceOf(LiveView.class, live.progress());
        live.stopped(); // stops the painter and erases what it drew
        assertInstanceOf(Progress.class, new TextReporter(setup(true, false, false, 0)).progress(),
                "a terminal whose width cannot be told gets lines: a live view would leave stale copies of wrapped lines");
    }
}
