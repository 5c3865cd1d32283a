package dev.readygate.source.compose;

import dev.readygate.model.Origin;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeProject.Service;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.NginxParser;
import dev.readygate.source.nginx.NginxSource;
import dev.readygate.source.nginx.Upstreams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The services an nginx config of the project proxies to over HTTP: the configs are the files a service
 * bind-mounts or the files of its build context (one level, named like nginx configs: *.conf, nginx*), and a
 * service is proxied to on a port when an upstream address of such a config is {@code SERVICE:PORT} (or one
 * of its network aliases).
 */
final class NginxProxies {
    /** At most this many files of one build context are read. */
    static final int MAX_FILES = 50;

    /** An HTTP port of a service, and the nginx line that proxies to it. */
    record Proxied(String scheme, Origin origin) {
    }

    private NginxProxies() {
    }

    /** By service name, then container port; a config envsubst fills in at start is read filled in. */
    static Map<String, Map<Integer, Proxied>> of(ComposeProject project) {
        Map<String, Service> names = project.hostNames();
        Map<String, Map<Integer, Proxied>> out = new HashMap<>();
        for (ComposeFacts.NginxConfig config : configs(project, true)) {
            for (Upstreams.Address a : Upstreams.of(config.facts())) {
                if (!a.dialable() || !a.isHttp() || a.host() == null) continue;
                Service service = names.get(a.host());
                if (service != null)
                    out.computeIfAbsent(service.name(), k -> new HashMap<>()).putIfAbsent(a.port(), new Proxied(a.scheme(), a.origin()));
            }
        }
        return out;
    }

    /**
     * The nginx configs of the project that parse, each once, with the first service that mounts it or builds with it;
     * a *.conf of another program (redis.conf), or a config whose includes are in the image, is left out: no hint, no noise.
     */
    static List<ComposeFacts.NginxConfig> configs(ComposeProject project) {
        return configs(project, false);
    }

    /**
     * @param envsubst a config whose passes are built from variables of the mounting service's {@code environment}
     *                 (a template envsubst fills in at start: {@code proxy_pass http://$FLASK_SERVER_ADDR}) is read with
     *                 them filled in, as the container will run it
     */
    static List<ComposeFacts.NginxConfig> configs(ComposeProject project, boolean envsubst) {
        Map<Path, Service> configs = new LinkedHashMap<>();
        for (Service s : project.services()) for (String p : s.hostPaths()) for (Path c : configs(p)) configs.putIfAbsent(c, s);
        List<ComposeFacts.NginxConfig> out = new ArrayList<>();
        for (Map.Entry<Path, Service> c : configs.entrySet()) {
            NginxFacts facts;
            try {
                facts = NginxSource.facts(c.getKey().toString(), InputStream.nullInputStream());
            } catch (SourceException e) {
                continue; // not nginx's, or not complete outside the image
            }
            if (envsubst && !facts.unverifiable().isEmpty()) facts = filled(c.getKey(), facts, c.getValue().environment());
            out.add(new ComposeFacts.NginxConfig(c.getValue().name(), facts));
        }
        return out;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    /**
     * The config with the variables of {@code env} filled in, as envsubst does (only those the environment sets, so
     * nginx's own {@code $host} stays); {@code facts} when none is used, or when the filled text does not parse. A
     * value that would change the config's shape (a line break, ';', braces) is not filled in.
     */
    private static NginxFacts filled(Path file, NginxFacts facts, Map<String, String> env) {
        String text;
        try {
            if (Files.size(file) > NginxParser.MAX_FILE_BYTES) return facts;
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return facts;
        }
        boolean[] used = {false};
        String out = VARIABLE.matcher(text).replaceAll(m -> {
            String value = env.get(m.group(1) != null ? m.group(1) : m.group(2));
            if (value == null || value.isEmpty() || value.matches("(?s).*[\\s;{}'\"$#].*")) return Matcher.quoteReplacement(m.group());
            used[0] = true;
            return Matcher.quoteReplacement(value);
        });
        if (!used[0]) return facts;
        try {
            return NginxFacts.of(NginxParser.parseText(out, file.toString()));
        } catch (RuntimeException e) {
            return facts;
        }
    }

    private static List<Path> configs(String written) {
        NginxSource nginx = new NginxSource();
        Path path;
        try {
            path = Path.of(written);
        } catch (InvalidPathException e) {
            return List.of();
        }
        if (Files.isRegularFile(path)) return nginx.recognises(path, null) ? List.of(path) : List.of();
        if (!Files.isDirectory(path)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            files.filter(Files::isRegularFile).filter(f -> nginx.recognises(f, null)).sorted().limit(MAX_FILES).forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }
}
