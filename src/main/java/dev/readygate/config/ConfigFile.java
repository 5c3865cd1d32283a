package dev.readygate.config;

import dev.readygate.base.OneLine;

import dev.readygate.base.Suggest;

import dev.readygate.settings.Catalogue;
import dev.readygate.settings.Key;
import dev.readygate.settings.Place;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.model.Origin;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a readygate config file ({@code readygate.yaml}): the structure (known keys in the right
 * places, the right shapes, interpolation) and every value, parsed by its key in the settings
 * catalogue, so an error names the file, line and column where it is written.
 *
 * <pre>{@code
 * version: 1                 # optional; only 1 is accepted
 * timeout: 90s               # overall deadline, or "none"
 * from: [nginx.conf]        # also wait for the targets these files declare (relative to this file)
 * defaults:                  # apply to every target unless the target overrides
 *   attempt-timeout: 2s
 *   interval: 60ms
 *   max-interval: 2s
 *   successes: 1
 *   stable-for: 0s
 *   fail-fast: false
 *   status: 200-299          # and every HTTP key below
 * targets:
 *   - tcp://db:5432                      # shorthand: a bare string is a url
 *   - name: api
 *     url: http://localhost:8080/actuator/health
 *     status: 200-299,401
 *     json-pointer: /status=UP
 *     body-contains: UP
 *     body-regex: '"status"\s*:\s*"UP"'
 *     expect-headers: ["Content-Type: application/json.*"]
 *     method: GET              # GET | HEAD | POST
 *     body: '{"ping":1}'
 *     headers: ["Authorization: Bearer ${API_TOKEN}"]
 *     max-redirects: 5
 *     insecure: false
 *     ca-cert: certs/ca.pem      # relative paths resolve against the config file's directory
 *     client-cert: certs/client.pem
 *     client-key: certs/client.key
 *     attempt-timeout: 1s        # timing keys too: attempt-timeout, interval, max-interval, successes, stable-for
 * }</pre>
 *
 * <ul>
 * <li>Top level: {@code version}, {@code timeout}, {@code from}, {@code defaults}, {@code targets}. A target
 *     has {@code name}, {@code url} and every key of {@code defaults} except {@code fail-fast}.</li>
 * <li>A target is a url string, or a mapping with {@code url:}. Names are optional, unique, and
 *     made of letters, digits, {@code .}, {@code _} and {@code -}.</li>
 * <li>{@code headers} and {@code expect-headers} are lists of strings (one string is a list of
 *     one). Quote entries: {@code - Authorization: Bearer x} would be a mapping in YAML.
 *     Every other key takes one value; numbers and booleans are taken as their text.</li>
 * <li>{@code ${VAR}} and {@code ${VAR:-default}} in values are replaced from the environment
 *     (the default is used when VAR is unset or empty); {@code $$} is a literal {@code $}. An unset
 *     variable without a default is an error.</li>
 * <li>{@code ca-cert}, {@code client-cert}, {@code client-key} and the files of the top-level
 *     {@code from:} list are relative to the directory of the config file.</li>
 * <li>YAML anchors, aliases and merge keys ({@code <<: *common}) work; keys merged into a target
 *     keep the position where they are written.</li>
 * <li>Limits: at most 1 MiB, a regular file (not a FIFO or device), values (keys too) at most
 *     {@value Interpolation#MAX_VALUE} characters as written and after interpolation, nesting at most {@value #MAX_DEPTH} deep, at most
 *     {@value #MAX_COLLECTION_ALIASES} aliases to lists or mappings; keys may not repeat.</li>
 * </ul>
 *
 * Every error is a {@link ConfigException} with a one-line message
 * {@code FILE:LINE:COL: what is wrong; how to fix}.
 */
public final class ConfigFile {
    static final int MAX_DEPTH = YamlFile.MAX_DEPTH;
    static final int MAX_COLLECTION_ALIASES = YamlFile.MAX_COLLECTION_ALIASES;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String EXAMPLE = "`targets: [tcp://host:port]`";

    /** Keys of the file's own structure (not settings), by the place they may be written in. */
    private static final Map<String, Place> STRUCTURE = Map.of("version", Place.TOP, "defaults", Place.TOP, "targets", Place.TOP,
            "name", Place.TARGET, "url", Place.TARGET);

    private final Path file;
    private final String display;
    private final Map<String, String> env;
    private final Catalogue catalogue;
    private final Map<String, Integer> names = new HashMap<>();

    private ConfigFile(Path file, Map<String, String> env, Catalogue catalogue) {
        this.file = file;
        this.display = file.toString();
        this.env = env;
        this.catalogue = catalogue;
    }

    /** Loads a config file, interpolating {@code ${VAR}} from {@code env}; values are parsed by their keys in {@code catalogue}. */
    public static ConfigDocument load(Path file, Map<String, String> env, Catalogue catalogue) {
        return new ConfigFile(file, env, catalogue).load();
    }

    private ConfigDocument load() {
        String text = read();
        if (text.isBlank()) throw new ConfigException(display + ": the file is empty; write at least " + EXAMPLE);
        Node root = compose(text);
        if (root == null || isNull(root)) throw new ConfigException(display + ": the file is empty; write at least " + EXAMPLE);
        if (!(root instanceof MappingNode top))
            throw error(root, "the top level is " + shape(root) + ", not a mapping of keys",
                    "write `version:`, `timeout:`, `defaults:` and `targets:` at the top level, e.g. " + EXAMPLE);
        Settings.Builder settings = new Settings.Builder();
        List<ConfigTarget> targets = List.of();
        for (Entry e : entries(top, "at the top level", Place.TOP)) {
            switch (e.key()) {
                case "version" -> version(e.value());
                case "defaults" -> defaults(e.value(), settings);
                case "targets" -> targets = targets(e.value());
                default -> settings.put(setting(e.key(), e.value(), "at the top level"));
            }
        }
        return new ConfigDocument(file, settings.build(), targets);
    }

    // ---- reading and parsing

    private static final YamlFile.Kind KIND = new YamlFile.Kind("a readygate config is a few KB",
            "a readygate config needs 4 levels", "a value is a URL, a header or a short body");

    private String read() {
        if (Files.isDirectory(file))
            throw new ConfigException(display + ": is a directory, not a file; give the path of the config file, e.g. "
                    + file.resolve("readygate.yaml"));
        return YamlFile.read(file, display, KIND);
    }

    private Node compose(String text) {
        return YamlFile.compose(text, display, KIND);
    }

    // ---- structure

    private record Entry(String key, Node keyNode, Node value) {
    }

    /** The entries of a mapping, each key checked: a plain string, not repeated, known in this scope. */
    private List<Entry> entries(MappingNode mapping, String where, Place place) {
        List<Entry> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode s) || s.getTag().equals(Tag.NULL))
                throw error(keyNode, "a key " + where + " is " + shape(keyNode), "keys are plain words such as `timeout`");
            String key = s.getValue();
            Integer first = seen.putIfAbsent(key, line(keyNode));
            if (first != null)
                throw error(keyNode, "duplicate key '" + key + "' " + where + " (first at line " + first + ")", "remove one of them");
            Place structural = STRUCTURE.get(key);
            Optional<Key<?>> known = catalogue.find(key);
            if (structural != null && structural != place)
                throw error(keyNode, "key '" + key + "' is not allowed " + where, structural == Place.TOP
                        ? "write it at the top level (check the indentation)" : "put it in an entry of targets");
            if (structural == null && known.isPresent() && !known.get().allowedIn(place))
                throw error(keyNode, "key '" + key + "' is not allowed " + where, placement(known.get()));
            if (structural == null && known.isEmpty()) {
                List<String> valid = names(place);
                String fix = Suggest.closest(key, valid).map(k -> "did you mean '" + k + "'?")
                        .orElse("valid keys: " + String.join(", ", valid));
                throw error(keyNode, "unknown key '" + key + "' " + where, fix);
            }
            out.add(new Entry(key, keyNode, t.getValueNode()));
        }
        return out;
    }

    /** The keys that may be written in a place, in the order error messages list them. */
    private List<String> names(Place place) {
        List<String> out = new ArrayList<>();
        if (place == Place.TOP) out.add("version");
        if (place == Place.TARGET) out.addAll(List.of("name", "url"));
        out.addAll(catalogue.names(place));
        if (place == Place.TOP) out.addAll(List.of("defaults", "targets"));
        return out;
    }

    private static String placement(Key<?> key) {
        if (key.allowedIn(Place.TOP)) return "write it at the top level (check the indentation)";
        if (key.allowedIn(Place.TARGET) && key.allowedIn(Place.DEFAULTS)) return "put it under defaults or in a target";
        if (key.allowedIn(Place.DEFAULTS)) return "it applies to all targets: put it under defaults";
        if (key.allowedIn(Place.TARGET)) return "put it in an entry of targets";
        return "set it on the command line or with " + key.envName();
    }

    private void version(Node value) {
        Interpolation.Result v = scalar("version", value, "at the top level");
        if (!"1".equals(v.text()))
            throw error(value, "unsupported version " + (v.fromEnv() ? "(from the environment)" : "'" + v.text() + "'"),
                    "this readygate reads version 1: write `version: 1` or remove the line");
    }

    private void defaults(Node value, Settings.Builder settings) {
        if (isNull(value)) return;
        if (!(value instanceof MappingNode m))
            throw error(value, "key 'defaults' must be a mapping, not " + shape(value),
                    "write `defaults:` followed by indented `key: value` lines");
        for (Entry e : entries(m, "in defaults", Place.DEFAULTS)) settings.put(setting(e.key(), e.value(), "in defaults"));
    }

    private List<ConfigTarget> targets(Node value) {
        if (isNull(value)) return List.of();
        if (!(value instanceof SequenceNode seq))
            throw error(value, "key 'targets' must be a list, not " + shape(value),
                    "write `targets: [tcp://db:5432]` or one `- url` line per target");
        List<ConfigTarget> out = new ArrayList<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            index++;
            if (item instanceof MappingNode m) {
                out.add(target(m, index));
            } else if (item instanceof ScalarNode s) {
                String where = "target #" + index;
                String url = url(s, where);
                out.add(new ConfigTarget(null, url, origin(s), Settings.EMPTY));
            } else {
                throw error(item, "target #" + index + " is a list", "write a url (`- tcp://db:5432`) or a mapping (`- url: ...`)");
            }
        }
        return out;
    }

    private ConfigTarget target(MappingNode m, int index) {
        String where = "in target #" + index;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && "name".equals(k.getValue()) && t.getValueNode() instanceof ScalarNode v
                    && NAME.matcher(v.getValue()).matches()) {
                where = "in target '" + v.getValue() + "'";
            }
        }
        String name = null;
        String url = null;
        Origin origin = null;
        Settings.Builder settings = new Settings.Builder();
        for (Entry e : entries(m, where, Place.TARGET)) {
            switch (e.key()) {
                case "name" -> name = name(e.value(), where);
                case "url" -> {
                    url = url(e.value(), "url " + where);
                    origin = origin(e.value());
                }
                default -> settings.put(setting(e.key(), e.value(), where));
            }
        }
        if (url == null)
            throw error(m, (where.startsWith("in ") ? where.substring(3) : where) + " has no url",
                    "add `url: tcp://HOST:PORT` or `url: http://HOST:PORT/PATH`");
        return new ConfigTarget(name, url, origin, settings.build());
    }

    private String name(Node value, String where) {
        Interpolation.Result r = scalar("name", value, where);
        String shown = r.fromEnv() ? "(from the environment)" : "'" + r.text() + "'";
        if (!NAME.matcher(r.text()).matches())
            throw error(value, "target name " + shown + " is not valid", "use only letters, digits, '.', '_' and '-'");
        Integer first = names.putIfAbsent(r.text(), line(value));
        if (first != null)
            throw error(value, "duplicate target name " + shown + " (first at line " + first + ")", "give each target a unique name");
        return r.text();
    }

    private String url(Node value, String where) {
        Tag tag = value.getTag();
        if (value instanceof ScalarNode && (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL)))
            throw error(value, where + " is " + shape(value) + ", not a url string",
                    "write it as tcp://HOST:PORT or http://HOST:PORT/PATH");
        if (isNull(value)) throw error(value, where + " is empty", "write a url such as tcp://db:5432, or remove it");
        return scalar("url", value, where).text();
    }

    /** The typed value of a catalogue key: one scalar, or a list of scalars for list keys. */
    private Value<?> setting(String key, Node value, String where) {
        Key<?> k = catalogue.find(key).orElseThrow();
        boolean list = k.list();
        List<String> values = new ArrayList<>();
        if (list && value instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode) || isNull(item))
                    throw error(item, "an entry of '" + key + "' " + where + " is " + shape(item) + ", not a string",
                            "quote each entry, e.g. - \"Accept: application/json\"");
                values.add(value(key, item, where));
            }
        } else if (list && value instanceof MappingNode) {
            throw error(value, "key '" + key + "' " + where + " must be a list of strings, not a mapping",
                    "write " + key + ": [\"Name: value\"] and quote each entry");
        } else {
            values.add(value(key, value, where));
        }
        try {
            return Value.parse(k, values, origin(value));
        } catch (SettingException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private String value(String key, Node value, String where) {
        String text = scalar(key, value, where).text();
        if (catalogue.find(key).map(Key::path).orElse(false) && !text.isEmpty() && !text.equals("-") && file.getParent() != null) {
            try {
                return file.getParent().resolve(text).toString();
            } catch (InvalidPathException e) {
                throw error(value, "key '" + key + "' " + where + " is not a valid path", "write the path of a PEM file");
            }
        }
        return text;
    }

    /** The interpolated text of a scalar value; errors for a missing value or a list or mapping. */
    private Interpolation.Result scalar(String key, Node value, String where) {
        if (isNull(value))
            throw error(value, "key '" + key + "' " + where + " has no value", "write a value or remove the key");
        if (!(value instanceof ScalarNode s))
            throw error(value, "key '" + key + "' " + where + " must be a single value, not " + shape(value),
                    "write one value, and quote it if it contains ': ' or starts with '{' or '['");
        try {
            return Interpolation.apply(s.getValue(), env);
        } catch (Interpolation.Failure f) {
            String context = key.equals("url") && where.startsWith("target #") ? where : "key '" + key + "' " + where;
            throw error(value, f.what + " (" + context + ")", f.fix);
        }
    }

    // ---- helpers

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String shape(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) return "empty";
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) return "a number";
        if (tag.equals(Tag.BOOL)) return "a boolean";
        return "a string";
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private Origin origin(Node node) {
        return node.getStartMark().map(m -> Origin.file(display, m.getLine() + 1, m.getColumn() + 1))
                .orElse(Origin.file(display, 0, 0));
    }

    private String position(Optional<Mark> mark) {
        return YamlFile.position(display, mark);
    }

    private ConfigException error(Node node, String what, String fix) {
        return new ConfigException(position(node.getStartMark()) + ": " + what + "; " + fix);
    }
}
