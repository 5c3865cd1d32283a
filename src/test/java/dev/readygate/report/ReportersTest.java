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
        return new Reporters.Setup(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), Style.PLAIN, terminal, quiet, verbose, List.of(Targets.planned("db:5432", Targets.policy())), () -> columns);
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
        assertEquals("text or json", Reporters.outputs());
        assertTrue(Reporters.isOutput("text"));
        assertTrue(Reporters.isOutput("json"));
        assertFalse(Reporters.isOutput("yaml"));
        assertThrows(IllegalArgumentException.class, () -> Reporters.forRun("yaml", null, setup(false, false, false)));
    }

    @Test
    void textReportsOnStderrOnly() throws Exception {
        List<Reporter> rs = Reporters.forRun("text", null, setup(false, false, false));
        assertEquals(1, rs.size());
        assertInstanceOf(Progress.class, rs.get(0).progress());
        finishAll(rs, READY, 0);
        assertEquals("", out());
        assertEquals("readygate: all 0 targets ready after 1.2s\n", err());
    }

    @Test
    void jsonAddsTheReportOnStdoutAndKeepsTheTextOnStderr() throws Exception {
        List<Reporter> rs = Reporters.forRun("json", null, setup(false, false, false));
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
        List<Reporter> rs = Reporters.forRun("text", f, setup(false, true, false));
        assertEquals(2, rs.size());
        finishAll(rs, READY, 3);
        assertEquals(3, JSON.readTree(f.toFile()).get("exitCode").asInt());
        assertEquals("", out());
        assertEquals("", err(), "quiet and ready: nothing on stderr");
    }

    @Test
    void reportDashIsTheJsonReportOnStdoutOnceWhateverTheFormat() throws Exception {
        List<Reporter> text = Reporters.forRun("text", Reporters.STDOUT, setup(false, true, false));
        assertEquals(2, text.size());
        assertInstanceOf(JsonReporter.class, text.get(1));
        List<Reporter> json = Reporters.forRun("json", Reporters.STDOUT, setup(false, true, false));
        assertEquals(2, json.size(), "--output json --report -: one JSON report, not two");
        finishAll(json, READY, 0);
        assertEquals(1, JSON.readerFor(JsonNode.class).readValues(out()).readAll().size());
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
