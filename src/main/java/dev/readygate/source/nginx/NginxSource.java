package dev.readygate.source.nginx;

import dev.readygate.settings.Declaration;
import dev.readygate.source.Loaded;
import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * nginx configs: a main config with its includes, any fragment, or {@code nginx -T} output (on
 * stdin with {@code -}, or saved to a file). Declares every upstream address nginx dials (see
 * {@link Upstreams}); its facts are the {@link NginxFacts} that lint and verify read.
 */
public final class NginxSource implements Source<NginxFacts> {
    /** The first statement of a config: a directive name, then a space, an argument, ';' or '{' (YAML's "key:" and JSON are not). */
    private static final Pattern DIRECTIVE = Pattern.compile("[\"']?[A-Za-z_][A-Za-z0-9_]*[\"']?(?:[\\s;{\"'#].*)?");

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String reads() {
        return "nginx configs (nginx.conf, *.conf, or 'nginx -T' output with -)";
    }

    @Override
    public String nothingToWaitFor() {
        return "no upstream to wait for (no proxy_pass or upstream server with a host and port)";
    }

    /**
     * A file named like an nginx config ({@code *.conf}, {@code *.conf.template}, {@code nginx*}, or in
     * a folder named nginx, e.g. /etc/nginx/sites-enabled/default), or text that reads as one: {@code nginx -T}
     * output, or a first statement that is a directive. Text with nothing but comments and blank
     * lines is read too (an empty config has no upstream, and says so). Folders, *.yaml, *.yml and *.json
     * are not nginx configs.
     */
    @Override
    public boolean recognises(Path path, String head) {
        if (path != null) {
            Path fileName = path.getFileName();
            String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
            if (Files.isDirectory(path) || name.matches(".*\\.(ya?ml|json)")) return false;
            if (namedLikeNginx(path, name)) return true;
        }
        return head != null && readsAsNginx(head);
    }

    private static boolean namedLikeNginx(Path path, String name) {
        if (name.endsWith(".conf") || name.endsWith(".conf.template") || name.startsWith("nginx")) return true;
        for (Path part : path) if (part.toString().equalsIgnoreCase("nginx")) return true;
        return false;
    }

    static boolean readsAsNginx(String head) {
        if (NginxParser.DUMP_MARKER.matcher(head).find()) return true;
        String text = head.startsWith("\uFEFF") ? head.substring(1) : head;
        for (String line : text.split("\\R", -1)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith("nginx: ")) continue;
            return DIRECTIVE.matcher(s).matches();
        }
        return true;
    }

    @Override
    public Loaded<NginxFacts> load(String file, InputStream stdin) throws SourceException {
        NginxFacts facts = facts(file, stdin);
        List<SkipNote> skipped = new ArrayList<>();
        List<Declaration> declarations = NginxTargets.decls(facts, skipped::add);
        return new Loaded<>(file, declarations, facts, skipped, OwnListeners.of(facts));
    }

    /** Parses {@code file} (following includes), or {@code nginx -T} output from {@code stdin} for {@code -}, whatever its name. */
    public static NginxFacts facts(String file, InputStream stdin) throws SourceException {
        try {
            return "-".equals(file) ? NginxFacts.loadDump(stdin, "-") : NginxFacts.load(Path.of(file));
        } catch (NginxConfigException e) {
            throw new SourceException(e.getMessage());
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read: " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new SourceException(file + ": not a path: " + e.getReason());
        }
    }
}
