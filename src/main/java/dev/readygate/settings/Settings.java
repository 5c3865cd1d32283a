package dev.readygate.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One layer of typed settings (the command line, the environment, a target's own keys, ...), in the order written. */
public final class Settings {
    public static final Settings EMPTY = new Settings(Map.of());

    private final Map<Key<?>, Value<?>> values;

    private Settings(Map<Key<?>, Value<?>> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Settings of(Collection<? extends Value<?>> values) {
        Map<Key<?>, Value<?>> m = new LinkedHashMap<>();
        for (Value<?> v : values) m.put(v.key(), v);
        return new Settings(m);
    }

    @SuppressWarnings("unchecked")
    public <T> Value<T> find(Key<T> key) {
        return (Value<T>) values.get(key);
    }

    /** The value, or the key's default when it is not set here. */
    public <T> T get(Key<T> key) {
        Value<T> v = find(key);
        return v == null ? key.defaultValue() : v.value();
    }

    public Collection<Value<?>> values() {
        return values.values();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A builder for readers that collect values one by one. */
    public static final class Builder {
        private final Map<Key<?>, Value<?>> values = new LinkedHashMap<>();

        public Builder put(Value<?> value) {
            values.put(value.key(), value);
            return this;
        }

        public Settings build() {
            return new Settings(values);
        }
    }

    @Override
    public String toString() {
        return values.values().toString();
    }
}
