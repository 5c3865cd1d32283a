package dev.readygate.source.compose;

import dev.readygate.source.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Several files as one project: the override file beside compose.yaml, COMPOSE_FILE for a folder, and include:. */
class ComposeMergeTest {
    @TempDir
    Path dir;

    private void write(String name, String yaml) throws Exception {
        ComposeTesting.write(dir, name, yaml);
    }

    private List<String> lines(String given, Map<String, String> env, boolean network) throws Exception {
        return ComposeTesting.lines(new ComposeSource().load(dir.resolve(given).toString(), java.io.InputStream.nullInputStream(),
                ComposeTesting.context(env, network))).stream().map(l -> given.equals(".") ? l.replace("FILE/compose.yaml", "FILE").replace("./", "").replace("  compose.yaml:", "  ") : l)
                .map(l -> l.replace(dir + "/", "")).toList();
    }

    /** BASE is compose.yaml, OVERRIDE compose.override.yaml; HOST and NETWORK list what is derived, separated by &. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // ports are added to; the same entry twice counts once
            "services:\\n  web:\\n    ports: [\"80:80\"]\\n | services:\\n  web:\\n    ports: [\"80:80\", \"443:443\"]\\n | tcp://127.0.0.1:80  3:13 & tcp://127.0.0.1:443  compose.override.yaml:3:22 | tcp://web:80  3:13 & tcp://web:443  compose.override.yaml:3:22",
            // a service only in the override is added; it may depend on the base's
            "services:\\n  db:\\n    expose: [\"5432\"]\\n | services:\\n  web:\\n    depends_on: [db]\\n    ports: [\"8080:80\"]\\n | tcp://127.0.0.1:8080  compose.override.yaml:4:13 | tcp://db:5432  3:14 & tcp://web:80  compose.override.yaml:4:13",
            // the override's healthcheck test makes the port HTTP
            "services:\\n  web:\\n    ports: [\"8080:80\"]\\n | services:\\n  web:\\n    healthcheck:\\n      test: curl -f localhost/health\\n | http://127.0.0.1:8080/health  3:13 | http://web:80/health  3:13",
            // profiles are added to: the override puts the service behind a profile
            "services:\\n  web:\\n    ports: [\"8080:80\"]\\n | services:\\n  web:\\n    profiles: [debug]\\n | skipped service web at FILE:2:3: its profiles (debug) are not active; enable one with --profile | skipped service web at FILE:2:3: its profiles (debug) are not active; enable one with --profile",
            // !override replaces the list, !reset empties it
            "services:\\n  web:\\n    ports: [\"80:80\"]\\n    expose: [\"9\"]\\n | services:\\n  web:\\n    ports: !override [\"81:80\"]\\n    expose: !reset []\\n | tcp://127.0.0.1:81  compose.override.yaml:3:23 | tcp://web:80  compose.override.yaml:3:23",
            "services:\\n  web:\\n    ports: [\"80:80\"]\\n    profiles: [x]\\n | services:\\n  web:\\n    profiles: !reset []\\n | tcp://127.0.0.1:80  3:13 | tcp://web:80  3:13",
            // network_mode is replaced
            "services:\\n  web:\\n    expose: [\"80\"]\\n | services:\\n  web:\\n    network_mode: host\\n | tcp://127.0.0.1:80  3:14 | tcp://127.0.0.1:80  3:14"})
    void anOverrideFileIsMergedAsComposeDoes(String base, String override, String host, String network) throws Exception {
        write("compose.yaml", base);
        write("compose.override.yaml", override);
        assertEquals(List.of(host.split(" & ")), lines("compose.yaml", Map.of(), false));
        assertEquals(List.of(network.split(" & ")), lines("compose.yaml", Map.of(), true));
        // the folder reads the same files
        assertEquals(List.of(host.split(" & ")), lines(".", Map.of(), false));
    }

    @Test
    void aFolderReadsComposeFileInItsOrder() throws Exception {
        write("a.yaml", "services:\n  web:\n    ports: [\"80:80\"]\n");
        write("b.yaml", "services:\n  web:\n    ports: [\"81:81\"]\n  db:\n    ports: [\"${DB_PORT}:5432\"]\n");
        write(".env", "DB_PORT=5433\n");
        assertEquals(List.of("tcp://127.0.0.1:80  a.yaml:3:13", "tcp://127.0.0.1:81  b.yaml:3:13", "tcp://127.0.0.1:5433  b.yaml:5:13"),
                lines(".", Map.of("COMPOSE_FILE", "a.yaml:b.yaml"), false));
        assertEquals(List.of("tcp://127.0.0.1:81  b.yaml:3:13", "tcp://127.0.0.1:80  a.yaml:3:13", "tcp://127.0.0.1:5433  b.yaml:5:13"),
                lines(".", Map.of("COMPOSE_FILE", "b.yaml;a.yaml", "COMPOSE_PATH_SEPARATOR", ";"), false));
        // a.yaml:b.yaml, as -f a.yaml -f b.yaml (when no file has that whole name)
        assertEquals(List.of("tcp://127.0.0.1:80  a.yaml:3:13", "tcp://127.0.0.1:81  b.yaml:3:13", "tcp://127.0.0.1:5433  b.yaml:5:13"),
                lines("a.yaml:" + dir.resolve("b.yaml"), Map.of(), false));
        assertEquals("compose", dev.readygate.registry.Registry.sources().pick(dir.resolve("a.yaml") + ":" + dir.resolve("b.yaml"),
                java.io.InputStream.nullInputStream()).source().name());
        // a file that is not named like a default is read alone
        assertEquals(List.of("tcp://127.0.0.1:81  3:13", "tcp://127.0.0.1:5433  5:13"), lines("b.yaml", Map.of(), false));
        Files.delete(dir.resolve("a.yaml"));
        Files.delete(dir.resolve("b.yaml"));
        assertEquals(dir.resolve(".") + ": no Compose file in this folder (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml); give the file",
                assertThrows(SourceException.class, () -> ComposeSource.files(dir.resolve("."), Map.of())).getMessage());
    }

    @Test
    void includeAddsTheServicesOfOtherProjects() throws Exception {
        write("compose.yaml", "include:\n  - db/compose.yaml\n  - path: [cache/base.yaml, cache/more.yaml]\n    env_file: cache/vars.env\n"
                + "services:\n  web:\n    depends_on: [db, cache]\n    ports: [\"80:80\"]\n");
        write("db/compose.yaml", "services:\n  db:\n    ports: [\"${DB_PORT}:5432\"]\n");
        write("db/.env", "DB_PORT=5433\n");
        write("cache/base.yaml", "services:\n  cache:\n    ports: [\"${CACHE_PORT}:6379\"]\n");
        write("cache/more.yaml", "services:\n  cache:\n    expose: [\"6380\"]\n");
        write("cache/vars.env", "CACHE_PORT=6380\n");
        assertEquals(List.of("tcp://127.0.0.1:5433  db/compose.yaml:3:13", "tcp://127.0.0.1:6380  cache/base.yaml:3:13",
                "tcp://127.0.0.1:80  8:13"), lines("compose.yaml", Map.of(), false));
        assertEquals(List.of("tcp://db:5432  db/compose.yaml:3:13", "tcp://cache:6379  cache/base.yaml:3:13",
                "tcp://cache:6380  cache/more.yaml:3:14", "tcp://web:80  8:13"), lines("compose.yaml", Map.of(), true));
    }

    @Test
    void includeErrorsSayWhere() throws Exception {
        write("compose.yaml", "include:\n  - other.yaml\nservices:\n  web: {}\n");
        write("other.yaml", "services:\n  web: {}\n");
        assertEquals(dir.resolve("compose.yaml") + ":2:5: service 'web' of the included " + dir.resolve("other.yaml")
                + " is defined here too; Compose refuses the conflict: rename one, or merge with an override file", error());
        write("other.yaml", "include: [compose.yaml]\n");
        assertEquals(dir.resolve("other.yaml") + ":1:11: include: " + dir.resolve("compose.yaml") + " includes itself; remove the loop", error());
        write("compose.yaml", "include:\n  - gone.yaml\n");
        assertEquals(dir.resolve("gone.yaml") + ": no such file; check the path", error());
        write("compose.yaml", "include:\n  - pth: x.yaml\n");
        assertEquals(dir.resolve("compose.yaml") + ":2:5: unknown key 'pth' in an entry of include; an entry has path, project_directory and env_file", error());
    }

    private String error() {
        return assertThrows(SourceException.class, () -> lines("compose.yaml", Map.of(), false)).getMessage();
    }
}
