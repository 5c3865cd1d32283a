package dev.readygate.config;

import dev.readygate.settings.Settings;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded config file, every value parsed.
 *
 * @param file     the file as the user gave it
 * @param settings the top-level {@code timeout} and the keys of {@code defaults:}, in file order
 * @param targets  the entries of {@code targets:} in file order (empty when the file has none)
 */
public record ConfigDocument(Path file, Settings settings, List<ConfigTarget> targets) {
    public ConfigDocument {
        targets = List.copyOf(targets);
    }
}
