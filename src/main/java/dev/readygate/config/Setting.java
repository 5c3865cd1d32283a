package dev.readygate.config;

import dev.readygate.target.Origin;

import java.util.List;

/** One setting as given in a source (command line, environment, config file), with where it was given. */
public record Setting(String key, List<String> values, boolean list, Origin origin) {
    public Setting {
        values = List.copyOf(values);
    }

    public String value() {
        return values.isEmpty() ? "" : values.get(0);
    }
}
