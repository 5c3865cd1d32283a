package dev.readygate.cli;

import dev.readygate.plan.Plan;
import dev.readygate.report.GitHub;
import dev.readygate.report.Reporters;
import dev.readygate.wait.PlannedTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that need more than parsing (certificate and key files load, the report can be written) before any waiting starts. */
final class Preflight {
    private Preflight() {
    }

    /** @throws CommandException with exit code 3 for a report file that cannot be written */
    static void reportFile(Path report) {
        if (!Reporters.STDOUT.equals(report)) outputFile("--report", report);
    }

    /**
     * A file readygate will write or append to (--report, --junit, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT), named by
     * {@code what} in the message; null is nothing to check.
     *
     * @throws CommandException with exit code 3 for a file that cannot be written
     */
    static void outputFile(String what, Path file) {
        if (file == null) return;
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file))
            throw new CommandException(ExitCodes.CONFIG, what + " " + file + ": is a directory; give a file name");
        if (dir != null && !Files.isDirectory(dir))
            throw new CommandException(ExitCodes.CONFIG, what + " " + file + ": the directory " + dir + " does not exist; create it first");
        if (Files.exists(file) ? !Files.isWritable(file) : dir != null && !Files.isWritable(dir))
            throw new CommandException(ExitCodes.CONFIG, what + " " + file + ": " + (Files.exists(file) ? "the file" : "the directory " + dir)
                    + " is not writable");
    }

    /**
     * The files of a run's CI reports: --junit, and on GitHub Actions (or with --output github) the files named by
     * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT.
     *
     * @throws CommandException with exit code 3 for one that cannot be written (or a variable that names no path)
     */
    static void ciFiles(Path junit, String output, Map<String, String> env) {
        outputFile("--junit", junit);
        if (!GitHub.on(output, env)) return;
        for (String variable : List.of(GitHub.STEP_SUMMARY, GitHub.OUTPUT)) {
            try {
                outputFile(variable, GitHub.file(env, variable));
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandException(ExitCodes.CONFIG, variable + ": not a path: " + e.getMessage());
            }
        }
    }

    /** @throws CommandException with exit code 3 for material a protocol cannot use (e.g. TLS files that do not load) */
    static void check(Plan plan) {
        Set<Object> checked = new HashSet<>();
        boolean one = plan.targets().size() == 1;
        for (PlannedTarget pt : plan.targets()) {
            // each spec once; a single target is not hashed: a spec record's hashCode is linked through
            // method handles the AOT cache does not keep (~5 ms of every start for an http target)
            if (!one && !checked.add(pt.target().spec())) continue;
            try {
                pt.protocol().preflight(pt.target());
            } catch (IllegalArgumentException e) {
                throw new CommandException(ExitCodes.CONFIG, pt.target().display() + ": " + e.getMessage());
            }
        }
    }
}
