package dev.readygate.source.compose;

import dev.readygate.model.Origin;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeProject.Service;
import dev.readygate.source.nginx.NginxFacts;
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
        Set<Path> configs = new LinkedHashSet<>();
        for (Service s : project.services()) for (String p : s.hostPaths()) configs.addAll(configs(p));
        Map<String, Map<Integer, Proxied>> out = new HashMap<>();
        for (Path config : configs) {
            NginxFacts facts;
            try {
                facts = NginxSource.facts(config.toString(), InputStream.nullInputStream());
            } catch (SourceException e) {
                continue; // a *.conf of another program (redis.conf), or a config whose includes are in the image: no hint, no noise
            }
            for (Upstreams.Address a : Upstreams.of(facts)) {
                if (!a.dialable() || !a.isHttp() || a.host() == null) continue;
                String service = names.get(a.host());
                if (service != null) out.computeIfAbsent(service, k -> new HashMap<>()).putIfAbsent(a.port(), new Proxied(a.scheme(), a.origin()));
            }
        }
        return out;
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
