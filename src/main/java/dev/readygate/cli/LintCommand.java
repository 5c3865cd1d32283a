package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.base.Suggest;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Linter;
import dev.readygate.lint.Severity;
import dev.readygate.report.LintReport;
import dev.readygate.source.SourceException;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.NginxSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** readygate lint: static checks of an nginx config (never opens a socket). */
@Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = Cli.RootCommand.VersionProvider.class,
        description = {"Checks an nginx config for upstream settings that make services look down.",
                "Timeouts, buffer sizes nginx -t rejects, TLS without verification or SNI, unused or missing upstreams,",
                "TLS/plain port mix-ups.",
                "Reads the file and its includes (relative to its directory), or 'nginx -T' output from stdin with '-'.",
                "Never opens a socket. Rules: docs/nginx.md.", ""},
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 a finding is, 2 usage error,",
                "3 the config cannot be read or parsed (one line: FILE:LINE: message).",
                "", "Examples:", "  readygate lint /etc/nginx/nginx.conf", "  nginx -T 2>/dev/null | readygate lint -o sarif - > nginx.sarif"})
public final class LintCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("text", "json", "sarif");
    private static final List<String> LEVELS = List.of("error", "warning", "info", "none");

    private final Cli.Context ctx;

    @Option(names = {"-o", "--output", "--format"}, paramLabel = "FORMAT",
            description = "text, json or sarif (SARIF 2.1.0) (default: text); --format is the older name")
    String format = "text";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "exit 1 when a finding is at least this severe: error, warning, info or none (default: error)")
    String failOn = "error";

    @Parameters(index = "0", paramLabel = "FILE|-", description = "nginx.conf (or any config file), or - for 'nginx -T' output on stdin")
    String file;

    LintCommand(Cli.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(fmt)) return usage(formatOptionTyped(), format, FORMATS);
        String level = failOn.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) return usage("--fail-on", failOn, LEVELS);

        NginxFacts facts;
        try {
            facts = NginxSource.facts(file, ctx.in());
        } catch (SourceException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Linter linter = Linter.nginx();
        List<Finding> findings = linter.lint(facts);
        int code = ExitCodes.READY;
        if (!"none".equals(level)) {
            Severity threshold = Severity.valueOf(level.toUpperCase(Locale.ROOT));
            if (findings.stream().anyMatch(f -> f.severity().atLeast(threshold))) code = ExitCodes.BLOCKED;
        }
        switch (fmt) {
            case "json" -> {
                ctx.out().flush();
                try {
                    LintReport.json(ctx.out(), facts, findings, level, code);
                } catch (java.io.IOException e) {
                    ctx.err().println("readygate: cannot write the report: " + e.getMessage());
                    return ExitCodes.CONFIG;
                }
            }
            case "sarif" -> ctx.out().print(LintReport.sarif(linter.rules(), findings));
            default -> ctx.out().print(LintReport.text(facts, findings));
        }
        ctx.out().flush();
        return code;
    }

    /** The name the format option was given by (-o, --output or --format), for the error message. */
    private String formatOptionTyped() {
        String typed = "--output";
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            for (String name : List.of("-o", "--output", "--format")) {
                if (arg.equals(name) || arg.startsWith(name + "=") || name.equals("-o") && arg.startsWith("-o") && !arg.startsWith("--"))
                    typed = name;
            }
        }
        return typed;
    }

    private int usage(String option, String value, List<String> allowed) {
        String hint = Suggest.closest(value, allowed).map(s -> "; did you mean " + s + "?").orElse("");
        ctx.err().println("readygate: " + option + ": '" + value + "' is not one of " + String.join(", ", allowed) + hint
                + " (see 'readygate lint --help')");
        return ExitCodes.USAGE;
    }
}
