package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A report written to a file whatever --output says: --report FILE (the {@link JsonReport}), --junit FILE (the {@link Junit} report). */
public final class ReportFile implements Reporter {
    /** Renders a whole run. */
    private interface Render {
        String render(GateResult result, int exitCode);
    }

    private final Path file;
    private final String what;
    private final Render render;

    private ReportFile(Path file, String what, Render render) {
        this.file = file;
        this.what = what;
        this.render = render;
    }

    /** --report FILE. */
    public ReportFile(Path file) {
        this(file, "the report", JsonReport::render);
    }

    /** --junit FILE. */
    public static ReportFile junit(Path file) {
        return new ReportFile(file, Junit.WHAT, Junit::waitRun);
    }

    @Override
    public void finish(GateResult result, int exitCode) throws ReportException {
        write(file, what, render.render(result, exitCode));
    }

    /** Writes TEXT to FILE; WHAT names the report in the one-line error ("cannot write the JUnit report to FILE: why"). */
    public static void write(Path file, String what, String text) throws ReportException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException("cannot write " + what + " to " + file + ": " + GitHub.why(e));
        }
    }
}
