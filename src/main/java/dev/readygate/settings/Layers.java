package dev.readygate.settings;

import java.util.List;

/**
 * Settings in precedence order: a target's own keys (config file entry, or what a source such as
 * nginx says about the target), then the command line, the environment, the config file's
 * defaults, then what the target's source suggests, then the built-in default of the key.
 *
 * @param global the layers that apply to every target, highest precedence first
 */
public record Layers(List<Settings> global) {
    public Layers {
        global = List.copyOf(global);
    }

    public static Layers of(Settings... highestFirst) {
        return new Layers(List.of(highestFirst));
    }

    /** The settings of one target: its own keys first, then the global layers. */
    public View forTarget(Settings own) {
        return forTarget(own, Settings.EMPTY);
    }

    /** The settings of one target: its own keys first, then the global layers, then what its source suggests. */
    public View forTarget(Settings own, Settings suggested) {
        return new View(own, this, suggested);
    }

    /** Where a key is set, highest precedence first; null when only the default applies. */
    public <T> Value<T> find(Key<T> key) {
        for (Settings s : global) {
            Value<T> v = s.find(key);
            if (v != null) return v;
        }
        return null;
    }

    public <T> T get(Key<T> key) {
        Value<T> v = find(key);
        return v == null ? key.defaultValue() : v.value();
    }

    /** The settings one target sees. */
    public static final class View {
        private final Settings own;
        private final Layers layers;
        private final Settings suggested;

        private View(Settings own, Layers layers, Settings suggested) {
            this.own = own;
            this.layers = layers;
            this.suggested = suggested;
        }

        /** Where the value this target gets is written; null when it is the built-in default. */
        public <T> Value<T> find(Key<T> key) {
            Value<T> v = own.find(key);
            if (v == null) v = layers.find(key);
            return v != null ? v : suggested.find(key);
        }

        /** The value this target gets: set somewhere, or the key's default. */
        public <T> T get(Key<T> key) {
            Value<T> v = find(key);
            return v == null ? key.defaultValue() : v.value();
        }

        /**
         * An error about the value of {@code key} this target gets, e.g. "must be more than 0",
         * labelled with where it was written ({@code --body}, {@code environment READYGATE_BODY},
         * {@code readygate.yaml:7:9: body}), or with the option when only the default applies.
         */
        public SettingException bad(Key<?> key, String what) {
            return error(key, " " + what);
        }

        /** An invalid value of {@code key}: "LABEL: message". */
        public SettingException invalid(Key<?> key, String message) {
            return error(key, ": " + message);
        }

        /** The file {@code key} names cannot be used (missing, unreadable): "LABEL: message", a configuration error wherever written. */
        public SettingException unusableFile(Key<?> key, String message) {
            Value<?> v = find(key);
            return SettingException.unusableFile(v == null ? null : v.origin(), (v == null ? key.option() : v.label()) + ": " + message);
        }

        private SettingException error(Key<?> key, String rest) {
            Value<?> v = find(key);
            if (v == null) return new SettingException(null, key.option() + rest);
            return new SettingException(v.origin(), v.label() + rest);
        }
    }
}
