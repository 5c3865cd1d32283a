package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A report written to a file whatever --output says: --report FILE (the {@link JsonReport}), --junit FILE (the {@link Junit} report). */
public final class ReportFile implements Reporter {
    /** Writes a whole run to a stream (streamed where the format allows: ten thousand targets fit a small heap). */
    private interface Render {
        void write(OutputStream out, GateResult result, int exitCode) throws IOException;
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
        this(file, "the report", JsonReport::write);
    }

    /** --junit FILE. */
    public static ReportFile junit(Path file) {
        return new ReportFile(file, Junit.WHAT, (out, result, exitCode) -> out.write(Junit.waitRun(result, exitCode).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void finish(GateResult result, int exitCode) throws ReportException {
        write(file, what, out -> render.write(out, result, exitCode));
    }

    /** Writes TEXT to FILE; WHAT names the report in the one-line error ("cannot write the JUnit report to FILE: why"). */
    public static void write(Path file, String what, String text) throws ReportException {
        write(file, what, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, String what, Body body) throws ReportException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            body.write(out);
        } catch (IOException e) {
            throw new ReportException("cannot write " + what + " to " + file + ": " + GitHub.why(e));
        }
    }
}
