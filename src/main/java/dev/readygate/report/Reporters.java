package dev.readygate.report;

import dev.readygate.gate.Reporter;
import dev.readygate.wait.PlannedTarget;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The reporters of a wait run. The text report on stderr is always there; {@code --output NAME}
 * adds the reporter registered under NAME below, {@code --report FILE} the report file
 * ({@code --report -}: the JSON report on stdout, once, even with {@code --output json}),
 * {@code --junit FILE} the JUnit XML file. On GitHub Actions ({@code GITHUB_ACTIONS=true}) the
 * GitHub reporter is added whatever the format; its workflow commands go to stderr when stdout
 * carries the JSON report.
 */
public final class Reporters {
    /** {@code --report -}: the report goes to stdout. */
    public static final Path STDOUT = Path.of("-");

    /** The --output formats, in the order the usage message names them: a new format is one line here. */
    private static final Map<String, Function<Setup, Reporter>> OUTPUTS = new LinkedHashMap<>();

    static {
        OUTPUTS.put("text", s -> Reporter.NONE); // the text report is on stderr whatever the format
        OUTPUTS.put("json", JsonReporter::new);
        OUTPUTS.put(GitHub.FORMAT, GithubReporter::new);
    }

    private Reporters() {
    }

    /**
     * What a reporter is made from.
     *
     * @param env      the environment, for reporters that follow their CI's settings
     * @param terminal stderr is a terminal (live view instead of progress lines)
     * @param targets  the planned targets, in plan order
     * @param columns  the width of stderr's terminal now, 0 when it cannot be told (then progress lines, no live view)
     */
    public record Setup(PrintStream out, PrintStream err, Map<String, String> env, Style style, boolean terminal,
                        boolean quiet, boolean verbose, List<PlannedTarget> targets, IntSupplier columns) {
    }

    /** Whether NAME is an --output format (lower case). */
    public static boolean isOutput(String name) {
        return OUTPUTS.containsKey(name);
    }

    /** The --output formats for a usage message: "text or json". */
    public static String outputs() {
        List<String> names = new ArrayList<>(OUTPUTS.keySet());
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    /**
     * The reporters of one run, in the order they report: the text report, the --output format, the GitHub
     * reporter on Actions, the report file, the JUnit file.
     *
     * @param output     an --output format ({@link #isOutput})
     * @param reportFile --report FILE, {@link #STDOUT}, or null
     * @param junitFile  --junit FILE, or null
     */
    public static List<Reporter> forRun(String output, Path reportFile, Path junitFile, Setup setup) {
        Function<Setup, Reporter> format = OUTPUTS.get(output);
        if (format == null) throw new IllegalArgumentException("not an --output format: " + output);
        List<Reporter> all = new ArrayList<>();
        all.add(new TextReporter(setup));
        Reporter chosen = format.apply(setup);
        boolean jsonOnStdout = chosen instanceof JsonReporter || STDOUT.equals(reportFile);
        if (chosen != Reporter.NONE && !(chosen instanceof GithubReporter)) all.add(chosen);
        if (GitHub.on(output, setup.env())) all.add(new GithubReporter(setup, jsonOnStdout ? setup.err() : setup.out()));
        if (STDOUT.equals(reportFile)) {
            if (!(chosen instanceof JsonReporter)) all.add(new JsonReporter(setup)); // with --output json: written once
        } else if (reportFile != null) {
            all.add(new ReportFile(reportFile));
        }
        if (junitFile != null) all.add(ReportFile.junit(junitFile));
        return all;
    }
}
