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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** By service name, then container port. */
    static Map<String, Map<Integer, Proxied>> of(ComposeProject project) {
        Map<String, String> names = new HashMap<>();
        for (Service s : project.services()) {
            names.put(s.name(), s.name());
            s.networks().values().forEach(aliases -> aliases.forEach(a -> names.putIfAbsent(a, s.name())));
        }
        // each config with the environment of the (first) service that mounts it, for an envsubst at its start
        Map<Path, Map<String, String>> configs = new java.util.LinkedHashMap<>();
        for (Service s : project.services()) for (String p : s.hostPaths()) for (Path c : configs(p)) configs.putIfAbsent(c, s.environment());
        Map<String, Map<Integer, Proxied>> out = new HashMap<>();
        for (Map.Entry<Path, Map<String, String>> c : configs.entrySet()) {
            NginxFacts facts = facts(c.getKey(), c.getValue());
            if (facts == null) continue; // a *.conf of another program (redis.conf), or a config whose includes are in the image: no hint, no noise
            for (Upstreams.Address a : Upstreams.of(facts)) {
                if (!a.dialable() || !a.isHttp() || a.host() == null) continue;
                String service = names.get(a.host());
                if (service != null) out.computeIfAbsent(service, k -> new HashMap<>()).putIfAbsent(a.port(), new Proxied(a.scheme(), a.origin()));
            }
        }
        return out;
    }

    /**
     * The config's facts. A config that names a variable the mounting service's environment sets
     * ({@code proxy_pass http://$BACKEND;} with {@code BACKEND=api:8000}) is read as envsubst leaves it
     * at the container's start (the nginx image's templates, or an {@code envsubst < ... > ...} command):
     * only those variables are replaced, so nginx's own ({@code $host}) stay. Null when it does not parse.
     */
    static NginxFacts facts(Path config, Map<String, String> environment) {
        try {
            String text = null;
            if (environment.values().stream().anyMatch(java.util.Objects::nonNull) && Files.size(config) <= NginxParser.MAX_FILE_BYTES) {
                String raw = Files.readString(config);
                String substituted = envsubst(raw, environment);
                if (!substituted.equals(raw)) text = substituted;
            }
            return text == null ? NginxSource.facts(config.toString(), InputStream.nullInputStream())
                    : NginxFacts.of(NginxParser.parseText(text, config.toString()));
        } catch (SourceException | IOException | RuntimeException e) { // NginxConfigException too
            return null;
        }
    }

    /** {@code $NAME} and {@code ${NAME}} replaced where {@code environment} sets NAME; everything else as written. */
    static String envsubst(String text, Map<String, String> environment) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '$' && i + 1 < text.length()) {
                boolean braced = text.charAt(i + 1) == '{';
                int start = braced ? i + 2 : i + 1;
                int end = start;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
                String name = text.substring(start, end);
                boolean closed = !braced || (end < text.length() && text.charAt(end) == '}');
                String value = name.isEmpty() || !closed ? null : environment.get(name);
                if (value != null) {
                    out.append(value);
                    i = braced ? end + 1 : end;
                    continue;
                }
            }
            out.append(ch);
            i++;
        }
        return out.toString();
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
