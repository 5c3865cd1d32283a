package dev.readygate.settings;

import java.util.Objects;

import dev.readygate.model.Origin;

/**
 * A target as declared by the command line, the environment, a config file or a source (an nginx
 * config), with the settings that are its own.
 *
 * @param name   a name for reports, or null (the redacted URI is used)
 * @param url    the target's notation, e.g. {@code tcp://db:5432}
 * @param origin where it was declared
 * @param own    its own settings, above every global layer
 */
public record Declaration(String name, String url, Origin origin, Settings own) {
    public Declaration {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        own = own == null ? Settings.EMPTY : own;
    }
}
