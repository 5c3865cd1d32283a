package dev.readygate.cli;

import dev.readygate.cli.ExitCodes;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanException;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.http.TlsContexts;
import dev.readygate.protocol.http.HttpSpec;

import java.util.HashSet;
import java.util.Set;

/** Checks that need more than parsing (certificate and key files load) before any waiting starts. */
final class Preflight {
    private Preflight() {
    }

    /** @throws PlanException with exit code 3 for a report file that cannot be written */
    static void reportFile(java.nio.file.Path report) {
        if (report == null) return;
        java.nio.file.Path dir = report.toAbsolutePath().getParent();
        if (java.nio.file.Files.isDirectory(report))
            throw new PlanException(ExitCodes.CONFIG, "--report " + report + ": is a directory; give a file name");
        if (dir != null && !java.nio.file.Files.isDirectory(dir))
            throw new PlanException(ExitCodes.CONFIG, "--report " + report + ": the directory " + dir + " does not exist; create it first");
        if (dir != null && !java.nio.file.Files.isWritable(dir))
            throw new PlanException(ExitCodes.CONFIG, "--report " + report + ": the directory " + dir + " is not writable");
    }

    /** @throws PlanException with exit code 3 for TLS material that cannot be used */
    static void check(Plan plan) {
        Set<HttpSpec.TlsOptions> checked = new HashSet<>();
        for (PlannedTarget pt : plan.targets()) {
            HttpSpec http = pt.target().spec(HttpSpec.class, null);
            if (http == null || !"https".equals(pt.target().scheme())) continue;
            HttpSpec.TlsOptions tls = http.tls();
            if (tls.caCert() == null && tls.clientCert() == null) continue;
            if (!checked.add(tls)) continue;
            try {
                TlsContexts.build(tls);
            } catch (IllegalArgumentException e) {
                throw new PlanException(ExitCodes.CONFIG, pt.target().display() + ": " + e.getMessage());
            }
        }
    }
}
