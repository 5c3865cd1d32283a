package dev.readygate.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded config file: its structure checked, its values not yet validated.
 *
 * @param file     the file as the user gave it
 * @param settings the top-level {@code timeout} and the keys of {@code defaults:}, in file order
 * @param targets  the entries of {@code targets:} in file order (empty when the file has none)
 */
public record ConfigDocument(Path file, Map<String, Setting> settings, List<ConfigTarget> targets) {
    public ConfigDocument {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        targets = List.copyOf(targets);
    }
}
