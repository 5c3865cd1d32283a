package dev.readygate.settings;

import dev.readygate.model.Origin;

import java.util.Objects;

/**
 * A setting's typed value and where it was written.
 *
 * @param value may be null where the key's parser gives null (e.g. {@code timeout: none})
 */
public record Value<T>(Key<T> key, T value, Origin origin) {
    public Value {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * Parses the text(s) of a value written at {@code origin}.
     *
     * @throws SettingException naming where the value was written, with the fix
     */
    public static <T> Value<T> parse(Key<T> key, java.util.List<String> texts, Origin origin) {
        try {
            return new Value<>(key, key.parse(texts), origin);
        } catch (IllegalArgumentException e) {
            throw new SettingException(origin, label(key, origin) + ": " + e.getMessage());
        }
    }

    /** Where the value was given: "--attempt-timeout", "environment READYGATE_TIMEOUT", "readygate.yaml:7:14: attempt-timeout". */
    public String label() {
        return label(key, origin);
    }

    public static String label(Key<?> key, Origin origin) {
        if (origin.isFile()) return origin + ": " + key.name();
        if (origin.isEnvironment()) return origin.source();
        return key.option();
    }
}
