package dev.readygate.settings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One setting, declared once: its key, how its text is parsed into a typed value, its default,
 * its help text and where it may be written. The picocli options of {@code readygate wait}, the
 * {@code READYGATE_*} variables, the config-file keys and the defaults in {@code --help} all come
 * from these declarations (see {@link Catalogue}).
 *
 * @param <T> the type of the value; a list setting's type is {@code List<E>}
 */
public final class Key<T> {
    /** The shape of a value. */
    public enum Shape {
        /** one value */
        SCALAR,
        /** several values (repeatable option, list in the config file, one per line in the environment) */
        LIST,
        /** a switch: an option without a value, true/false elsewhere */
        FLAG
    }

    public static final String ENV_PREFIX = "READYGATE_";

    private final String name;
    private final String option;
    private final List<String> aliases;
    private final String label;
    private final Shape shape;
    private final Function<List<String>, T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final String help;
    private final Set<Place> places;
    private final boolean path;

    private Key(Builder<T> b) {
        this.name = b.name;
        this.option = "--" + (b.option == null ? b.name : b.option);
        this.aliases = List.copyOf(b.aliases);
        this.label = b.label;
        this.shape = b.shape;
        this.parser = b.parser;
        this.defaultValue = b.defaultValue;
        this.defaultText = b.defaultText;
        this.help = Objects.requireNonNull(b.help, "help");
        this.places = Set.copyOf(b.places);
        this.path = b.path;
    }

    /** A setting with one value, parsed by {@code parser} (which throws IllegalArgumentException with the fix). */
    public static <T> Builder<T> scalar(String name, Function<String, T> parser) {
        return new Builder<>(name, Shape.SCALAR, values -> parser.apply(values.get(0)));
    }

    /** A setting with a list of values, each parsed by {@code parser}. */
    public static <E> Builder<List<E>> list(String name, Function<String, E> parser) {
        return new Builder<>(name, Shape.LIST, values -> {
            List<E> out = new ArrayList<>(values.size());
            for (String v : values) out.add(parser.apply(v));
            return List.copyOf(out);
        });
    }

    /** A switch: given without a value on the command line, true/false/yes/no/1/0/on/off elsewhere. */
    public static Builder<Boolean> flag(String name) {
        return new Builder<>(name, Shape.FLAG, values -> Parsers.bool(values.get(0))).defaultValue(false, null);
    }

    /** The key as in the config file, e.g. {@code attempt-timeout}. */
    public String name() {
        return name;
    }

    /** The command-line option, e.g. {@code --attempt-timeout} (list keys are singular there: {@code --header}). */
    public String option() {
        return option;
    }

    /** Short option names, e.g. {@code -H}. */
    public List<String> aliases() {
        return aliases;
    }

    /** {@code READYGATE_} + the key upper-cased with '-' as '_'. */
    public String envName() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String label() {
        return label;
    }

    public Shape shape() {
        return shape;
    }

    public boolean list() {
        return shape == Shape.LIST;
    }

    public boolean allowedIn(Place place) {
        return places.contains(place);
    }

    /** Whether the value is a file path, resolved against the config file's directory when written there. */
    public boolean path() {
        return path;
    }

    /** The built-in default (null: none). */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as --help prints it (null: not printed). */
    public String defaultText() {
        return defaultText;
    }

    /** The help text with the default, as --help prints it. */
    public String description() {
        return defaultText == null ? help : help + " (default: " + defaultText + ")";
    }

    /**
     * Parses the text of a value (one text for a scalar or flag, each entry for a list).
     *
     * @throws IllegalArgumentException with a message that says how to write it
     */
    public T parse(List<String> texts) {
        if (texts.isEmpty() && shape != Shape.LIST) throw new IllegalArgumentException("missing value");
        return parser.apply(texts);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Declares a key. */
    public static final class Builder<T> {
        private final String name;
        private final Shape shape;
        private final Function<List<String>, T> parser;
        private String option;
        private final List<String> aliases = new ArrayList<>();
        private String label;
        private T defaultValue;
        private String defaultText;
        private String help;
        private Set<Place> places = EnumSet.of(Place.CLI, Place.ENV, Place.DEFAULTS, Place.TARGET);
        private boolean path;

        private Builder(String name, Shape shape, Function<List<String>, T> parser) {
            this.name = name;
            this.shape = shape;
            this.parser = parser;
        }

        /** The option name without dashes, when it is not the key (list keys are singular on the command line). */
        public Builder<T> option(String optionName) {
            this.option = optionName;
            return this;
        }

        public Builder<T> alias(String alias) {
            aliases.add(alias);
            return this;
        }

        public Builder<T> label(String l) {
            this.label = l;
            return this;
        }

        /** @param text as --help prints it; null to print none */
        public Builder<T> defaultValue(T value, String text) {
            this.defaultValue = value;
            this.defaultText = text;
            return this;
        }

        public Builder<T> help(String h) {
            this.help = h;
            return this;
        }

        public Builder<T> places(Place first, Place... more) {
            this.places = EnumSet.of(first, more);
            return this;
        }

        public Builder<T> path() {
            this.path = true;
            return this;
        }

        public Key<T> build() {
            return new Key<>(this);
        }
    }
}
