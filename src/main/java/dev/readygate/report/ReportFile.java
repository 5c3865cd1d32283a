package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** --report FILE: the {@link JsonReport} written to a file, whatever --output says. */
public final class ReportFile implements Reporter {
    private final Path file;

    public ReportFile(Path file) {
        this.file = file;
    }

    @Override
    public void finish(GateResult result, int exitCode) throws ReportException {
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            JsonReport.write(out, result, exitCode);
        } catch (IOException e) {
            throw new ReportException("cannot write the report to " + file + ": " + e.getMessage());
        }
    }
}
