package dev.readygate.config;

import dev.readygate.model.Origin;
import java.util.List;
import java.util.Objects;

/**
 * One key as written in a config file or an environment variable: its text value(s), not yet
 * validated. The plan builder validates the values and formats its errors with {@link #origin()}.
 *
 * @param key    the key as in the config file, e.g. {@code attempt-timeout}
 * @param values the value, or the values of a list key; never empty for a scalar key
 * @param list   whether the key is a list key ({@link Keys.Key#list()})
 * @param origin where the value was written
 */
public record Setting(String key, List<String> values, boolean list, Origin origin) {
    public Setting {
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        Objects.requireNonNull(origin, "origin");
    }

    /** The value of a scalar key (the first value of a list key; null for an empty list). */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }
}
