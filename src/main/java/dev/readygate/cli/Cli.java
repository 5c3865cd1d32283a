package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.base.Suggest;
import dev.readygate.base.Version;
import dev.readygate.model.Redact;
import dev.readygate.registry.Registry;
import dev.readygate.report.GitHub;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds the command tree and runs it. Returns the exit code; only Main exits the process. */
public final class Cli {
    private Cli() {
    }

    /** The environment and streams a command runs with (in tests: captured). */
    public record Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean realProcess) {
        /** With nothing on stdin. */
        public Context(PrintStream out, PrintStream err, Map<String, String> env, boolean realProcess) {
            this(InputStream.nullInputStream(), out, err, env, realProcess);
        }
    }

    public static int run(String[] args, Context given) {
        // every line printed, on stdout and stderr, passes through Redact: secrets never reach the terminal or a CI log;
        // on GitHub Actions no printed line is a workflow command but those the GitHub reporter writes
        boolean actions = GitHub.actions(given.env());
        Context ctx = new Context(given.in(), RedactingStream.over(given.out(), actions), RedactingStream.over(given.err(), actions),
                given.env(), given.realProcess());
        // everything after the first "--" is the command to run once ready
        int dd = Arrays.asList(args).indexOf("--");
        String[] own = dd < 0 ? args : Arrays.copyOfRange(args, 0, dd);
        List<String> command = dd < 0 ? List.of() : new ArrayList<>(Arrays.asList(args).subList(dd + 1, args.length));
        try {
            Integer quick = WaitCommand.runQuick(ctx, own, command, dd >= 0);
            if (quick != null) return quick;
            return commandLine(ctx, command, dd >= 0).execute(own);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    /**
     * picocli registers built-in converters for java.sql.Time, Timestamp, Connection and Driver by reflection in every
     * CommandLine it builds: 10 classes of the java.sql module loaded on each start (and a ClassNotFoundException each in
     * the image's runtime, which has no java.sql). No option of readygate has such a type; a value the user set wins.
     */
    static final String CONVERTER_EXCLUDES = "java\\.sql\\..*";

    static CommandLine commandLine(Context ctx, List<String> command, boolean hadSeparator) {
        if (System.getProperty("picocli.converters.excludes") == null) System.setProperty("picocli.converters.excludes", CONVERTER_EXCLUDES);
        CommandLine cl = new CommandLine(new RootCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == WaitCommand.class) return cls.cast(new WaitCommand(ctx, command, hadSeparator));
                if (cls == ListenersCommand.class) return cls.cast(new ListenersCommand(ctx));
                if (cls == LintCommand.class) return cls.cast(new LintCommand(ctx));
                if (cls == VerifyCommand.class) return cls.cast(new VerifyCommand(ctx));
                if (cls == ComposeCommand.class) return cls.cast(new ComposeCommand(ctx, command, hadSeparator));
                return CommandLine.defaultFactory().create(cls);
            }
        });
        WaitCommand.addSettingOptions(cl.getSubcommands().get("wait").getCommandSpec(), Registry.protocols(), Registry.sources());
        ComposeCommand.configure(cl.getSubcommands().get("compose"), Registry.protocols());
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println("readygate: " + Redact.text(ex.getMessage().replace("\n", " ").trim()) + didYouMean(ex) + " (see '" + name + " --help')");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> internalError(ctx, ex, c.getErr()));
        return cl;
    }

    /** A bug of readygate's: one line (the stack trace with READYGATE_DEBUG set), exit 4. */
    static int internalError(Context ctx, Exception ex, java.io.PrintStream err) {
        return internalError(ctx, ex, new PrintWriter(err, true));
    }

    static int internalError(Context ctx, Exception ex, PrintWriter err) {
        err.println("readygate: internal error: " + Redact.text(String.valueOf(ex)) + " (please report it; set READYGATE_DEBUG=1 for details)");
        if (ctx.env().get("READYGATE_DEBUG") != null) ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /**
     * "; did you mean --timeout?" for a mistyped subcommand or option, or "". The candidates are the ones picocli's
     * UnmatchedArgumentException suggests from (the command's subcommands, or its option names); the choice is
     * {@link Suggest#closest}, as for config keys and READYGATE_* names: picocli's own ranking (shared letter pairs)
     * misses swapped letters ('wiat') and offers several unrelated names for a word close to none ('--bogus').
     */
    static String didYouMean(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return "";
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        String word = u.getUnmatched().get(0);
        List<String> candidates = new ArrayList<>();
        if (word.startsWith("-")) {
            word = word.split("=", 2)[0];
            if (word.length() <= 2) return ""; // -x: every short option is one letter away
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (!o.hidden()) for (String n : o.names()) if (n.startsWith("--")) candidates.add(n);
            }
        } else {
            candidates.addAll(spec.subcommands().keySet());
        }
        return Suggest.closest(word, candidates).map(s -> "; did you mean " + s + "?").orElse("");
    }

    /** The top-level command: only subcommands, --help and --version. */
    @CommandLine.Command(name = "readygate", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
            subcommands = {WaitCommand.class, ComposeCommand.class, ListenersCommand.class, LintCommand.class, VerifyCommand.class,
                    CommandLine.HelpCommand.class},
            description = {"Waits until TCP, HTTP(S), database and cache targets (PostgreSQL, MySQL/MariaDB, Redis,",
                    "MongoDB) are ready, then passes or blocks a pipeline stage or runs the next command;",
                    "when a target is not ready, says why.", ""},
            footer = {"", "Run 'readygate wait --help' for targets, options and exit codes,",
                    "and 'readygate compose --help' for docker compose up with a readiness gate."})
    public static final class RootCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use 'readygate wait TARGET...'");
        }

        static final class VersionProvider implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                return new String[] {"readygate " + Version.VERSION + " (Java " + Runtime.version() + ")"};
            }
        }
    }
}
