package dev.readygate.lint;

import java.util.List;

/**
 * What lint found in one input, for the reports: the same shape for every source.
 *
 * @param source   the source's name (nginx, compose)
 * @param main     the file linted, as given
 * @param files    every file read
 * @param counts   what was read, for the closing line: {@code 1 file(s), 3 pass(es), 2 target(s)}
 * @param rules    every rule that ran, in order (SARIF's rule list, JUnit's passed checks)
 * @param findings in file order
 * @param facts    the source's facts (a report may list more of them: the JSON report lists nginx's passes)
 */
public record Linted(String source, String main, List<String> files, String counts, List<Rule<?>> rules, List<Finding> findings, Object facts) {
    public Linted {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
    }

    /** The closing line: "2 finding(s): 1 error(s), 1 warning(s), 0 info (1 file(s), 3 pass(es), 2 target(s))". */
    public String tally() {
        if (findings.isEmpty()) return "no findings in " + main + " (" + counts + ")";
        return findings.size() + " finding(s): " + count(Severity.ERROR) + " error(s), " + count(Severity.WARNING) + " warning(s), "
                + count(Severity.INFO) + " info (" + counts + ")";
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }
}
