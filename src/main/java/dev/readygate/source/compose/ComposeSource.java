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
        if (path == null) return false; // stdin: a Compose file's .env and relative paths need a folder
        List<Path> listed = listed(path);
        if (!listed.isEmpty()) return listed.stream().allMatch(p -> recognises(p, head(p)));
        if (Files.isDirectory(path)) return DEFAULT_NAMES.stream().anyMatch(n -> Files.isRegularFile(path.resolve(n)));
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
        List<Declaration> decls = ComposeTargets.decls(project, profiles, context.settings().get(CoreKeys.NETWORK),
                NginxProxies.of(project), skipped::add);
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

    /** The names Compose looks for in a project folder, in its order, and their override files. */
    static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    static final List<String> OVERRIDE_NAMES = List.of("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml",
            "docker-compose.override.yaml");
    /** How deep include: may nest. */
    static final int MAX_INCLUDE_DEPTH = 10;

    /**
     * The files of the project {@code file} names, as {@code docker compose} finds them: a file named like a
     * default ({@code compose.yaml}, ...) with the override file beside it, if any; a folder: the files of
     * {@code COMPOSE_FILE} (separated by {@code COMPOSE_PATH_SEPARATOR}, else ':'; relative to the folder), else its
     * default file and override; any other file alone.
     */
    static List<Path> files(Path path, Map<String, String> env) throws SourceException {
        List<Path> given = listed(path);
        if (!given.isEmpty()) return given;
        if (Files.isDirectory(path)) {
            String listed = env.get("COMPOSE_FILE");
            if (listed != null && !listed.isBlank()) {
                String sep = env.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
                List<Path> out = new ArrayList<>();
                for (String f : listed.split(Pattern.quote(sep.isEmpty() ? ":" : sep))) if (!f.isBlank()) out.add(path.resolve(f.strip()));
                return out;
            }
            for (String name : DEFAULT_NAMES) if (Files.isRegularFile(path.resolve(name))) return files(path.resolve(name), env);
            throw new SourceException(path + ": no Compose file in this folder (" + String.join(", ", DEFAULT_NAMES) + "); give the file");
        }
        List<Path> out = new ArrayList<>(List.of(path));
        Path name = path.getFileName();
        if (name != null && DEFAULT_NAMES.contains(name.toString())) {
            for (String o : OVERRIDE_NAMES) {
                Path override = path.resolveSibling(o);
                if (Files.isRegularFile(override)) {
                    out.add(override);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The files of {@code a.yaml:b.yaml} (COMPOSE_FILE's form, as {@code -f a.yaml -f b.yaml}) when no file has that
     * whole name; empty otherwise.
     */
    static List<Path> listed(Path path) {
        String text = path.toString();
        if (!text.contains(java.io.File.pathSeparator) || Files.exists(path)) return List.of();
        List<Path> out = new ArrayList<>();
        try {
            for (String f : text.split(Pattern.quote(java.io.File.pathSeparator))) if (!f.isBlank()) out.add(Path.of(f));
        } catch (InvalidPathException e) {
            return List.of();
        }
        return out.size() > 1 ? out : List.of();
    }

    /** The first text of a file for {@link #recognises}, or null when it cannot be read. */
    private static String head(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(dev.readygate.source.Sources.HEAD_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads and checks the project {@code file} names (see {@link #files}); the notes of what is read but not used go to {@code notes}. */
    public static ComposeProject project(String file, Map<String, String> env, List<SkipNote> notes) throws SourceException {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new SourceException(file + ": not a path: " + e.getReason());
        }
        try {
            List<Path> files = files(path, env);
            Path first = files.get(0);
            Map<String, String> vars = variables(first.getParent(), List.of(), env);
            List<Path> chain = new ArrayList<>(files.stream().map(f -> f.toAbsolutePath().normalize()).toList());
            List<ComposeProject.Service> services = merged(files, env, vars, notes, chain, 0);
            ComposeReader.checkDependencies(services);
            return new ComposeProject(file, services);
        } catch (ConfigException | ComposeException e) {
            throw new SourceException(e.getMessage());
        } catch (InvalidPathException e) {
            throw new SourceException(file + ": not a path: " + e.getReason());
        }
    }

    /** The services of {@code files} merged as -f files are, with the services of their include: entries. */
    private static List<ComposeProject.Service> merged(List<Path> files, Map<String, String> env, Map<String, String> vars, List<SkipNote> notes,
                                                       List<Path> including, int depth) throws SourceException {
        List<ComposeProject.Service> services = List.of();
        List<ComposeProject.Service> fromIncludes = new ArrayList<>();
        for (Path f : files) {
            String display = f.toString();
            ComposeReader reader = new ComposeReader(display, vars, notes::add);
            ComposeProject one = reader.read(YamlFile.compose(YamlFile.read(f, display, KIND), display, KIND));
            List<ComposeProject.Service> own = ComposeExtends.resolve(f, new ComposeExtends.FileServices(one.services(), reader.extendsOf()),
                    base -> baseServices(base, vars, notes));
            services = ComposeMerge.merge(services, own);
            for (ComposeReader.Include inc : reader.includes()) {
                if (depth >= MAX_INCLUDE_DEPTH)
                    throw new SourceException(inc.origin() + ": include: nests more than " + MAX_INCLUDE_DEPTH + " deep; check for a file that includes itself");
                Path dir = f.getParent() == null ? Path.of("") : f.getParent();
                List<Path> paths = inc.paths().stream().map(dir::resolve).toList();
                Path absolute = paths.get(0).toAbsolutePath().normalize();
                if (including.contains(absolute)) throw new SourceException(inc.origin() + ": include: " + paths.get(0) + " includes itself; remove the loop");
                Path projectDir = inc.projectDirectory() == null ? paths.get(0).getParent() : dir.resolve(inc.projectDirectory());
                Map<String, String> ownVars = variables(projectDir, inc.envFiles().stream().map(dir::resolve).toList(), env);
                List<Path> chain = new ArrayList<>(including);
                chain.add(absolute);
                List<ComposeProject.Service> included = merged(paths, env, ownVars, notes, chain, depth + 1);
                for (ComposeProject.Service s : included) {
                    if (services.stream().anyMatch(x -> x.name().equals(s.name())) || fromIncludes.stream().anyMatch(x -> x.name().equals(s.name())))
                        throw new SourceException(inc.origin() + ": service '" + s.name() + "' of the included " + paths.get(0)
                                + " is defined here too; Compose refuses the conflict: rename one, or merge with an override file");
                }
                fromIncludes.addAll(included);
            }
        }
        for (ComposeProject.Service s : services) {
            if (fromIncludes.stream().anyMatch(x -> x.name().equals(s.name())))
                throw new SourceException(s.origin() + ": service '" + s.name() + "' is defined by an included file too; Compose refuses the conflict: "
                        + "rename one, or merge with an override file");
        }
        List<ComposeProject.Service> all = new ArrayList<>(fromIncludes);
        all.addAll(services);
        return all;
    }

    /** A file named by an {@code extends: file:}, read as a project file is (its own include: entries are not followed). */
    private static ComposeExtends.FileServices baseServices(Path file, Map<String, String> vars, List<SkipNote> notes) throws SourceException {
        String display = file.toString();
        try {
            ComposeReader reader = new ComposeReader(display, vars, notes::add);
            ComposeProject p = reader.read(YamlFile.compose(YamlFile.read(file, display, KIND), display, KIND));
            return new ComposeExtends.FileServices(p.services(), reader.extendsOf());
        } catch (ConfigException | ComposeException e) {
            throw new SourceException(e.getMessage());
        }
    }

    /** The variables a project interpolates from: the environment over its env files (default: the .env of its folder). */
    private static Map<String, String> variables(Path projectDir, List<Path> envFiles, Map<String, String> env) throws SourceException {
        Map<String, String> vars = new HashMap<>();
        List<Path> files = envFiles.isEmpty() ? List.of((projectDir == null ? Path.of("") : projectDir).resolve(".env")) : envFiles;
        for (Path f : files) {
            if (!envFiles.isEmpty() || Files.isRegularFile(f)) vars.putAll(DotEnv.parse(YamlFile.read(f, f.toString(), KIND), f.toString()));
        }
        vars.putAll(env);
        return vars;
    }
}
