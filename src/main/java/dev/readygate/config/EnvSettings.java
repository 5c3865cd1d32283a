package dev.readygate.config;

import dev.readygate.base.Suggest;

import dev.readygate.config.Keys.Key;
import dev.readygate.config.Keys.Scope;
import dev.readygate.model.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads {@code READYGATE_*} environment variables: {@code READYGATE_TARGETS} (separated by commas
 * and/or whitespace), {@code READYGATE_HEADERS} and {@code READYGATE_EXPECT_HEADERS} (one entry per
 * line), and one variable per other key ({@code READYGATE_ATTEMPT_TIMEOUT}, ...), see
 * {@link Keys#names(Scope) Keys.names(ENV)}. Unknown {@code READYGATE_*} names and empty values are
 * errors. Values are not validated here.
 */
public final class EnvSettings {
    /** Targets from READYGATE_TARGETS (empty if unset) and the other variables, by key, in catalogue order. */
    public record EnvResult(List<String> targets, Map<String, Setting> settings) {
        public EnvResult {
            targets = List.copyOf(targets);
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * READYGATE_* variables that are not options: the launcher's (bin/readygate) and READYGATE_DEBUG
     * (stack traces for internal errors). They are accepted here and left to their readers.
     */
    public static final java.util.Set<String> NOT_OPTIONS = java.util.Set.of("READYGATE_JAR", "READYGATE_JAVA_OPTS", "READYGATE_AOT",
            "READYGATE_DEBUG");

    private EnvSettings() {
    }

    /** @throws ConfigException {@code environment READYGATE_X: what is wrong; how to fix} */
    public static EnvResult read(Map<String, String> env) {
        Map<String, Key> byVariable = new LinkedHashMap<>();
        for (Key key : Keys.all()) if (key.allowedIn(Scope.ENV)) byVariable.put(key.envName(), key);

        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith(Keys.ENV_PREFIX) || byVariable.containsKey(variable) || NOT_OPTIONS.contains(variable)) continue;
            List<String> suffixes = byVariable.keySet().stream().map(v -> v.substring(Keys.ENV_PREFIX.length())).toList();
            String fix = Suggest.closest(variable.substring(Keys.ENV_PREFIX.length()), suffixes)
                    .map(s -> "did you mean " + Keys.ENV_PREFIX + s + "?")
                    .orElse("unset it (readygate reads " + String.join(", ", byVariable.keySet()) + ")");
            throw new ConfigException("environment " + variable + ": unknown variable; " + fix);
        }

        List<String> targets = List.of();
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, Key> e : byVariable.entrySet()) {
            String variable = e.getKey();
            String value = env.get(variable);
            if (value == null) continue;
            Key key = e.getValue();
            List<String> values;
            if (key.name().equals("targets")) {
                values = split(value, "[,\\s]+");
            } else if (key.list()) {
                values = split(value, "\r?\n");
            } else {
                values = value.isBlank() ? List.of() : List.of(value);
            }
            if (values.isEmpty())
                throw new ConfigException("environment " + variable + ": the value is empty; set a value or unset the variable");
            if (key.name().equals("targets")) targets = values;
            else settings.put(key.name(), new Setting(key.name(), values, key.list(), Origin.env(variable)));
        }
        return new EnvResult(targets, settings);
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(separator)) if (!part.isBlank()) out.add(part);
        return out;
    }
}
