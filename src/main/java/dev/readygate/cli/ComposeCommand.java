package dev.readygate.cli;

import dev.readygate.base.Durations;
import dev.readygate.base.ProcessStart;
import dev.readygate.base.Suggest;
import dev.readygate.compose.ComposeUp;
import dev.readygate.config.EnvSettings;
import dev.readygate.model.Target;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.protocol.Protocols;
import dev.readygate.protocol.compose.DockerCompose;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Layers;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.source.SkipNote;
import dev.readygate.wait.WaitOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** readygate compose [OPTIONS] up [UP OPTIONS] [-- COMMAND [ARGS...]] */
@Command(name = "compose", sortOptions = false, usageHelpWidth = 100, mixinStandardHelpOptions = true,
        versionProvider = Cli.RootCommand.VersionProvider.class,
        customSynopsis = "readygate compose [OPTIONS] up [UP OPTIONS] [-- COMMAND [ARGS...]]",
        description = {
                "Runs 'docker compose up -d', then waits until every service is ready.",
                "",
                "It waits under one deadline (--timeout, counted from the start) until every service is",
                "ready: its containers run and are healthy (or have no healthcheck), or exited 0",
                "(one-shot services such as migrations are done, unlike 'up --wait'),",
                "and the ports they publish on the host answer (over HTTP at a healthcheck's curl/wget path).",
                "Then exits 0 or runs COMMAND. When something is not ready: the diagnosis, and the last "
                        + ComposeUp.LOG_LINES + " lines",
                "of each failing service's log.",
                ""},
        footer = {"",
                "Where each argument goes:",
                "  before 'up'  readygate's options (below), and Compose's global options -f/--file,",
                "               -p/--project-name, --profile, --env-file and --project-directory, given to",
                "               every docker compose call (other Compose settings: its COMPOSE_* variables)",
                "  after 'up'   docker compose up's own options and services, as written ('-d' is added);",
                "               with services named, only they and their dependencies are waited for",
                "  after '--'   the command to run once everything is ready",
                "",
                "Steps: docker compose [GLOBAL] up -d [UP OPTIONS] (its output on stderr); docker compose",
                "[GLOBAL] config --format json (the normalised project); then a target compose:SERVICE per",
                "service, judged from one 'docker compose ps --all --format json' per round for all of them,",
                "and one per published TCP port (127.0.0.1:HOSTPORT, or the address it is bound to). Every",
                "docker call is bounded in time (ps: --attempt-timeout) and output. docker is the PATH's.",
                "",
                "A container is ready when it runs and is healthy (or has no healthcheck), or exited 0. Not",
                "ready: no container, created, restarting, paused (CONTAINER_NOT_RUNNING); healthcheck",
                "starting or unhealthy (HEALTHCHECK); exited with another code (CONTAINER_EXITED, permanent:",
                "--fail-fast stops at it); ps failing (COMPOSE_ERROR). Logs are shown with secrets masked:",
                "URL passwords, tokens, the values of the project's PASSWORD/TOKEN/SECRET/KEY-like variables.",
                "",
                "Exit codes:",
                "  0    every service and port is ready (without COMMAND)",
                "  1    blocked: the deadline passed (also while up ran), or --fail-fast met a permanent failure",
                "  2    usage error (arguments, environment)",
                "  3    configuration error (--report or --junit path; config printed no Compose project)",
                "  4    internal error",
                "  N    docker compose up (or config) failed: its exit code, its messages passed through",
                "  127  docker not found on the PATH",
                "  130/143  interrupted by SIGINT/SIGTERM",
                "  with -- COMMAND: the command's exit code (127 if it cannot be found, 128+N if signal N ended it)",
                "",
                "Examples:",
                "  readygate compose up -- npm test",
                "  readygate compose --timeout 3m -f compose.yaml -f compose.ci.yaml up --build -- ./e2e.sh",
                "  readygate compose -p shop --profile debug --down-on-failure up web worker",
                "  readygate compose --output json up > readiness.json"})
public final class ComposeCommand implements Callable<Integer> {
    /** How long docker compose down may take with --down-on-failure. */
    static final Duration DOWN_BUDGET = Duration.ofSeconds(60);
    /** The catalogue's settings that compose up does not take: its targets come from the project. */
    static final Set<dev.readygate.settings.Key<?>> NOT_HERE = Set.of(CoreKeys.FROM, CoreKeys.PROFILE, CoreKeys.NETWORK, CoreKeys.CONFIG);

    private final Cli.Context ctx;
    private final List<String> command;
    private final boolean hadSeparator;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", order = 0, description = "Compose file (repeatable; docker compose's -f)")
    List<String> files = new ArrayList<>();
    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", order = 0, description = "project name (docker compose's -p)")
    String projectName;
    @Option(names = "--profile", paramLabel = "NAME", order = 0, description = "profile to enable (repeatable; docker compose's --profile)")
    List<String> profiles = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "FILE", order = 0, description = "environment file (repeatable; docker compose's --env-file)")
    List<String> envFiles = new ArrayList<>();
    @Option(names = "--project-directory", paramLabel = "DIR", order = 0, description = "project folder (docker compose's --project-directory)")
    String projectDirectory;
    @Option(names = "--down-on-failure", order = 0,
            description = "run 'docker compose down' when readygate exits 1 (not ready) or up or config fails")
    boolean downOnFailure;

    @Parameters(paramLabel = "up [UP OPTIONS]", arity = "0..*", description = "'up', then docker compose up's options and services")
    List<String> rest = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    ComposeCommand(Cli.Context ctx, List<String> command, boolean hadSeparator) {
        this.ctx = ctx;
        this.command = command;
        this.hadSeparator = hadSeparator;
    }

    /** Adds readygate's options (the settings catalogue's, but those of {@link #NOT_HERE}); after 'up' nothing is readygate's. */
    static void configure(CommandLine compose, Protocols protocols) {
        WaitCommand.addKeyOptions(compose.getCommandSpec(), protocols.catalogue(), NOT_HERE);
        compose.setStopAtPositional(true);
    }

    @Override
    public Integer call() {
        return Waiting.reporting(ctx, this::execute);
    }

    /** docker compose's global options, in the order docker compose documents them. */
    List<String> global() {
        List<String> out = new ArrayList<>();
        for (String f : files) out.addAll(List.of("-f", f));
        if (projectName != null) out.addAll(List.of("-p", projectName));
        for (String p : profiles) out.addAll(List.of("--profile", p));
        for (String e : envFiles) out.addAll(List.of("--env-file", e));
        if (projectDirectory != null) out.addAll(List.of("--project-directory", projectDirectory));
        return out;
    }

    private int execute() {
        long t0 = System.nanoTime();
        long age0 = ctx.realProcess() ? ProcessStart.ageNanos() : 0;
        if (rest.isEmpty())
            throw new CommandException(ExitCodes.USAGE, "missing 'up': write readygate compose [OPTIONS] up [UP OPTIONS] (see 'readygate compose --help')");
        if (!rest.get(0).equals("up")) {
            String word = rest.get(0);
            String fix = word.startsWith("-") ? "; readygate's and Compose's global options go before 'up', up's own after it"
                    : Suggest.closest(word, List.of("up")).map(s -> "; did you mean " + s + "?").orElse("");
            throw new CommandException(ExitCodes.USAGE, "readygate compose runs 'up' only, not '" + word + "'" + fix + " (see 'readygate compose --help')");
        }
        List<String> upArgs = rest.subList(1, rest.size());
        if (upArgs.contains("-h") || upArgs.contains("--help")) {
            spec.commandLine().usage(ctx.out());
            return ExitCodes.READY;
        }
        Waiting.commandAfterSeparator(hadSeparator, command, "compose");
        Protocols protocols = Registry.protocols();
        Catalogue catalogue = protocols.catalogue();
        Settings cli = Waiting.cliSettings(spec, catalogue);
        EnvSettings.EnvResult env = Waiting.env(ctx, catalogue);
        Layers invocation = Layers.of(cli, env.settings());
        String out = Waiting.output(invocation);
        Path reportFile = invocation.get(CoreKeys.REPORT);
        Path junitFile = invocation.get(CoreKeys.JUNIT);
        Preflight.reportFile(reportFile);
        Preflight.ciFiles(junitFile, out, ctx.env());
        Duration timeout = invocation.get(CoreKeys.TIMEOUT);
        long deadline = timeout == null ? Long.MAX_VALUE : t0 - age0 + timeout.toNanos();

        DockerCompose docker = DockerCompose.of(ctx.env(), global());
        if (!docker.found()) {
            ctx.err().println("readygate: docker not found on the PATH; install Docker with the compose plugin (docker compose version)");
            return ExitCodes.COMMAND_NOT_FOUND;
        }
        ComposeUp compose = new ComposeUp(docker, upArgs);
        AtomicInteger signal = new AtomicInteger();
        Thread main = Thread.currentThread();
        if (ctx.realProcess()) {
            if (command.isEmpty()) Signals.install();
            else Signals.installForCommand();
            interruptOnSignal(signal, main);
        }

        if (!invocation.get(CoreKeys.QUIET)) ctx.err().println("readygate: " + docker.shown(compose.upCommand()));
        DockerCompose.Result up = compose.up(left(deadline), ctx.err());
        if (signal.get() != 0) return stopped(signal);
        if (up.failure() != null) {
            ctx.err().println("readygate: cannot run " + docker.shown(compose.upCommand()) + ": " + up.failure());
            return ExitCodes.COMMAND_NOT_EXECUTABLE;
        }
        if (!up.ok()) {
            ctx.err().println(up.timedOut()
                    ? "readygate: " + docker.shown(compose.upCommand()) + " did not finish within --timeout " + Durations.format(timeout)
                            + " (stopped); lengthen --timeout (pulls and builds count)"
                    : "readygate: " + docker.shown(compose.upCommand()) + " failed (exit " + up.exit() + "); its messages are above");
            return down(up.timedOut() ? ExitCodes.BLOCKED : up.exit(), compose);
        }

        ComposeUp.Waited waited;
        try {
            waited = compose.project(left(deadline), ExitCodes.BLOCKED, ExitCodes.CONFIG);
        } catch (ComposeUp.StepFailure e) {
            if (signal.get() != 0) return stopped(signal);
            ctx.err().println("readygate: " + e.getMessage());
            return down(e.exitCode(), compose);
        }
        if (signal.get() != 0) return stopped(signal);
        for (SkipNote n : waited.project().notes()) ctx.err().println("readygate: " + n.message());
        if (waited.declarations().isEmpty()) {
            ctx.err().println("readygate: docker compose config lists no service that runs a container; nothing to wait for");
            return Waiting.afterReady(ctx, ExitCodes.READY, command, signal);
        }
        Plan plan;
        try {
            plan = PlanBuilder.build(waited.declarations(), invocation, List.of(cli, env.settings()), protocols.replacing(compose.protocol()));
        } catch (SettingException e) {
            throw CommandException.of(e);
        }
        Preflight.check(plan);
        boolean quiet = invocation.get(CoreKeys.QUIET);
        boolean verbose = invocation.get(CoreKeys.VERBOSE);
        Waiting.Waited result = Waiting.waitFor(ctx, plan.startedAgo(age0 + System.nanoTime() - t0),
                Waiting.reporters(ctx, plan, out, reportFile, junitFile, quiet, verbose), signal, !command.isEmpty());
        int code = result.exitCode();
        if (code == ExitCodes.BLOCKED) {
            if (ctx.realProcess()) interruptOnSignal(signal, main);
            List<Target> failing = new ArrayList<>();
            // a target stopped (by --fail-fast or a signal) before its first attempt says nothing of its service
            for (WaitOutcome o : result.result().outcomes())
                if (!o.ready() && (o.stop() != WaitOutcome.Stop.CANCELLED || o.attempts() > 0)) failing.add(o.planned().target());
            compose.logs(ComposeUp.services(failing, waited.services()), waited.project().secrets(), ctx.err());
            if (signal.get() != 0) return stopped(signal);
            return down(code, compose);
        }
        return Waiting.afterReady(ctx, code, command, signal);
    }

    /** With --down-on-failure, docker compose down (its output on stderr); CODE either way. */
    private int down(int code, ComposeUp compose) {
        if (!downOnFailure) return code;
        ctx.err().println("readygate: --down-on-failure: " + compose.docker().shown(List.of("down")));
        DockerCompose.Result r = compose.down(DOWN_BUDGET, ctx.err());
        if (!r.ok())
            ctx.err().println("readygate: " + compose.docker().shown(List.of("down")) + (r.timedOut() ? " did not finish within "
                    + Durations.format(DOWN_BUDGET) : r.failure() != null ? ": " + r.failure() : " failed (exit " + r.exit() + ")"));
        return code;
    }

    /** A signal is recorded and interrupts MAIN: a docker call under way is killed (its children too). */
    private static void interruptOnSignal(AtomicInteger signal, Thread main) {
        Signals.onSignal(code -> {
            if (!Signals.stops(code)) return;
            signal.compareAndSet(0, code);
            main.interrupt();
        });
    }

    private int stopped(AtomicInteger signal) {
        Thread.interrupted(); // the flag the signal set
        if (ctx.realProcess()) Signals.onSignal(null);
        return signal.get();
    }

    /** The time left before the deadline (at least 1 ms). */
    private static Duration left(long deadline) {
        if (deadline == Long.MAX_VALUE) return Duration.ofDays(365);
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }
}
