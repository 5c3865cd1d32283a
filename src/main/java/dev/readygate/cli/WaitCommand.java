package dev.readygate.cli;

import dev.readygate.base.Durations;

import dev.readygate.cli.ExitCodes;
import dev.readygate.config.ConfigDocument;
import dev.readygate.config.ConfigException;
import dev.readygate.config.ConfigFile;
import dev.readygate.config.ConfigTarget;
import dev.readygate.config.EnvSettings;
import dev.readygate.config.Setting;
import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;
import dev.readygate.gate.WaitRun;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.plan.PlanException;
import dev.readygate.protocol.ProbeRegistry;
import dev.readygate.report.Reporters;
import dev.readygate.report.Style;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.verify.NginxTargets;
import dev.readygate.model.Origin;
import dev.readygate.wait.Clock;
import dev.readygate.base.Defaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** readygate wait [OPTIONS] TARGET... [-- COMMAND [ARGS...]] */
@Command(name = "wait", sortOptions = false, usageHelpWidth = 100, mixinStandardHelpOptions = true,
        versionProvider = Cli.RootCommand.VersionProvider.class,
        customSynopsis = "readygate wait [OPTIONS] TARGET... [-- COMMAND [ARGS...]]",
        description = {
                "Waits until every target is ready, under one overall deadline, then exits 0 or runs COMMAND.",
                "Targets are waited for concurrently; each attempt is a fresh connection bounded by --attempt-timeout.",
                "A target that is not ready is reported with its cause (e.g. CONNECTION_REFUSED, HTTP_STATUS 503) and a hint.",
                ""},
        footer = {"",
                "Targets:",
                "  tcp://HOST:PORT, HOST:PORT     ready when a TCP connection is accepted",
                "  http://HOST[:PORT]/PATH        ready when the response matches (default: status 2xx)",
                "  https://HOST[:PORT]/PATH       the same over TLS; certificates are verified",
                "  IPv6 literals in brackets: [::1]:8080, http://[::1]:8080/health",
                "",
                "Backoff: a refused connection (the local kernel answered, at no cost to anyone) is retried",
                "every --interval (+-20%% jitter); failures that reach the application (5xx, timeouts, resets)",
                "or a DNS server (unknown name) back off exponentially with +-50%% jitter from --interval",
                "up to --max-interval.",
                "",
                "nginx: --from nginx.conf adds every upstream the config proxies to (origin: the nginx file:line),",
                "each with max-header-bytes = proxy_buffer_size and max-latency = proxy_read_timeout at its pass;",
                "it is probed at / and any HTTP response counts (nginx would not answer 502/504).",
                "",
                "Sources: options here, then environment READYGATE_<OPTION> (READYGATE_TARGETS, READYGATE_TIMEOUT,",
                "READYGATE_ATTEMPT_TIMEOUT, READYGATE_HEADERS, ...), then the --config file's defaults; a target's",
                "own settings in the config file win over all of them. Durations: 250ms, 2s, 1m, 1m30s, 7d.",
                "",
                "Exit codes:",
                "  0  every target is ready (without COMMAND)",
                "  1  blocked: the deadline passed, or --fail-fast met a permanent failure",
                "  2  usage error (arguments, environment)",
                "  3  configuration error (config file, nginx config, certificate files, --report path)",
                "  4  internal error",
                "  130/143  interrupted by SIGINT/SIGTERM while waiting",
                "  with -- COMMAND: the command's exit code (127 if it cannot be found)",
                "",
                "Examples:",
                "  readygate wait db:5432 http://localhost:8080/health -- npm test",
                "  readygate wait --timeout 2m --json-pointer /status=UP http://localhost:8080/actuator/health",
                "  readygate wait --stable-for 10s --output json https://api.internal/healthz > report.json"})
public final class WaitCommand implements Callable<Integer> {
    private final Cli.Context ctx;
    private final List<String> command;
    private final boolean hadSeparator;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "tcp://host:port, host:port, http(s)://host[:port]/path")
    List<String> targets = new ArrayList<>();

    @Option(names = "--from", paramLabel = "FILE|-", order = 0,
            description = "nginx.conf (with its includes), or - for 'nginx -T' on stdin: also wait for every upstream it proxies to, "
                    + "with the header and latency budgets nginx enforces there (repeatable)")
    List<String> from;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with defaults and named targets (see README)")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", order = 1,
            description = "overall deadline for all targets, or 'none' to wait forever (default: " + Defaults.TIMEOUT_TEXT + ")")
    String timeout;

    @Option(names = "--attempt-timeout", paramLabel = "DURATION", order = 2,
            description = "budget of one attempt, all phases; clipped to the time left (default: " + Defaults.ATTEMPT_TIMEOUT_TEXT + ")")
    String attemptTimeout;

    @Option(names = "--interval", paramLabel = "DURATION", order = 3,
            description = "fast retry cadence and first backoff step (default: " + Defaults.INTERVAL_TEXT + ")")
    String interval;

    @Option(names = "--max-interval", paramLabel = "DURATION", order = 4,
            description = "cap of the exponential backoff (default: " + Defaults.MAX_INTERVAL_TEXT + ")")
    String maxInterval;

    @Option(names = "--successes", paramLabel = "N", order = 5,
            description = "consecutive successful attempts required (default: " + Defaults.SUCCESSES_TEXT + ")")
    String successes;

    @Option(names = "--stable-for", paramLabel = "DURATION", order = 6,
            description = "stay ready this long before passing; a failure inside it is FLAPPING (default: " + Defaults.STABLE_FOR_TEXT + ")")
    String stableFor;

    @Option(names = "--fail-fast", order = 7, description = "stop at the first permanent failure (untrusted certificate, 404, ...)")
    Boolean failFast;

    @Option(names = "--ip-family", paramLabel = "any|all|4|6", order = 8,
            description = "which addresses of a host name must work: any (a failing family is a warning), all, or only 4 or 6 (default: "
                    + Defaults.IP_FAMILY_TEXT + ")")
    String ipFamily;

    @Option(names = "--status", paramLabel = "SET", order = 10,
            description = "accepted HTTP statuses, ranges and codes: 200-299,401 or 2xx (default: " + Defaults.STATUS_TEXT + ")")
    String status;

    @Option(names = "--body-contains", paramLabel = "TEXT", order = 11, description = "the body must contain TEXT")
    String bodyContains;

    @Option(names = "--body-regex", paramLabel = "REGEX", order = 12, description = "the body must match REGEX (Java syntax, anywhere)")
    String bodyRegex;

    @Option(names = "--json-pointer", paramLabel = "POINTER=VALUE", order = 13,
            description = "the JSON body must hold VALUE at POINTER (RFC 6901), e.g. /status=UP")
    String jsonPointer;

    @Option(names = "--expect-header", paramLabel = "'NAME: REGEX'", order = 14,
            description = "a response header that must be present and match (repeatable)")
    List<String> expectHeaders;

    @Option(names = "--method", paramLabel = "METHOD", order = 15, description = "GET, HEAD or POST (default: GET)")
    String method;

    @Option(names = "--body", paramLabel = "TEXT", order = 16, description = "request body, with --method POST")
    String body;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", order = 17,
            description = "request header (repeatable); Authorization and Cookie values are never printed")
    List<String> headers;

    @Option(names = "--max-redirects", paramLabel = "N", order = 18,
            description = "redirects followed before the final response is judged (default: " + Defaults.MAX_REDIRECTS_TEXT + ")")
    String maxRedirects;

    @Option(names = "--max-header-bytes", paramLabel = "SIZE", order = 18,
            description = "response headers larger than this are HEADERS_TOO_LARGE, as behind nginx's proxy_buffer_size (e.g. 4k; default: no limit)")
    String maxHeaderBytes;

    @Option(names = "--max-latency", paramLabel = "DURATION", order = 18,
            description = "a response slower than this is SLOW, as behind nginx's proxy_read_timeout (default: no limit)")
    String maxLatency;

    @Option(names = "--cert-min-validity", paramLabel = "DURATION", order = 19,
            description = "warn when the certificate expires sooner than this (default: " + Defaults.CERT_MIN_VALIDITY_TEXT + ")")
    String certMinValidity;

    @Option(names = "--insecure", order = 19, description = "do not verify TLS certificates (default: verify)")
    Boolean insecure;

    @Option(names = "--ca-cert", paramLabel = "FILE", order = 20, description = "trust only the CA certificate(s) in this PEM file")
    String caCert;

    @Option(names = "--client-cert", paramLabel = "FILE", order = 21, description = "client certificate (PEM) for mutual TLS")
    String clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", order = 22, description = "client private key (PEM, PKCS#8) for mutual TLS")
    String clientKey;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", order = 30,
            description = "text (report on stderr) or json (report on stdout, schema in docs/json-report.md) (default: text)")
    String output;

    @Option(names = "--report", paramLabel = "FILE", order = 31, description = "also write the JSON report to FILE")
    Path report;

    @Option(names = {"-q", "--quiet"}, order = 32, description = "no progress; report only targets that are not ready")
    Boolean quiet;

    @Option(names = {"-v", "--verbose"}, order = 33, description = "print every attempt")
    Boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    WaitCommand(Cli.Context ctx, List<String> command, boolean hadSeparator) {
        this.ctx = ctx;
        this.command = command;
        this.hadSeparator = hadSeparator;
    }

    @Override
    public Integer call() {
        try {
            return execute();
        } catch (PlanException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int execute() {
        if (hadSeparator && command.isEmpty())
            throw new PlanException(ExitCodes.USAGE, "nothing after '--'; write the command to run, e.g. -- npm test (see 'readygate wait --help')");
        EnvSettings.EnvResult env;
        try {
            env = EnvSettings.read(ctx.env());
        } catch (ConfigException e) {
            throw new PlanException(ExitCodes.USAGE, e.getMessage());
        }
        Map<String, Setting> cli = cliSettings();
        Path configPath = config;
        if (configPath == null && env.settings().containsKey("config")) configPath = Path.of(env.settings().get("config").value());
        ConfigDocument doc = null;
        if (configPath != null) {
            try {
                doc = ConfigFile.load(configPath, ctx.env());
            } catch (ConfigException e) {
                throw new PlanException(ExitCodes.CONFIG, e.getMessage());
            }
        }
        String out = pick("output", cli, env.settings(), "text").toLowerCase(Locale.ROOT);
        if (!Reporters.isOutput(out))
            throw new PlanException(ExitCodes.USAGE, "--output: '" + out + "' is not a format; use " + Reporters.outputs());
        boolean beQuiet = flag("quiet", cli, env.settings());
        boolean beVerbose = flag("verbose", cli, env.settings());
        Path reportFile = report != null ? report : env.settings().containsKey("report") ? Path.of(env.settings().get("report").value()) : null;

        List<PlanBuilder.TargetDecl> decls = new ArrayList<>();
        for (String t : targets) decls.add(new PlanBuilder.TargetDecl(null, t, Origin.COMMAND_LINE, Map.of(), ExitCodes.USAGE));
        for (String t : env.targets()) decls.add(new PlanBuilder.TargetDecl(null, t, Origin.env("READYGATE_TARGETS"), Map.of(), ExitCodes.USAGE));
        List<PlanBuilder.Layer> layers = new ArrayList<>();
        layers.add(new PlanBuilder.Layer(cli, ExitCodes.USAGE));
        layers.add(new PlanBuilder.Layer(env.settings(), ExitCodes.USAGE));
        if (doc != null) {
            for (ConfigTarget t : doc.targets())
                decls.add(new PlanBuilder.TargetDecl(t.name(), t.url(), t.origin(), t.settings(), ExitCodes.CONFIG));
            layers.add(new PlanBuilder.Layer(doc.settings(), ExitCodes.CONFIG));
        }
        if (from != null) {
            for (String f : from) decls.addAll(nginxDecls(f));
        }
        if (decls.isEmpty())
            throw new PlanException(ExitCodes.USAGE, "no targets; give at least one, e.g. 'readygate wait tcp://db:5432', "
                    + "or use --config FILE or READYGATE_TARGETS (see 'readygate wait --help')");
        Plan plan = PlanBuilder.build(decls, layers);
        Preflight.check(plan);
        Preflight.reportFile(reportFile);

        AtomicInteger signal = new AtomicInteger();
        int code = waitFor(plan, reporters(plan, out, reportFile, beQuiet, beVerbose), signal);
        if (code == ExitCodes.READY && !command.isEmpty()) return CommandRunner.run(command, ctx.err(), signal);
        if (ctx.realProcess()) Signals.onSignal(null);
        return code;
    }

    /** The text report on stderr (live on a terminal), the --output format, the --report file. */
    private List<Reporter> reporters(Plan plan, String output, Path reportFile, boolean quiet, boolean verbose) {
        boolean terminal = Terminal.stderrIsTerminal(ctx.env()) && ctx.realProcess();
        Style style = new Style(Terminal.colour(ctx.env(), terminal));
        Reporters.Setup setup = new Reporters.Setup(ctx.out(), ctx.err(), ctx.env(), style, terminal, quiet, verbose, plan.targets());
        return Reporters.forRun(output, reportFile, setup);
    }

    /**
     * Waits for the plan (a signal cancels it and is recorded in SIGNAL) and reports it.
     * A report that cannot be delivered is said and makes a ready run exit 3.
     */
    private int waitFor(Plan plan, List<Reporter> reporters, AtomicInteger signal) {
        WaitRun run = new WaitRun(ProbeRegistry.standard(), Clock.SYSTEM, reporters, result -> exitCode(result, signal.get()));
        if (ctx.realProcess()) {
            Signals.install();
            Signals.onSignal(code -> {
                signal.compareAndSet(0, code);
                run.cancel();
            });
        }
        WaitRun.Outcome outcome = run.run(plan);
        int code = outcome.exitCode();
        for (String failure : outcome.failures()) {
            ctx.err().println("readygate: " + failure);
            if (code == ExitCodes.READY) code = ExitCodes.CONFIG;
        }
        return code;
    }

    /** Ready, blocked, or interrupted by SIGNAL (0 if none was recorded: SIGINT's code). */
    private static int exitCode(GateResult result, int signal) {
        if (result.interrupted()) return signal == 0 ? ExitCodes.SIGINT : signal;
        return result.ready() ? ExitCodes.READY : ExitCodes.BLOCKED;
    }

    /** The upstream targets of one nginx config (see {@link NginxTargets}). */
    private List<PlanBuilder.TargetDecl> nginxDecls(String file) {
        NginxFacts facts;
        try {
            facts = NginxSources.load(file, ctx.in());
        } catch (NginxSources.LoadException e) {
            throw new PlanException(ExitCodes.CONFIG, e.getMessage());
        }
        List<PlanBuilder.TargetDecl> out = NginxTargets.decls(facts, ctx.err()::println);
        if (out.isEmpty()) ctx.err().println("readygate: " + file + ": no upstream to wait for (no proxy_pass or upstream server with a host and port)");
        return out;
    }

    /** The options given on the command line, as settings keyed like the config file. */
    private Map<String, Setting> cliSettings() {
        Map<String, Setting> m = new LinkedHashMap<>();
        put(m, "timeout", timeout);
        put(m, "attempt-timeout", attemptTimeout);
        put(m, "interval", interval);
        put(m, "max-interval", maxInterval);
        put(m, "successes", successes);
        put(m, "stable-for", stableFor);
        put(m, "fail-fast", failFast == null ? null : failFast.toString());
        put(m, "ip-family", ipFamily);
        put(m, "max-header-bytes", maxHeaderBytes);
        put(m, "max-latency", maxLatency);
        put(m, "cert-min-validity", certMinValidity);
        put(m, "status", status);
        put(m, "body-contains", bodyContains);
        put(m, "body-regex", bodyRegex);
        put(m, "json-pointer", jsonPointer);
        putList(m, "expect-headers", expectHeaders);
        put(m, "method", method);
        put(m, "body", body);
        putList(m, "headers", headers);
        put(m, "max-redirects", maxRedirects);
        put(m, "insecure", insecure == null ? null : insecure.toString());
        put(m, "ca-cert", caCert);
        put(m, "client-cert", clientCert);
        put(m, "client-key", clientKey);
        put(m, "output", output);
        put(m, "quiet", quiet == null ? null : quiet.toString());
        put(m, "verbose", verbose == null ? null : verbose.toString());
        return m;
    }

    private static void put(Map<String, Setting> m, String key, String value) {
        if (value != null) m.put(key, new Setting(key, List.of(value), false, Origin.COMMAND_LINE));
    }

    private static void putList(Map<String, Setting> m, String key, List<String> values) {
        if (values != null && !values.isEmpty()) m.put(key, new Setting(key, values, true, Origin.COMMAND_LINE));
    }

    private static String pick(String key, Map<String, Setting> cli, Map<String, Setting> env, String def) {
        Setting s = cli.containsKey(key) ? cli.get(key) : env.get(key);
        return s == null ? def : s.value();
    }

    private static boolean flag(String key, Map<String, Setting> cli, Map<String, Setting> env) {
        Setting s = cli.containsKey(key) ? cli.get(key) : env.get(key);
        if (s == null) return false;
        String v = s.value().trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("1") || v.equals("yes")) return true;
        if (v.equals("false") || v.equals("0") || v.equals("no")) return false;
        throw new PlanException(ExitCodes.USAGE, PlanBuilder.label(s) + ": '" + s.value() + "' is not true or false");
    }
}
