package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.config.ConfigDocument;
import dev.readygate.config.ConfigException;
import dev.readygate.config.ConfigFile;
import dev.readygate.config.ConfigTarget;
import dev.readygate.config.EnvSettings;
import dev.readygate.model.Origin;
import dev.readygate.net.LocalExplain;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.protocol.Protocols;
import dev.readygate.protocol.compose.ComposeProtocol;
import dev.readygate.protocol.compose.DockerCompose;
import dev.readygate.protocol.compose.Snapshots;
import dev.readygate.registry.Registry;
import dev.readygate.base.ProcessStart;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Place;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.source.Loaded;
import dev.readygate.source.Source;
import dev.readygate.source.Sources;
import dev.readygate.source.SkipNote;
import dev.readygate.source.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                WaitCommand.TARGET_FORMS,
                "  IPv6 literals in brackets: [::1]:8080, http://[::1]:8080/health",
                "",
                "Backoff: a refused connection (the local kernel answered, at no cost to anyone) is retried",
                "every --interval (+-20%% jitter) for its first " + dev.readygate.base.Defaults.FAST_PHASE_TEXT + ", then every " + dev.readygate.base.Defaults.SLOW_FACTOR
                        + " x --interval (at most",
                "--max-interval); failures that reach the application (5xx, timeouts, resets)",
                "or a DNS server (unknown name) back off exponentially with +-50%% jitter from --interval",
                "up to --max-interval.",
                "",
                "nginx: --from nginx.conf adds every upstream the config proxies to (origin: the nginx file:line),",
                "each with max-header-bytes = proxy_buffer_size and max-latency = proxy_read_timeout at its pass;",
                "it is probed at / and any answer but a 5xx counts (100-499: nginx relays it as the app's; a 5xx",
                "is the app failing); --status narrows that.",
                "",
                "Compose: --from compose.yaml adds every published TCP port of the services that run with the",
                "active profiles (--profile, else COMPOSE_PROFILES), at 127.0.0.1:HOSTPORT or the address it is",
                "bound to (origin: the port's file:line:col); with --network (the gate runs inside the Compose",
                "network) service:port for every exposed or published container port. A port its healthcheck's",
                "curl or wget asks is probed over HTTP at that path. Variables ($VAR, with braces, defaults",
                "and errors as in Compose) come from the environment and the .env beside the file; extends:",
                "and include: are followed (docs/compose.md).",
                "",
                "Kubernetes: --from k8s/ (a manifest file, a folder, or a kustomization.yaml and its resources)",
                "adds each readiness probe through the Services that select its pods, as the gate of an init",
                "container reaches it: http(s)://SERVICE.NAMESPACE.svc:PORT/PATH for httpGet (its httpHeaders",
                "sent, 200-399 pass as the kubelet judges), tcp:// for tcpSocket and grpc; and every other",
                "Service port that targets a container port (origin: the probe's file:line:col and the",
                "Service's). Helm templates are not rendered (docs/kubernetes.md).",
                "",
                "COMMAND: everything after the first -- (an option value cannot be --); it runs only once every",
                "target is ready, with readygate's environment and stdin/stdout/stderr. bin/readygate execs it: it",
                "takes readygate's pid and gets every signal itself, and no JVM stays. Under java -jar, readygate",
                "forwards SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2 and SIGWINCH to it (not SIGQUIT: the JVM's",
                "thread dump), and with util-linux's setpriv the command gets SIGTERM if the JVM dies. Before it",
                "runs, those signals (but SIGWINCH) stop the wait: report so far, exit 128+N, no command.",
                "",
                "Sources: options here, then environment READYGATE_<OPTION> (READYGATE_TARGETS, READYGATE_TIMEOUT,",
                "READYGATE_ATTEMPT_TIMEOUT, READYGATE_HEADERS, ...), then the --config file's defaults; a target's",
                "own settings in the config file win over all of them. Durations: 250ms, 2s, 1m, 1m30s, 7d.",
                "",
                "Exit codes:",
                "  0  every target is ready (without COMMAND)",
                "  1  blocked: the deadline passed, or --fail-fast met a permanent failure",
                "  2  usage error (arguments, environment)",
                "  3  configuration error (config file, nginx config, certificate files, --report or --junit path,",
                "     GITHUB_STEP_SUMMARY or GITHUB_OUTPUT file)",
                "  4  internal error",
                "  130/143  interrupted by SIGINT/SIGTERM while waiting (with COMMAND also 129 SIGHUP, 128+N USR1/2)",
                "  with -- COMMAND: the command's exit code (127 if it cannot be found, 128+N if signal N ended it)",
                "",
                "Examples:",
                "  readygate wait db:5432 http://localhost:8080/health -- npm test",
                "  readygate wait --timeout 2m --json-pointer /status=UP http://localhost:8080/actuator/health",
                "  readygate wait --stable-for 10s --output json https://api.internal/healthz > report.json",
                "  readygate wait --junit readiness.xml --config readygate.yaml",
                "    (on GitHub Actions also annotations, a step summary and outputs: docs/github.md)"})
public final class WaitCommand implements Callable<Integer> {
    /** Where --help lists the target forms of every protocol. */
    static final String TARGET_FORMS = "@target-forms@";
    /** Where --from's help says what the registered sources read. */
    static final String SOURCES_READ = "@sources-read@";
    private final Cli.Context ctx;
    private final List<String> command;
    private final boolean hadSeparator;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = WaitCommand.TARGET_FORMS)
    List<String> targets = new ArrayList<>();

    /** {@link CoreKeys#FROM} on the command line (read through the key, like every setting); its help names the sources. */
    @Option(names = "--from", paramLabel = "FILE|-", order = 0,
            description = "also wait for the targets a file declares, its kind told by name and content (repeatable; also "
                    + "READYGATE_FROM and the config file's from:); reads: " + WaitCommand.SOURCES_READ)
    List<String> from;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line's options as {@link QuickArgs} read them, when picocli did not (null otherwise). */
    private Map<Key<?>, List<String>> quickOptions;

    WaitCommand(Cli.Context ctx, List<String> command, boolean hadSeparator) {
        this.ctx = ctx;
        this.command = command;
        this.hadSeparator = hadSeparator;
    }

    @Override
    public Integer call() {
        return Waiting.reporting(ctx, this::execute);
    }

    private int execute() {
        Waiting.commandAfterSeparator(hadSeparator, command, "wait");
        // compose:SERVICE targets ask the docker of this run's PATH, with this run's environment (COMPOSE_FILE, ...)
        Protocols protocols = Registry.protocols().replacing(new ComposeProtocol(new Snapshots(DockerCompose.of(ctx.env(), List.of()))));
        Catalogue catalogue = protocols.catalogue();
        Settings cli = quickOptions != null ? Waiting.cliSettings(quickOptions, catalogue) : Waiting.cliSettings(spec, catalogue);
        EnvSettings.EnvResult env = Waiting.env(ctx, catalogue);
        Layers invocation = Layers.of(cli, env.settings());
        Path configPath = invocation.get(CoreKeys.CONFIG);
        ConfigDocument doc = null;
        if (configPath != null) {
            try {
                doc = ConfigFile.load(configPath, ctx.env(), catalogue);
            } catch (ConfigException e) {
                throw new CommandException(ExitCodes.CONFIG, e.getMessage());
            }
        }
        String out = Waiting.output(invocation);
        boolean beQuiet = invocation.get(CoreKeys.QUIET);
        boolean beVerbose = invocation.get(CoreKeys.VERBOSE);
        Path reportFile = invocation.get(CoreKeys.REPORT);
        Path junitFile = invocation.get(CoreKeys.JUNIT);

        List<Declaration> decls = new ArrayList<>();
        for (String t : targets) decls.add(new Declaration(null, t, Origin.COMMAND_LINE, Settings.EMPTY));
        for (String t : env.targets()) decls.add(new Declaration(null, t, Origin.env(EnvSettings.TARGETS), Settings.EMPTY));
        if (doc != null) for (ConfigTarget t : doc.targets()) decls.add(t.declaration());
        Layers sourceSettings = doc == null ? invocation : Layers.of(cli, env.settings(), doc.settings());
        for (String f : fromFiles(cli, env.settings(), doc)) decls.addAll(sourceDecls(f, sourceSettings));
        if (decls.isEmpty())
            throw new CommandException(ExitCodes.USAGE, "no targets; give at least one, e.g. 'readygate wait tcp://db:5432', "
                    + "or use --config FILE or READYGATE_TARGETS (see 'readygate wait --help')");
        Layers layers = doc == null ? invocation : Layers.of(cli, env.settings(), doc.settings());
        Plan plan;
        try {
            plan = PlanBuilder.build(decls, layers, List.of(cli, env.settings()), protocols);
        } catch (SettingException e) {
            throw CommandException.of(e);
        }
        Preflight.check(plan);
        Preflight.reportFile(reportFile);
        Preflight.ciFiles(junitFile, out, ctx.env());

        AtomicInteger signal = new AtomicInteger();
        int code;
        // a proxy's own listeners (from --from files) are never offered as "did you mean" for its upstreams
        try (LocalExplain.Scope own = LocalExplain.excluding(ownListeners)) {
            // --timeout counts from when readygate was run (the launcher's exec), not from the end of the JVM's start-up
            long startedAgo = ctx.realProcess() ? ProcessStart.ageNanos() : 0;
            code = Waiting.waitFor(ctx, plan.startedAgo(startedAgo), Waiting.reporters(ctx, plan, out, reportFile, junitFile, beQuiet, beVerbose),
                    signal, !command.isEmpty()).exitCode();
        }
        return Waiting.afterReady(ctx, code, command, signal);
    }

    /**
     * Runs a plain {@code wait} line without building picocli's command model (see {@link QuickArgs}); null when
     * the line is not plain, and picocli must read it.
     */
    static Integer runQuick(Cli.Context ctx, String[] own, List<String> command, boolean hadSeparator) {
        QuickArgs.Parsed parsed = QuickArgs.parse(own, Registry.protocols().catalogue());
        if (parsed == null) return null;
        WaitCommand w = new WaitCommand(ctx, command, hadSeparator);
        w.targets = new ArrayList<>(parsed.targets());
        w.quickOptions = parsed.options();
        try {
            return w.call();
        } catch (RuntimeException e) {
            return Cli.internalError(ctx, e, ctx.err());
        }
    }

    /**
     * The files of --from, READYGATE_FROM and the config file's {@code from:} (already relative to it): every channel adds
     * its own, as for targets; a file named twice is read once.
     */
    private static List<String> fromFiles(Settings cli, Settings env, ConfigDocument doc) {
        java.util.LinkedHashSet<String> files = new java.util.LinkedHashSet<>();
        for (Settings layer : doc == null ? List.of(cli, env) : List.of(cli, env, doc.settings())) {
            Value<List<String>> v = layer.find(CoreKeys.FROM);
            if (v != null) files.addAll(v.value());
        }
        return List.copyOf(files);
    }

    /** The targets declared by one file (or stdin, {@code -}), read by the registered source that recognises it. */
    /** What the --from files configure that listens itself (nginx's listen addresses), gathered while they are read. */
    private LocalExplain.Exclusions ownListeners = LocalExplain.Exclusions.NONE;

    private List<Declaration> sourceDecls(String file, Layers settings) {
        Loaded<?> loaded;
        Sources.Picked picked;
        try {
            picked = Registry.sources().pick(file, ctx.in());
            loaded = picked.load(file, new Source.Context(ctx.env(), settings));
        } catch (SourceException e) {
            throw new CommandException(ExitCodes.CONFIG, e.getMessage());
        }
        for (SkipNote n : loaded.skipped()) ctx.err().println("readygate: " + n.message());
        ownListeners = ownListeners.and(loaded.own());
        if (loaded.declarations().isEmpty())
            ctx.err().println("readygate: " + file + ": " + picked.source().nothingToWaitFor());
        return loaded.declarations();
    }

    /**
     * Adds one option per setting of the catalogue that may be given on the command line, in catalogue order, and
     * fills in what the help derives from the registries (target forms, what --from reads).
     */
    static void addSettingOptions(CommandLine.Model.CommandSpec wait, Protocols protocols, Sources sources) {
        CommandLine.Model.PositionalParamSpec targetsParam = wait.positionalParameters().get(0);
        wait.remove(targetsParam);
        wait.addPositional(targetsParam.toBuilder().description(String.join(", ", protocols.all().stream()
                .flatMap(p -> p.forms().stream().map(f -> f[0])).toList()).replace("%", "%%") + " (see Targets below)").build());
        CommandLine.Model.OptionSpec fromOption = wait.findOption("--from");
        wait.remove(fromOption);
        wait.addOption(fromOption.toBuilder().description(fromOption.description()[0].replace(SOURCES_READ, sources.reads())
                .replace("%", "%%")).build());
        addKeyOptions(wait, protocols.catalogue(), java.util.Set.of());
        List<String> footer = new ArrayList<>();
        for (String line : wait.usageMessage().footer()) {
            if (line.equals(TARGET_FORMS)) footer.addAll(protocols.formsHelp().stream().map(l -> l.replace("%", "%%")).toList());
            else footer.add(line);
        }
        wait.usageMessage().footer(footer.toArray(String[]::new));
    }

    /**
     * One option per setting of the catalogue that may be given on the command line, in catalogue order, but those
     * {@code except} and those the command declares itself.
     */
    static void addKeyOptions(CommandLine.Model.CommandSpec command, Catalogue catalogue, java.util.Set<Key<?>> except) {
        int order = 1;
        for (Key<?> key : catalogue.keys(Place.CLI)) {
            if (except.contains(key) || command.findOption(key.option()) != null) continue; // declared with help from the registries (--from)
            List<String> names = new ArrayList<>(key.aliases());
            names.add(key.option());
            CommandLine.Model.OptionSpec.Builder o = CommandLine.Model.OptionSpec.builder(names.toArray(String[]::new))
                    .description(key.description().replace("%", "%%")).order(order++);
            switch (key.shape()) {
                case FLAG -> o.arity("0").type(boolean.class);
                case LIST -> o.paramLabel(key.label()).type(List.class).auxiliaryTypes(String.class);
                default -> o.paramLabel(key.label()).type(String.class);
            }
            command.addOption(o.build());
        }
    }
}
