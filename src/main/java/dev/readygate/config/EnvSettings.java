package dev.readygate.config;

import dev.readygate.base.Suggest;
import dev.readygate.model.Origin;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Key;
import dev.readygate.settings.Place;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code READYGATE_*} environment variables: {@code READYGATE_TARGETS} (separated by commas
 * and/or whitespace), list settings such as {@code READYGATE_HEADERS} (one entry per line;
 * {@code READYGATE_FROM} also separated by commas), and
 * one variable per other setting of the catalogue ({@code READYGATE_ATTEMPT_TIMEOUT}, ...). Empty
 * values and values that do not parse are errors. An unknown {@code READYGATE_*} name is an error
 * only when it looks like a typo of a known one (did you mean); any other (e.g. {@code READYGATE_VERSION}
 * set by an image build) is a warning and otherwise ignored.
 */
public final class EnvSettings {
    /** Longest READYGATE_* value read, and longest entry of one (a target, a header). */
    static final int MAX_VALUE = 65536;
    static final int MAX_ENTRY = Interpolation.MAX_VALUE;

    /** The variable that lists targets. */
    public static final String TARGETS = Key.ENV_PREFIX + "TARGETS";

    /**
     * Targets from READYGATE_TARGETS (empty if unset) and the other variables, parsed, in catalogue order; warnings
     * are one line each ({@code environment READYGATE_X: ...}), for stderr.
     */
    public record EnvResult(List<String> targets, Settings settings, List<String> warnings) {
        public EnvResult {
            targets = List.copyOf(targets);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * READYGATE_* variables that are not options: the launcher's (bin/readygate) and READYGATE_DEBUG
     * (stack traces for internal errors). They are accepted here and left to their readers.
     */
    public static final Set<String> NOT_OPTIONS = Set.of("READYGATE_JAR", "READYGATE_JAVA_OPTS", "READYGATE_AOT", "READYGATE_DEBUG");

    private EnvSettings() {
    }

    /** @throws ConfigException {@code environment READYGATE_X: what is wrong; how to fix} */
    public static EnvResult read(Map<String, String> env, Catalogue catalogue) {
        Map<String, Key<?>> byVariable = new LinkedHashMap<>();
        for (Key<?> key : catalogue.keys(Place.ENV)) byVariable.put(key.envName(), key);
        List<String> known = new ArrayList<>(byVariable.keySet());
        known.add(Math.min(1, known.size()), TARGETS); // listed after READYGATE_TIMEOUT, as in the config file

        List<String> warnings = new ArrayList<>();
        List<String> suffixes = known.stream().map(v -> v.substring(Key.ENV_PREFIX.length())).toList();
        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith(Key.ENV_PREFIX) || known.contains(variable) || NOT_OPTIONS.contains(variable)) continue;
            var typo = Suggest.closest(variable.substring(Key.ENV_PREFIX.length()), suffixes);
            if (typo.isPresent())
                throw new ConfigException("environment " + variable + ": unknown variable; did you mean " + Key.ENV_PREFIX + typo.get() + "?");
            warnings.add("environment " + variable + ": not a readygate setting, ignored (readygate reads " + String.join(", ", known) + ")");
        }

        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith(Key.ENV_PREFIX) || NOT_OPTIONS.contains(variable)) continue;
            if (env.get(variable).length() > MAX_VALUE)
                throw new ConfigException("environment " + variable + ": the value is longer than " + MAX_VALUE
                        + " characters (readygate's limit); check what it holds");
        }

        List<String> targets = List.of();
        String listed = env.get(TARGETS);
        if (listed != null) {
            targets = split(listed, "[,\\s]+");
            if (targets.isEmpty()) throw empty(TARGETS);
            checkEntries(TARGETS, targets);
        }
        Settings.Builder settings = new Settings.Builder();
        for (Map.Entry<String, Key<?>> e : byVariable.entrySet()) {
            String variable = e.getKey();
            String value = env.get(variable);
            if (value == null) continue;
            Key<?> key = e.getValue();
            List<String> values = key == CoreKeys.FROM ? split(value.strip(), "\\s*[,\r\n]+\\s*")
                    : key.list() ? split(value, "\r?\n") : value.isBlank() ? List.of() : List.of(value);
            if (values.isEmpty()) throw empty(variable);
            checkEntries(variable, values);
            try {
                settings.put(Value.parse(key, values, Origin.env(variable)));
            } catch (SettingException ex) {
                throw new ConfigException(ex.getMessage());
            }
        }
        return new EnvResult(targets, settings.build(), warnings);
    }

    private static ConfigException empty(String variable) {
        return new ConfigException("environment " + variable + ": the value is empty; set a value or unset the variable");
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(separator)) if (!part.isBlank()) out.add(part);
        return out;
    }

    private static void checkEntries(String variable, List<String> entries) {
        for (String entry : entries)
            if (entry.length() > MAX_ENTRY)
                throw new ConfigException("environment " + variable + ": an entry is longer than " + MAX_ENTRY
                        + " characters (readygate's limit); check what it holds");
    }
}
