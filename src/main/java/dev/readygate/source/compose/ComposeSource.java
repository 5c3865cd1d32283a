package dev.readygate.source.compose;

import dev.readygate.config.ConfigException;
import dev.readygate.config.YamlFile;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Declaration;
import dev.readygate.source.Loaded;
import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compose files ({@code compose.yaml}, {@code compose.yml}, {@code docker-compose.yml}, {@code docker-compose.yaml},
 * any {@code *compose*.y(a)ml}, or YAML whose top level has {@code services:}). Interpolates from the environment
 * and the {@code .env} beside the file (the environment wins), as Compose does; declares what
 * {@link ComposeTargets} derives; its facts are the {@link ComposeProject}.
 */
public final class ComposeSource implements Source<ComposeProject> {
    private static final Pattern NAME = Pattern.compile("(?:.*[._-])?compose(?:[._-].*)?\\.ya?ml");
    private static final Pattern SERVICES = Pattern.compile("(?m)^services:\\s*(?:#.*)?$");
    private static final YamlFile.Kind KIND = new YamlFile.Kind("a Compose file is a few KB",
            "a Compose file needs 6 levels", "a Compose value is an image, a port or a short command");

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public String reads() {
        return "Compose files (compose.yaml, docker-compose.yml, ...)";
    }

    @Override
    public String nothingToWaitFor() {
        return "no port to wait for (no running service publishes a TCP port on a fixed host port; "
                + "from inside the Compose network use --network)";
    }

    @Override
    public boolean recognises(Path path, String head) {
        if (path == null || Files.isDirectory(path)) return false; // stdin: a Compose file's .env and relative paths need a folder
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (NAME.matcher(name).matches()) return true;
        return name.matches(".*\\.ya?ml") && head != null && SERVICES.matcher(head).find();
    }

    @Override
    public Loaded<ComposeProject> load(String file, InputStream stdin) throws SourceException {
        return load(file, stdin, Context.NONE);
    }

    @Override
    public Loaded<ComposeProject> load(String file, InputStream stdin, Context context) throws SourceException {
        List<SkipNote> skipped = new ArrayList<>();
        ComposeProject project = project(file, context.env(), skipped);
        Set<String> profiles = profiles(context);
        List<Declaration> decls = ComposeTargets.decls(project, profiles, context.settings().get(CoreKeys.NETWORK), skipped::add);
        return new Loaded<>(file, decls, project, skipped);
    }

    /** The active profiles: --profile (READYGATE_PROFILE, the config's profile:), else COMPOSE_PROFILES, as Compose reads it. */
    static Set<String> profiles(Context context) {
        List<String> given = context.settings().get(CoreKeys.PROFILE);
        List<String> raw = given.isEmpty() && context.env().containsKey("COMPOSE_PROFILES") ? List.of(context.env().get("COMPOSE_PROFILES")) : given;
        Set<String> out = new LinkedHashSet<>();
        for (String r : raw) for (String p : r.split(",")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    /** Reads and checks {@code file}; the notes of what is read but not used go to {@code notes}. */
    public static ComposeProject project(String file, Map<String, String> env, List<SkipNote> notes) throws SourceException {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new SourceException(file + ": not a path: " + e.getReason());
        }
        try {
            Map<String, String> vars = new HashMap<>(dotEnv(path));
            vars.putAll(env);
            ComposeReader reader = new ComposeReader(file, vars, notes::add);
            ComposeProject project = reader.read(YamlFile.compose(YamlFile.read(path, file, KIND), file, KIND));
            return project;
        } catch (ConfigException | ComposeException e) {
            throw new SourceException(e.getMessage());
        }
    }

    /** The {@code .env} beside the file, or nothing. */
    private static Map<String, String> dotEnv(Path file) throws SourceException {
        Path parent = file.toAbsolutePath().getParent();
        Path env = parent == null ? null : parent.resolve(".env");
        if (env == null || !Files.isRegularFile(env)) return Map.of();
        String display = file.getParent() == null ? ".env" : file.getParent().resolve(".env").toString();
        try {
            return DotEnv.parse(YamlFile.read(env, display, KIND), display);
        } catch (ConfigException | ComposeException e) {
            throw new SourceException(e.getMessage());
        }
    }
}
