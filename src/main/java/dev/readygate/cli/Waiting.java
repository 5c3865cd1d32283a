package dev.readygate.cli;

import dev.readygate.config.ConfigException;
import dev.readygate.config.EnvSettings;
import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;
import dev.readygate.gate.WaitRun;
import dev.readygate.model.Origin;
import dev.readygate.plan.Plan;
import dev.readygate.report.Reporters;
import dev.readygate.report.Style;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Place;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.wait.Clock;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * What every command that waits shares (wait, compose up): the settings of the command line and the environment, the
 * reporters, the gate under signals, and what follows a ready gate (the command after --, or the launcher's hand-off).
 */
final class Waiting {
    /** bin/readygate passes -D{@value}=true when it execs the command itself (see {@link #launcherExecs}). */
    static final String LAUNCHER_EXECS = "readygate.launcher.exec";

    private Waiting() {
    }

    /** Runs a command's body: bad input it finds ({@link CommandException}) is one line on stderr and its exit code. */
    static int reporting(Cli.Context ctx, java.util.function.IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (CommandException e) {
            ctx.err().println("readygate: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** A '--' with no command after it is a usage error naming {@code readygate NAME --help}. */
    static void commandAfterSeparator(boolean hadSeparator, List<String> command, String name) {
        if (hadSeparator && command.isEmpty())
            throw new CommandException(ExitCodes.USAGE, "nothing after '--'; write the command to run, e.g. -- npm test (see 'readygate "
                    + name + " --help')");
    }

    /** The settings given on the command line, parsed by their keys (a bad value is a usage error naming the option). */
    static Settings cliSettings(CommandLine.Model.CommandSpec spec, Catalogue catalogue) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<Key<?>, List<String>> given = new java.util.LinkedHashMap<>();
        for (Key<?> key : catalogue.keys(Place.CLI)) {
            CommandLine.Model.OptionSpec option = spec.findOption(key.option());
            if (option == null || !parsed.hasMatchedOption(option)) continue;
            Object v = option.getValue();
            given.put(key, key.shape() == Key.Shape.FLAG ? List.of(String.valueOf(v))
                    : v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v)));
        }
        return cliSettings(given, catalogue);
    }

    /** The settings of these option texts (picocli's or {@link QuickArgs}'s), parsed in catalogue order: the first bad one is the error. */
    static Settings cliSettings(Map<Key<?>, List<String>> given, Catalogue catalogue) {
        Settings.Builder b = new Settings.Builder();
        for (Key<?> key : catalogue.keys(Place.CLI)) {
            List<String> texts = given.get(key);
            if (texts == null) continue;
            try {
                b.put(Value.parse(key, texts, Origin.COMMAND_LINE));
            } catch (SettingException e) {
                throw new CommandException(ExitCodes.USAGE, e.getMessage());
            }
        }
        return b.build();
    }

    /** The READYGATE_* settings (a bad one is a usage error); their warnings are said on stderr. */
    static EnvSettings.EnvResult env(Cli.Context ctx, Catalogue catalogue) {
        EnvSettings.EnvResult env;
        try {
            env = EnvSettings.read(ctx.env(), catalogue);
        } catch (ConfigException e) {
            throw new CommandException(ExitCodes.USAGE, e.getMessage());
        }
        for (String warning : env.warnings()) ctx.err().println("readygate: warning: " + warning);
        return env;
    }

    /** --output, checked. */
    static String output(Layers invocation) {
        String out = invocation.get(CoreKeys.OUTPUT).toLowerCase(Locale.ROOT);
        if (!Reporters.isOutput(out))
            throw new CommandException(ExitCodes.USAGE, "--output: '" + out + "' is not a format; use " + Reporters.outputs());
        return out;
    }

    /** The text report on stderr (live on a terminal), the --output format, GitHub's on Actions, the --report and --junit files. */
    static List<Reporter> reporters(Cli.Context ctx, Plan plan, String output, Path reportFile, Path junitFile, boolean quiet, boolean verbose) {
        boolean terminal = Terminal.stderrIsTerminal(ctx.env()) && ctx.realProcess();
        Style style = new Style(Terminal.colour(ctx.env(), terminal));
        IntSupplier columns = terminal ? Terminal.columns(ctx.env()) : () -> 0;
        Reporters.Setup setup = new Reporters.Setup(ctx.out(), ctx.err(), ctx.env(), style, terminal, quiet, verbose, plan.targets(), columns);
        return Reporters.forRun(output, reportFile, junitFile, setup);
    }

    /**
     * How a wait ended.
     *
     * @param exitCode ready, blocked or the signal's; 3 for a ready run whose report could not be delivered
     */
    record Waited(int exitCode, GateResult result) {
    }

    /**
     * Waits for the plan (a signal cancels it and is recorded in SIGNAL) and reports it.
     * A report that cannot be delivered is said and makes a ready run exit 3.
     *
     * @param withCommand whether a command runs once ready (more signals are handled then)
     */
    static Waited waitFor(Cli.Context ctx, Plan plan, List<Reporter> reporters, AtomicInteger signal, boolean withCommand) {
        WaitRun run = new WaitRun(Clock.SYSTEM, reporters, result -> exitCode(result, signal.get()));
        if (ctx.realProcess()) {
            if (withCommand) Signals.installForCommand();
            else Signals.install();
            Signals.onSignal(code -> {
                if (!Signals.stops(code)) return;
                signal.compareAndSet(0, code);
                run.cancel();
            });
        }
        WaitRun.Outcome outcome = run.run(plan);
        return new Waited(CiReports.withFailures(ctx, outcome.exitCode(), outcome.failures()), outcome.result());
    }

    /**
     * After the wait: the command, when ready (run here, or handed to bin/readygate with exit {@link ExitCodes#HANDOFF});
     * otherwise CODE.
     */
    static int afterReady(Cli.Context ctx, int code, List<String> command, AtomicInteger signal) {
        if (code == ExitCodes.READY && !command.isEmpty() && !launcherExecs(ctx)) return CommandRunner.run(command, ctx.err(), signal);
        if (code == ExitCodes.READY && !command.isEmpty()) code = ExitCodes.HANDOFF;
        if (ctx.realProcess()) Signals.onSignal(null);
        return code;
    }

    /**
     * Whether bin/readygate runs the command itself (it passes -D{@value #LAUNCHER_EXECS}=true): then this process only
     * waits, and exits {@link ExitCodes#HANDOFF} when the command is to run, so the launcher execs it in its own place.
     */
    static boolean launcherExecs(Cli.Context ctx) {
        return ctx.realProcess() && Boolean.getBoolean(LAUNCHER_EXECS);
    }

    /** Ready, blocked, or interrupted by SIGNAL (0 if none was recorded: SIGINT's code). */
    private static int exitCode(GateResult result, int signal) {
        if (result.interrupted()) return signal == 0 ? ExitCodes.SIGINT : signal;
        return result.ready() ? ExitCodes.READY : ExitCodes.BLOCKED;
    }
}
