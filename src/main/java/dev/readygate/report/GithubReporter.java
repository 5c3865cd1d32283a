package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;

import java.io.PrintStream;
import java.util.Map;

/**
 * The GitHub Actions reporter of wait (on with GITHUB_ACTIONS=true or --output github; docs/github.md): workflow
 * commands, the step summary and the outputs of {@link GithubReport#waitRun}. The commands go to stdout, or to
 * stderr when stdout carries the JSON report (the runner reads commands on both).
 */
public final class GithubReporter implements Reporter {
    private final PrintStream commands;
    private final Map<String, String> env;

    /** With the workflow commands on stdout. */
    public GithubReporter(Reporters.Setup s) {
        this(s, s.out());
    }

    GithubReporter(Reporters.Setup s, PrintStream commands) {
        this.commands = commands;
        this.env = s.env();
    }

    @Override
    public void finish(GateResult result, int exitCode) throws ReportException {
        GitHub.deliver(GithubReport.waitRun(result, RepoPath.root(null, env)), commands, env);
    }
}
