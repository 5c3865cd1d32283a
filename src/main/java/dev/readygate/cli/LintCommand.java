package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.base.Suggest;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Linted;
import dev.readygate.lint.Linter;
import dev.readygate.lint.Severity;
import dev.readygate.report.GitHub;
import dev.readygate.report.GithubReport;
import dev.readygate.report.Junit;
import dev.readygate.report.LintReport;
import dev.readygate.report.RepoPath;
import dev.readygate.model.Origin;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeFacts;
import dev.readygate.source.compose.ComposeSource;
import dev.readygate.source.k8s.K8sManifests;
import dev.readygate.source.k8s.K8sSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** readygate lint: static checks of an nginx config or a Compose project (never opens a socket). */
@Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = Cli.RootCommand.VersionProvider.class,
        description = {"Checks nginx configs, Compose projects and Kubernetes manifests statically.",
                "",
                "Finds the settings that make services look down. Never opens a socket.",
                "",
                "nginx: timeouts, buffer sizes nginx -t rejects, TLS without verification or",
                "SNI, unused or missing upstreams, TLS/plain port mix-ups. Reads the file and",
                "its includes (relative to its directory), or 'nginx -T' output from stdin",
                "with '-'. Rules: docs/nginx.md.",
                "",
                "Compose (compose.yaml, docker-compose.yml, a folder holding one, or",
                "a.yaml:b.yaml merged as docker compose -f a.yaml -f b.yaml): an nginx config",
                "of the project that proxies to a service or port that does not exist (naming",
                "both files and lines), depends_on without a health condition, dependencies",
                "without a healthcheck, healthchecks that cannot run or time out late,",
                "databases published on every interface, localhost used to reach another",
                "service. Rules: docs/compose.md.",
                "",
                "Kubernetes (a manifest file, a folder of them, or a kustomization): Service",
                "targetPorts, Ingress backends and probes on ports no container declares",
                "(naming both files and lines), Services that select no Pod template, missing",
                "readiness probes and preStop pauses behind a Service, grace periods shorter",
                "than the pause, probe timeouts, liveness equal to readiness, missing resources,",
                "init containers that wait in nc/sleep loops. Rules: docs/kubernetes.md.", ""},
        footer = {"", "GitHub Actions (GITHUB_ACTIONS=true, or --output github): an annotation per finding at its",
                "file:line:column, a step summary and outputs (ok, findings, errors, warnings, info); docs/github.md.",
                "", "Exit codes: 0 no finding at or above --fail-on, 1 a finding is, 2 usage error,",
                "3 the config cannot be read or parsed (one line: FILE:LINE: message, or",
                "FILE:LINE:COL: message for Compose), or the --junit,",
                "GITHUB_STEP_SUMMARY or GITHUB_OUTPUT file cannot be written.",
                "", "Examples:", "  readygate lint /etc/nginx/nginx.conf", "  nginx -T 2>/dev/null | readygate lint -o sarif - > nginx.sarif",
                "  readygate lint -o sarif --sarif-root . --junit lint.xml nginx/nginx.conf > nginx.sarif",
                "  readygate lint compose.yaml", "  readygate lint --fail-on warning k8s/", "  readygate lint --profile debug -o sarif compose.yaml:compose.ci.yaml > compose.sarif"})
public final class LintCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("text", "json", "sarif", GitHub.FORMAT);
    private static final List<String> LEVELS = List.of("error", "warning", "info", "none");

    private final Cli.Context ctx;

    @Option(names = {"-o", "--output", "--format"}, paramLabel = "FORMAT",
            description = "text, json, sarif (SARIF 2.1.0), or github (the text, and workflow commands, step summary and outputs for"
                    + " GitHub Actions, on by itself when GITHUB_ACTIONS=true; docs/github.md) (default: text); --format is the older name")
    String format = "text";

    @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report to FILE: a test case per finding,"
            + " failed at or above --fail-on, and one per rule that found nothing")
    Path junit;

    @Option(names = "--sarif-root", paramLabel = "DIR", description = "the repository root SARIF paths are relative to"
            + " (uriBaseId %%SRCROOT%%) (default: GITHUB_WORKSPACE, else the current directory)")
    Path sarifRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "exit 1 when a finding is at least this severe: error, warning, info or none (default: error)")
    String failOn = "error";

    @Option(names = "--profile", paramLabel = "NAME", description = "Compose: a profile to enable (repeatable or comma-separated; '*' enables"
            + " all) (default: COMPOSE_PROFILES); services of other profiles are not linted")
    List<String> profiles = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "FILE|-", description = "nginx.conf (or any config file), or - for 'nginx -T' output on stdin;"
            + " or a Compose file, a folder holding one, or a.yaml:b.yaml; or Kubernetes manifests (a file, a folder, or a kustomization)")
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

        if (sarifRoot != null && !Files.isDirectory(sarifRoot)) {
            ctx.err().println("readygate: --sarif-root " + sarifRoot + ": not a directory (see 'readygate lint --help')");
            return ExitCodes.USAGE;
        }
        Integer unwritable = CiReports.preflight(ctx, junit, fmt);
        if (unwritable != null) return unwritable;
        Instant started = Instant.now();
        Linted linted;
        try {
            linted = lint();
        } catch (SourceException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        List<Finding> findings = linted.findings();
        Predicate<Finding> fails = "none".equals(level) ? f -> false : f -> f.severity().atLeast(Severity.valueOf(level.toUpperCase(Locale.ROOT)));
        int code = findings.stream().anyMatch(fails) ? ExitCodes.BLOCKED : ExitCodes.READY;
        switch (fmt) {
            case "json" -> {
                ctx.out().flush();
                try {
                    LintReport.json(ctx.out(), linted, level, code);
                } catch (java.io.IOException e) {
                    ctx.err().println("readygate: cannot write the report: " + e.getMessage());
                    return ExitCodes.CONFIG;
                }
            }
            case "sarif" -> ctx.out().print(LintReport.sarif(linted, RepoPath.root(sarifRoot, ctx.env())));
            default -> ctx.out().print(LintReport.text(linted));
        }
        ctx.out().flush();
        boolean document = fmt.equals("json") || fmt.equals("sarif");
        return CiReports.deliver(ctx, code, GitHub.on(fmt, ctx.env()) ? () -> GithubReport.lint(linted, code == ExitCodes.READY, RepoPath.root(null, ctx.env())) : null,
                document ? ctx.err() : ctx.out(), junit, () -> Junit.lint(linted.rules(), findings, fails, started, code));
    }

    /** The findings of the rules of the file's source: Compose's for a Compose project, nginx's for anything else. */
    private Linted lint() throws SourceException {
        Source<?> claimed = NginxFile.claimedBy(file);
        if (claimed instanceof K8sSource) {
            List<SkipNote> notes = new ArrayList<>();
            K8sManifests manifests = K8sSource.manifests(file, ctx.in(), notes);
            for (SkipNote n : notes) ctx.err().println("readygate: " + n.message());
            return Linter.k8s().run(manifests);
        }
        if (!(claimed instanceof ComposeSource)) {
            if (!"-".equals(file) && folder(file))
                throw new SourceException(file + ": a folder without a Compose file (compose.yaml, compose.yml, docker-compose.yml,"
                        + " docker-compose.yaml) or Kubernetes manifests; lint reads an nginx config, a Compose file, Kubernetes manifests,"
                        + " or a folder holding them");
            return Linter.nginx().run(NginxFile.read(file, ctx.in()));
        }
        Settings.Builder given = new Settings.Builder();
        if (!profiles.isEmpty()) given.put(new Value<>(CoreKeys.PROFILE, List.copyOf(profiles), Origin.COMMAND_LINE));
        List<SkipNote> notes = new ArrayList<>();
        ComposeFacts facts = ComposeFacts.load(file, new Source.Context(ctx.env(), Layers.of(given.build())), notes);
        for (SkipNote n : notes) ctx.err().println("readygate: " + n.message());
        return Linter.compose().run(facts);
    }

    private static boolean folder(String file) {
        try {
            return Files.isDirectory(Path.of(file));
        } catch (java.nio.file.InvalidPathException e) {
            return false; // the nginx reader says what is wrong with it
        }
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
