package dev.readygate.lint;

import dev.readygate.source.compose.ComposeFacts;
import dev.readygate.source.k8s.K8sManifests;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.Upstreams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules of one source over its facts {@code F} (one list per source: {@link #nginx()}, {@link #compose()}); returns
 * their findings in file order (then line, column).
 */
public final class Linter<F> {
    private final String source;
    private final List<Rule<F>> rules;
    private final Function<F, String> main;
    private final Function<F, List<String>> files;
    private final Function<F, String> counts;

    /**
     * @param source the source's name (nginx, compose): the docs page of its rules
     * @param main   the file linted, as given
     * @param files  every file read, in the order findings are sorted by
     * @param counts what was read, for the closing line: {@code 1 file(s), 3 pass(es), 2 target(s)}
     */
    public Linter(String source, List<Rule<F>> rules, Function<F, String> main, Function<F, List<String>> files, Function<F, String> counts) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.main = main;
        this.files = files;
        this.counts = counts;
    }

    /** A linter with every built-in nginx rule. */
    public static Linter<NginxFacts> nginx() {
        return new Linter<>("nginx", NginxRules.all(), NginxFacts::main, NginxFacts::files,
                f -> f.files().size() + " file(s), " + f.passes().size() + " pass(es), " + Upstreams.targets(f).size() + " target(s)");
    }

    /** A linter with every built-in Compose rule. */
    public static Linter<ComposeFacts> compose() {
        return new Linter<>("compose", ComposeRules.all(), f -> f.project().file(), ComposeFacts::files,
                f -> f.files().size() + " file(s), " + f.enabled().size() + " service(s), " + f.nginx().size() + " nginx config(s)");
    }

    /** A linter with every built-in Kubernetes rule. */
    public static Linter<K8sManifests> k8s() {
        return new Linter<>("k8s", K8sRules.all(), K8sManifests::main, K8sManifests::files,
                f -> f.files().size() + " file(s), " + f.workloads().size() + " workload(s), " + f.services().size() + " Service(s)");
    }

    public String source() {
        return source;
    }

    public List<Rule<F>> rules() {
        return rules;
    }

    public List<Finding> lint(F facts) {
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        for (String f : files.apply(facts)) fileOrder.putIfAbsent(f, fileOrder.size());
        List<Finding> out = new ArrayList<>();
        for (Rule<F> r : rules) out.addAll(r.check(facts));
        out.sort(Comparator.<Finding>comparingInt(f -> fileOrder.getOrDefault(f.origin().file(), Integer.MAX_VALUE))
                .thenComparingInt(f -> f.origin().line())
                .thenComparingInt(f -> f.origin().column())
                .thenComparing(Finding::ruleId));
        return out;
    }

    /** The findings with what the reports say besides them. */
    public Linted run(F facts) {
        return new Linted(source, main.apply(facts), files.apply(facts), counts.apply(facts), List.copyOf(rules), lint(facts), facts);
    }
}
