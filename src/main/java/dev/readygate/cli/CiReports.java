package dev.readygate.cli;

import dev.readygate.gate.Reporter.ReportException;
import dev.readygate.report.GitHub;
import dev.readygate.report.Junit;
import dev.readygate.report.ReportFile;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CI reports of verify and lint, delivered after the command's own output: GitHub's (on Actions, or with
 * --output github) and --junit FILE. A report that cannot be delivered is handled as wait handles --report FILE.
 */
final class CiReports {
    private CiReports() {
    }

    /**
     * Delivers the reports and returns the exit code.
     *
     * @param github   what to tell GitHub, or null when the GitHub reporter is off
     * @param commands where the workflow commands go (stderr when stdout carries a JSON or SARIF document)
     * @param junit    --junit FILE, or null
     */
    static int deliver(Cli.Context ctx, int code, Supplier<GitHub.Report> github, PrintStream commands, Path junit, Supplier<String> junitXml) {
        List<String> failures = new ArrayList<>();
        try {
            if (github != null) GitHub.deliver(github.get(), commands, ctx.env());
        } catch (ReportException e) {
            failures.add(e.getMessage());
        }
        try {
            if (junit != null) ReportFile.write(junit, Junit.WHAT, junitXml.get());
        } catch (ReportException e) {
            failures.add(e.getMessage());
        }
        return withFailures(ctx, code, failures);
    }

    /**
     * Checks the files of the CI reports before the command does its work (as wait checks --report).
     *
     * @return null when they can be written, else the exit code (the error said on stderr)
     */
    static Integer preflight(Cli.Context ctx, Path junit, String output) {
        try {
            Preflight.ciFiles(junit, output, ctx.env());
            return null;
        } catch (CommandException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** Says each report that could not be delivered (one line each); a run that would exit 0 exits 3 instead. */
    static int withFailures(Cli.Context ctx, int code, List<String> failures) {
        for (String failure : failures) {
            ctx.err().println("readygate: " + failure);
            if (code == ExitCodes.READY) code = ExitCodes.CONFIG;
        }
        return code;
    }
}
