package dev.readygate.lint;

import dev.readygate.source.nginx.NginxFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs rules over nginx facts and returns their findings in file order (then line, column). */
public final class Linter {
    private final List<Rule> rules;

    public Linter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A linter with every built-in nginx rule. */
    public static Linter nginx() {
        return new Linter(NginxRules.all());
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Finding> lint(NginxFacts facts) {
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        for (String f : facts.files()) fileOrder.putIfAbsent(f, fileOrder.size());
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) out.addAll(r.check(facts));
        out.sort(Comparator.<Finding>comparingInt(f -> fileOrder.getOrDefault(f.origin().file(), Integer.MAX_VALUE))
                .thenComparingInt(f -> f.origin().line())
                .thenComparingInt(f -> f.origin().column())
                .thenComparing(Finding::ruleId));
        return out;
    }
}
