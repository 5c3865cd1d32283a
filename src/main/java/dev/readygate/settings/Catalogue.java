package dev.readygate.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting readygate knows, in the order --help lists them: the core settings, then each
 * protocol's own. A key declared by several protocols is the same {@link Key} object.
 */
public final class Catalogue {
    private final Map<String, Key<?>> byName = new LinkedHashMap<>();

    public Catalogue(List<Key<?>> keys) {
        for (Key<?> k : keys) {
            Key<?> before = byName.putIfAbsent(k.name(), k);
            if (before != null && before != k) throw new IllegalStateException("two declarations of setting '" + k.name() + "'");
        }
    }

    public Optional<Key<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The keys allowed in a place, in catalogue order. */
    public List<Key<?>> keys(Place place) {
        return byName.values().stream().filter(k -> k.allowedIn(place)).toList();
    }

    public List<String> names(Place place) {
        return keys(place).stream().map(Key::name).toList();
    }
}
