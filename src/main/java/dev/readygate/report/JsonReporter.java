package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;

import java.io.PrintStream;

/** --output json: the {@link JsonReport} on stdout. */
public final class JsonReporter implements Reporter {
    private final PrintStream out;

    public JsonReporter(Reporters.Setup s) {
        this.out = s.out();
    }

    @Override
    public void finish(GateResult result, int exitCode) throws ReportException {
        try {
            JsonReport.write(out, result, exitCode);
        } catch (java.io.IOException e) {
            throw new ReportException("cannot write the JSON report to stdout: " + e.getMessage());
        }
        out.flush();
    }
}
