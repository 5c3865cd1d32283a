package dev.readygate.cli;

import dev.readygate.plan.Plan;
import dev.readygate.report.Reporters;
import dev.readygate.wait.PlannedTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Checks that need more than parsing (certificate and key files load, the report can be written) before any waiting starts. */
final class Preflight {
    private Preflight() {
    }

    /** @throws CommandException with exit code 3 for a report file that cannot be written */
    static void reportFile(Path report) {
        if (report == null || Reporters.STDOUT.equals(report)) return;
        Path dir = report.toAbsolutePath().getParent();
        if (Files.isDirectory(report))
            throw new CommandException(ExitCodes.CONFIG, "--report " + report + ": is a directory; give a file name");
        if (dir != null && !Files.isDirectory(dir))
            throw new CommandException(ExitCodes.CONFIG, "--report " + report + ": the directory " + dir + " does not exist; create it first");
        if (dir != null && !Files.isWritable(dir))
            throw new CommandException(ExitCodes.CONFIG, "--report " + report + ": the directory " + dir + " is not writable");
    }

    /** @throws CommandException with exit code 3 for material a protocol cannot use (e.g. TLS files that do not load) */
    static void check(Plan plan) {
        Set<Object> checked = new HashSet<>();
        for (PlannedTarget pt : plan.targets()) {
            if (!checked.add(pt.target().spec())) continue;
            try {
                pt.protocol().preflight(pt.target());
            } catch (IllegalArgumentException e) {
                throw new CommandException(ExitCodes.CONFIG, pt.target().display() + ": " + e.getMessage());
            }
        }
    }
}
