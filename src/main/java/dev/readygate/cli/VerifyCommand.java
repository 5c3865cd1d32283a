package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.base.Durations;
import dev.readygate.registry.Registry;
import dev.readygate.report.GitHub;
import dev.readygate.report.GithubReport;
import dev.readygate.report.Junit;
import dev.readygate.report.Progress;
import dev.readygate.report.RepoPath;
import dev.readygate.report.Style;
import dev.readygate.report.VerifyReport;
import dev.readygate.source.SourceException;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.verify.NginxVerify;
import dev.readygate.wait.Clock;
import dev.readygate.base.Defaults;
import dev.readygate.wait.WaitListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** readygate verify: probes every upstream of an nginx config with the budgets nginx enforces there. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Cli.RootCommand.VersionProvider.class,
        description = {"Probes every upstream an nginx config proxies to and says whether nginx would get a response, or answer 502/504.",
                "Checks, with the budgets in effect at each pass: something listens;",
                "TLS for https://, plain HTTP for http://; response headers fit",
                "proxy_buffer_size; the answer comes within proxy_read_timeout;",
                "every address of an upstream name answers; the answer is no 5xx",
                "(nginx relays it: the app is failing) and no TLS port's 400 to",
                "the plain HTTP nginx sends. Any other status passes (a 404 is the",
                "app's answer, not a gateway failure); --accept-status widens that.",
                "",
                "Retries: an upstream that fails is probed again until --timeout",
                "(backoff up to " + Defaults.MAX_INTERVAL_TEXT + " between attempts), except a refused connection,",
                "retried for " + NginxVerify.REFUSED_RETRY_TEXT + " only (the kernel answered: nginx gets the same",
                "refusal now), and causes waiting cannot fix (TLS on a plain port,",
                "plain HTTP to a TLS port, an untrusted certificate), reported at once.", ""},
        footer = {"", "Output: a table on stdout (LOCATION, PASS, UPSTREAM, RESULT, CAUSE;",
                "message and hint under each row), or --output json (fields in",
                "docs/nginx.md); progress on stderr unless --quiet.",
                "GitHub Actions (GITHUB_ACTIONS=true, or --output github): an error annotation",
                "per failing upstream at its nginx line, a step summary and outputs",
                "(ok, duration, upstreams, failing, skipped); docs/github.md.",
                "", "Exit codes:", "  0  every upstream answers", "  1  an upstream would make nginx answer 502 or 504 (or relay an",
                "     invalid response, or the app's 5xx), or was not checked",
                "  2  usage error", "  3  the config cannot be read or parsed (one line: FILE:LINE: message),",
                "     or the --junit, GITHUB_STEP_SUMMARY or GITHUB_OUTPUT file cannot be written",
                "", "Examples:", "  readygate verify /etc/nginx/nginx.conf", "  nginx -T 2>/dev/null | readygate verify --output json -",
                "  readygate verify --junit verify.xml nginx/nginx.conf"})
public final class VerifyCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("text", "json", GitHub.FORMAT);
    private final Cli.Context ctx;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "nginx.conf (with its includes), or - for 'nginx -T' output on stdin")
    String file;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "how long to keep trying the upstreams that fail (default: " + Defaults.VERIFY_TIMEOUT_TEXT
                    + "; a refusal: " + NginxVerify.REFUSED_RETRY_TEXT + " at most)")
    String timeout = Defaults.VERIFY_TIMEOUT_TEXT;

    @Option(names = "--accept-status", paramLabel = "SET",
            description = "statuses that also pass, besides " + NginxVerify.ACCEPTED_STATUS + " (e.g. 503, or 5xx to accept any answer)")
    String acceptStatus;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text, json, or github (the text, and workflow commands,"
            + " step summary and outputs for GitHub Actions, on by itself when GITHUB_ACTIONS=true; docs/github.md) (default: text)")
    String output = "text";

    @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report to FILE: a test case per upstream address")
    Path junit;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    VerifyCommand(Cli.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String out = output.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(out)) {
            ctx.err().println("readygate: --output: '" + output + "' is not one of " + String.join(", ", FORMATS) + " (see 'readygate verify --help')");
            return ExitCodes.USAGE;
        }
        Duration deadline;
        try {
            deadline = Durations.parse(timeout);
            if (deadline.isZero()) throw new IllegalArgumentException("'" + timeout + "' must be more than 0");
        } catch (IllegalArgumentException e) {
            ctx.err().println("readygate: --timeout: " + e.getMessage() + " (see 'readygate verify --help')");
            return ExitCodes.USAGE;
        }
        StatusSet accept = null;
        try {
            if (acceptStatus != null) accept = StatusSet.parse(acceptStatus);
        } catch (IllegalArgumentException e) {
            ctx.err().println("readygate: --accept-status: " + e.getMessage() + " (see 'readygate verify --help')");
            return ExitCodes.USAGE;
        }
        NginxFacts facts;
        try {
            facts = NginxFile.read(file, ctx.in());
        } catch (SourceException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Integer unwritable = CiReports.preflight(ctx, junit, out);
        if (unwritable != null) return unwritable;
        Duration dns = Durations.parse(Defaults.VERIFY_DNS_TIMEOUT_TEXT);
        List<NginxVerify.Check> checks = NginxVerify.checks(facts, deadline.compareTo(dns) < 0 ? deadline : dns, accept);
        NginxVerify.Report report = NginxVerify.run(checks, deadline, Registry.protocols(), Clock.SYSTEM,
                quiet ? WaitListener.NONE : new Progress(ctx.err(), false, new Style(Terminal.colour(ctx.env(), Terminal.stderrIsTerminal(ctx.env()) && ctx.realProcess()))),
                NginxVerify.exclusions(facts));
        int code = report.anyFailure() ? ExitCodes.BLOCKED : ExitCodes.READY;
        if (out.equals("json")) {
            ctx.out().print(VerifyReport.json(facts, report, code));
        } else {
            ctx.out().print(VerifyReport.text(report));
        }
        ctx.out().flush();
        boolean json = out.equals("json");
        return CiReports.deliver(ctx, code, GitHub.on(out, ctx.env()) ? () -> GithubReport.verify(facts, report, RepoPath.root(null, ctx.env())) : null,
                json ? ctx.err() : ctx.out(), junit, () -> Junit.verify(report, code));
    }
}
