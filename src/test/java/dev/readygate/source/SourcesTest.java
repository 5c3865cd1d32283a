package dev.readygate.source;

import dev.readygate.registry.Registry;
import dev.readygate.settings.Declaration;
import dev.readygate.source.nginx.NginxSource;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which registered source reads a file given to wait --from: by name and first text, or a clear error. */
class SourcesTest {
    static final Path CORPUS = dev.readygate.testing.Corpus.ROOT;
    static final String NOT_READ = ": not a file readygate can read targets from; --from reads: "
            + "nginx configs (nginx.conf, *.conf, or 'nginx -T' output with -); Compose files (compose.yaml, docker-compose.yml, ...);"
            + " Kubernetes manifests (a file, a folder, or a kustomization)";

    @TempDir
    Path dir;

    private static final Sources SOURCES = Registry.sources();

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final InputStream NO_STDIN = stdin("");

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String picked(Path file) throws SourceException {
        return SOURCES.pick(file.toString(), NO_STDIN).source().name();
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).sorted().toList();
        }
    }

    @Test
    void theListSaysWhatItReads() {
        assertEquals(List.of("nginx", "compose", "k8s"), SOURCES.all().stream().map(Source::name).toList());
        assertEquals("nginx configs (nginx.conf, *.conf, or 'nginx -T' output with -); Compose files (compose.yaml, docker-compose.yml, ...);"
                + " Kubernetes manifests (a file, a folder, or a kustomization)",
                SOURCES.reads());
    }

    /** The sniff never rejects what loads as nginx today: every corpus file that nginx reads is picked as nginx, and loads the same. */
    @Test
    void everyNginxFileOfTheCorpusIsRecognised() throws Exception {
        List<Path> nginx = new ArrayList<>(files(CORPUS.resolve("nginx")));
        for (Path p : files(CORPUS.resolve("compose"))) if (p.toString().endsWith(".conf")) nginx.add(p);
        assertTrue(nginx.size() > 40, nginx.toString());
        int loaded = 0;
        for (Path p : nginx) {
            String direct;
            try {
                direct = NginxSource.facts(p.toString(), NO_STDIN).passes().toString();
            } catch (SourceException e) {
                continue; // a fragment whose includes are elsewhere, or not nginx at all (LICENSE.txt): not read today either
            }
            assertEquals("nginx", picked(p), p.toString());
            assertEquals(direct, ((dev.readygate.source.nginx.NginxFacts) SOURCES.load(p.toString(), NO_STDIN).facts()).passes().toString());
            loaded++;
        }
        assertTrue(loaded > 30, "loaded " + loaded);
    }

    @Test
    void composeFilesAreComposeAndKubernetesManifestsAreKubernetes() throws Exception {
        List<Path> yaml = new ArrayList<>();
        for (Path p : files(CORPUS)) if (p.toString().endsWith(".yaml")) yaml.add(p);
        assertTrue(yaml.size() > 25, yaml.toString());
        for (Path p : yaml) {
            if (p.startsWith(CORPUS.resolve("compose"))) assertEquals("compose", picked(p), p.toString());
            else assertEquals("k8s", picked(p), p.toString());
        }
        assertEquals("k8s", picked(CORPUS.resolve("k8s/microservices-demo")));
        assertEquals("compose", picked(CORPUS.resolve("compose/django")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"site", "default", "conf.d/app.txt", "whatever.cfg"})
    void nginxIsRecognisedByContentWhateverTheName(String name) throws Exception {
        assertEquals("nginx", picked(write(name, "# the app\n\nserver {\n  location / { proxy_pass http://app:8080; }\n}\n")));
        assertEquals("nginx", picked(write(name, "  user nginx;\nworker_processes auto;\n")));
        assertEquals("nginx", picked(write(name, "\uFEFFupstream app { server a:1; }\n")));
        assertEquals("nginx", picked(write(name, "# only comments so far\n")));
        assertEquals("nginx", picked(write(name, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"services:\n  web:\n    image: nginx\n", "# compose\nversion: '3'\n", "---\napiVersion: v1\n", "{\"targets\": []}\n",
            "[section]\nkey = 1\n", "FOO=bar\n", "- a\n- b\n"})
    void otherTextIsNotNginx(String text) throws Exception {
        Path p = write("input", text);
        SourceException e = assertThrows(SourceException.class, () -> SOURCES.pick(p.toString(), NO_STDIN));
        assertEquals(p + NOT_READ, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx.conf", "conf.d/app.conf", "templates/default.conf.template", "nginx-dump.txt", "etc/nginx/sites-enabled/default"})
    void nginxIsRecognisedByName(String name) throws Exception {
        assertEquals("nginx", picked(write(name, "services: not what it looks like\n")));
    }

    @Test
    void yamlJsonAndFoldersAreNeverNginx() throws Exception {
        for (String name : List.of("nginx.yaml", "nginx/app.yml", "nginx.json")) {
            Path p = write(name, "server { location / { proxy_pass http://a:1; } }\n");
            assertEquals(p + NOT_READ, assertThrows(SourceException.class, () -> picked(p)).getMessage());
        }
        Files.createDirectories(dir.resolve("nginx"));
        Path folder = dir.resolve("nginx");
        assertEquals(folder + NOT_READ, assertThrows(SourceException.class, () -> picked(folder)).getMessage());
    }

    @Test
    void aMissingFileIsNamedSo() {
        Path conf = dir.resolve("missing.conf");
        // named like nginx: nginx's own words, as before
        assertEquals(conf + ": open() \"" + conf + "\" failed (2: No such file or directory)",
                assertThrows(SourceException.class, () -> SOURCES.load(conf.toString(), NO_STDIN)).getMessage());
        Path txt = dir.resolve("missing.txt");
        assertEquals(txt + ": no such file; check the path", assertThrows(SourceException.class, () -> picked(txt)).getMessage());
    }

    @Test
    void stdinIsSniffedAndThenReadWhole() throws Exception {
        StringBuilder padding = new StringBuilder();
        while (padding.length() < 3 * Sources.HEAD_BYTES) padding.append("    # ").append("x".repeat(70)).append('\n');
        String dump = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                + "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
                + "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n" + padding + "  include /etc/nginx/conf.d/app.conf;\n}\n\n"
                + "# configuration file /etc/nginx/conf.d/app.conf:\nserver {\n  location / {\n    proxy_pass http://app:3000;\n  }\n}\n";
        Loaded<?> r = SOURCES.load("-", stdin(dump));
        assertEquals(List.of("http://app:3000"), r.declarations().stream().map(Declaration::url).toList());
        assertEquals("/etc/nginx/conf.d/app.conf:3:5", r.declarations().get(0).origin().toString());

        assertEquals("nginx", SOURCES.pick("-", stdin("http { server { location / { proxy_pass http://a:1; } } }\n")).source().name());
        Loaded<?> empty = SOURCES.load("-", stdin(""));
        assertTrue(empty.declarations().isEmpty());
        assertEquals("-", empty.file());

        SourceException e = assertThrows(SourceException.class, () -> SOURCES.load("-", stdin("services:\n  web:\n    image: nginx\n")));
        assertEquals("-" + NOT_READ, e.getMessage());
    }

    @Test
    void waitFromNotesEverySkippedAddress() throws Exception {
        Path conf = write("nginx.conf", "events {}\nhttp {\n  upstream app { server 127.0.0.1:1 down; }\n  server {\n"
                + "    location / { proxy_pass http://app; }\n  }\n}\n");
        CliRun r = CliRun.run("wait", "--from", conf.toString(), "--timeout", "1s");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.startsWith("readygate: skipped server 127.0.0.1:1 of upstream app at " + conf + ":3:18: marked down: nginx sends it nothing\n"),
                r.toString());
        assertTrue(r.err.contains("readygate: " + conf + ": no upstream to wait for"), r.toString());
    }

    @Test
    void waitFromSaysWhatItReadsAndExits3() throws Exception {
        Path compose = write("values.yaml", "replicaCount: 3\nimage:\n  tag: latest\n");
        CliRun r = CliRun.run("wait", "--from", compose.toString(), "--timeout", "1s", "127.0.0.1:1");
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + compose + NOT_READ + "\n", r.err, r.toString());
    }
}
