package dev.readygate.config;

import dev.readygate.model.Origin;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Settings;

import java.util.Objects;

/**
 * One entry of {@code targets:}.
 *
 * @param name     the {@code name:} of the target, or null when it has none (e.g. the shorthand form)
 * @param url      the url text, interpolated but not parsed
 * @param origin   where the url is written (file:line:column of its value)
 * @param settings the target's own keys in file order, without {@code name} and {@code url}
 */
public record ConfigTarget(String name, String url, Origin origin, Settings settings) {
    public ConfigTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(settings, "settings");
    }

    public Declaration declaration() {
        return new Declaration(name, url, origin, settings);
    }
}
