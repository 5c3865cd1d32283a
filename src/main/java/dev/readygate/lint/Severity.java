package dev.readygate.lint;

import java.util.Locale;

/** How bad a finding is. ERROR: nginx will refuse the config or traffic will fail; INFO: a hint. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** Lower-case name, as printed and accepted on the command line. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SARIF 2.1.0 level: error, warning or note. */
    public String sarifLevel() {
        return this == INFO ? "note" : code();
    }

    /** True when this severity is at least as bad as {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
