package dev.readygate.cli;

import dev.readygate.settings.Catalogue;
import dev.readygate.settings.Key;
import dev.readygate.settings.Place;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a plain {@code wait} read without picocli's command model, which costs more
 * of a start-up than the wait itself (reflection over every command's annotations, ~60 options
 * built and their help interpolated; docs/benchmarks.md). Only the unambiguous common case is read
 * here: {@code wait}, then targets and catalogue options ({@code --name VALUE}, {@code --name=VALUE},
 * a flag, a list option repeated, an exact alias such as {@code -H}). Anything else (help,
 * version, an unknown or clustered option, a scalar given twice, a flag with a value, a value that
 * starts with '-', a lone '-') gives null, and picocli reads the whole line as before, with its
 * errors and help: the two never disagree on a line both accept, because this one accepts only
 * lines whose meaning picocli's rules leave no choice about.
 */
final class QuickArgs {
    /** The targets in order, and each option's texts in the order given. */
    record Parsed(List<String> targets, Map<Key<?>, List<String>> options) {
    }

    private QuickArgs() {
    }

    /** @param own the arguments before the first {@code --} */
    static Parsed parse(String[] own, Catalogue catalogue) {
        if (own.length < 2 || !"wait".equals(own[0])) return null;
        Map<String, Key<?>> byName = new HashMap<>();
        for (Key<?> k : catalogue.keys(Place.CLI)) {
            byName.put(k.option(), k);
            for (String alias : k.aliases()) byName.put(alias, k);
        }
        List<String> targets = new ArrayList<>();
        Map<Key<?>, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < own.length; i++) {
            String arg = own[i];
            if (arg.startsWith("@")) return null; // picocli reads @FILE as a file of arguments
            if (!arg.startsWith("-")) {
                targets.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Key<?> key = byName.get(name);
            if (key == null) return null; // help, version, unknown, clustered short options, '-'
            boolean repeated = options.containsKey(key);
            if (key.shape() == Key.Shape.FLAG) {
                if (eq >= 0 || repeated) return null;
                options.put(key, List.of("true"));
                continue;
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= own.length) return null;
                value = own[++i];
                if (value.startsWith("-") || value.startsWith("@")) return null;
            }
            if (repeated && key.shape() != Key.Shape.LIST) return null;
            options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new Parsed(List.copyOf(targets), options);
    }
}
