package dev.readygate.source.compose;

import dev.readygate.model.Origin;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeProject.Dependency;
import dev.readygate.source.compose.ComposeProject.Healthcheck;
import dev.readygate.source.compose.ComposeProject.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Compose reader takes from a file: YAML features, healthchecks, depends_on, profiles, network modes; and exact errors. */
class ComposeReaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("compose.yaml"), yaml);
    }

    private List<String> targets(String yaml, boolean network, String... profiles) throws Exception {
        return ComposeTesting.lines(ComposeTesting.load(write(yaml), ComposeTesting.context(Map.of(), network, profiles)));
    }

    private ComposeProject project(String yaml) throws Exception {
        return ComposeTesting.load(write(yaml), ComposeTesting.context(Map.of(), false)).facts();
    }

    private String error(String yaml) throws Exception {
        Path f = write(yaml);
        String m = assertThrows(SourceException.class, () -> ComposeTesting.load(f, ComposeTesting.context(Map.of(), false))).getMessage();
        return m.replace(f.toString(), "FILE");
    }

    /** Anchors, aliases, merge keys (explicit keys win, merged ones keep their line) and x- extension fields. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // an x- field holds the anchor; the service merges it
            "'x-web: &web\\n  ports: [\"8080:80\"]\\nservices:\\n  web:\\n    <<: *web\\n    image: x\\n' | tcp://127.0.0.1:8080  2:11",
            // an explicit key wins over the merged one
            "'x-web: &web\\n  ports: [\"8080:80\"]\\nservices:\\n  web:\\n    <<: *web\\n    ports: [\"9090:80\"]\\n' | tcp://127.0.0.1:9090  6:13",
            // an alias of a list
            "'x-ports: &ports [\"8080:80\", \"8443:443\"]\\nservices:\\n  web:\\n    ports: *ports\\n' | tcp://127.0.0.1:8080  1:18 & tcp://127.0.0.1:8443  1:29",
            // a merge of several mappings; the first wins
            "'x-a: &a {ports: [\"1000:1\"]}\\nx-b: &b {ports: [\"2000:2\"], expose: [\"3\"]}\\nservices:\\n  web:\\n    <<: [*a, *b]\\n' | tcp://127.0.0.1:1000  1:18",
            // an anchored service reused by another
            "'services:\\n  a: &svc\\n    ports: [\"8080:80\"]\\n  b:\\n    <<: *svc\\n    ports: [\"8081:80\"]\\n' | tcp://127.0.0.1:8080  3:13 & tcp://127.0.0.1:8081  6:13",
            // x- fields inside a service and at the top level are left alone
            "'x-anything: {deep: [1, {a: b}]}\\nservices:\\n  web:\\n    x-note: hi\\n    ports: [\"8080:80\"]\\n' | tcp://127.0.0.1:8080  5:13"})
    void anchorsAliasesMergeKeysAndExtensions(String yaml, String expected) throws Exception {
        assertEquals(List.of(expected.split(" & ")), targets(yaml.replace("\\n", "\n"), false));
    }

    /** Every form of healthcheck's test, and the HTTP URL a curl or wget names. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'curl -f http://localhost:8080/health'                       | CMD-SHELL;curl -f http://localhost:8080/health | http://127.0.0.1:9000/health",
            "'[\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]' | CMD;curl;-f;http://localhost:8080/health | http://127.0.0.1:9000/health",
            "'[\"CMD-SHELL\", \"curl --silent --fail localhost:8080/ready?x=1 && echo ok\"]' | CMD-SHELL;curl --silent --fail localhost:8080/ready?x=1 && echo ok | http://127.0.0.1:9000/ready?x=1",
            "'[\"CMD\", \"wget\", \"-q\", \"-O\", \"-\", \"http://127.0.0.1:8080/\"]' | CMD;wget;-q;-O;-;http://127.0.0.1:8080/ | http://127.0.0.1:9000/",
            "'wget --spider -q 0.0.0.0:8080'                              | CMD-SHELL;wget --spider -q 0.0.0.0:8080 | http://127.0.0.1:9000/",
            "'curl -f http://localhost:7000/health'                       | CMD-SHELL;curl -f http://localhost:7000/health | tcp://127.0.0.1:9000",
            "'curl -f http://other:8080/health'                           | CMD-SHELL;curl -f http://other:8080/health | tcp://127.0.0.1:9000",
            "'[\"CMD\", \"pg_isready\", \"-h\", \"localhost\"]'            | CMD;pg_isready;-h;localhost | tcp://127.0.0.1:9000",
            "'[\"NONE\"]'                                                 | NONE | tcp://127.0.0.1:9000"})
    void healthcheckTestForms(String test, String parsed, String target) throws Exception {
        String yaml = "services:\n  app:\n    ports: [\"9000:8080\"]\n    healthcheck:\n      test: " + test + "\n";
        Healthcheck h = project(yaml).services().get(0).healthcheck();
        assertEquals(List.of(parsed.split(";")), h.test());
        assertEquals(parsed.equals("NONE"), h.disabled());
        assertEquals(target, targets(yaml, false).get(0).replaceAll("  \\d+:\\d+$", ""));
    }

    /** A port the check's shell takes from the container's environment ($$PORT in the file): environment:, then env_file. */
    @Test
    void healthcheckPortFromTheContainersEnvironment() throws Exception {
        assertEquals(List.of("http://127.0.0.1:9000/health  3:13"), targets("services:\n  app:\n    ports: [\"9000:8080\"]\n"
                + "    environment: [PORT=8080]\n    healthcheck:\n      test: curl -f http://localhost:$${PORT}/health\n", false));
        Files.writeString(dir.resolve("app.env"), "PORT=8080\n");
        assertEquals(List.of("http://127.0.0.1:9000/ready  3:13"), targets("services:\n  app:\n    ports: [\"9000:8080\"]\n"
                + "    env_file: app.env\n    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -qO- localhost:$$PORT/ready\"]\n", false));
        assertEquals(List.of("tcp://127.0.0.1:9000  3:13"), targets("services:\n  app:\n    ports: [\"9000:8080\"]\n"
                + "    environment: {PORT: \"7000\"}\n    env_file: app.env\n    healthcheck:\n      test: curl -f localhost:$$PORT/\n", false));
    }

    @Test
    void healthcheckTimingAndDisable() throws Exception {
        Healthcheck h = project("services:\n  db:\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1m30s\n"
                + "      timeout: 500ms\n      retries: 5\n      start_period: 30s\n      start_interval: 2s\n").services().get(0).healthcheck();
        assertEquals(List.of(Duration.ofSeconds(90), Duration.ofMillis(500), 5, Duration.ofSeconds(30), Duration.ofSeconds(2)),
                List.of(h.interval(), h.timeout(), h.retries(), h.startPeriod(), h.startInterval()));
        assertFalse(h.disabled());
        Healthcheck off = project("services:\n  db:\n    ports: [\"1:2\"]\n    healthcheck:\n      test: curl -f localhost:2/\n      disable: true\n")
                .services().get(0).healthcheck();
        assertTrue(off.disabled());
        assertNull(off.http());
    }

    @Test
    void dependsOnListAndMap() throws Exception {
        ComposeProject p = project("services:\n  db: {}\n  cache: {}\n  web:\n    depends_on: [db]\n"
                + "  api:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n        required: false\n        restart: true\n");
        assertEquals(List.of(new Dependency("db", "service_started", true, ComposeTesting.origin(dir, 5, 18))), p.services().get(2).dependsOn());
        assertEquals(List.of(new Dependency("db", "service_healthy", true, ComposeTesting.origin(dir, 8, 7)),
                new Dependency("cache", "service_started", false, ComposeTesting.origin(dir, 10, 7))), p.services().get(3).dependsOn());
    }

    @Test
    void profilesAreHonoured() throws Exception {
        String yaml = "services:\n  web:\n    ports: [\"80:80\"]\n  debug:\n    profiles: [debug]\n    ports: [\"9229:9229\"]\n"
                + "  tools:\n    profiles: [tools, ops]\n    expose: [\"1\"]\n";
        assertEquals(List.of("tcp://127.0.0.1:80  3:13",
                "skipped service debug at FILE:4:3: its profiles (debug) are not active; enable one with --profile",
                "skipped service tools at FILE:7:3: its profiles (tools, ops) are not active; enable one with --profile"), targets(yaml, false));
        assertEquals(List.of("tcp://127.0.0.1:80  3:13", "tcp://127.0.0.1:9229  6:13",
                "skipped service tools at FILE:7:3: its profiles (tools, ops) are not active; enable one with --profile"), targets(yaml, false, "debug"));
        assertEquals(List.of("tcp://web:80  3:13", "tcp://debug:9229  6:13", "tcp://tools:1  9:14"), targets(yaml, true, "debug,ops"));
        assertEquals(List.of("tcp://web:80  3:13", "tcp://debug:9229  6:13", "tcp://tools:1  9:14"), targets(yaml, true, "*"));
        Path f = write(yaml);
        assertEquals(3, ComposeTesting.load(f, ComposeTesting.context(Map.of("COMPOSE_PROFILES", "debug,tools"), true)).declarations().size());
    }

    @Test
    void networkModes() throws Exception {
        assertEquals(List.of("tcp://127.0.0.1:9090  4:14"), targets("services:\n  prom:\n    network_mode: host\n    expose: [\"9090\"]\n", false));
        // ports are discarded in host mode: the container port is the host's own
        assertEquals(List.of("tcp://127.0.0.1:80  4:13"), targets("services:\n  web:\n    network_mode: host\n    ports: [\"8080:80\"]\n", false));
        assertEquals(List.of("skipped the ports of service 'a' at FILE:2:3: network_mode none publishes none"),
                targets("services:\n  a:\n    network_mode: none\n    ports: [\"80:80\"]\n", false));
        assertEquals(List.of("skipped the ports of service 'b' at FILE:3:3: network_mode service:a publishes none"),
                targets("services:\n  a: {}\n  b:\n    network_mode: service:a\n    ports: [\"80:80\"]\n", true));
        assertEquals(List.of("tcp://vpn:8080  4:14"), targets("services:\n  vpn: {}\n  app:\n    expose: [\"8080\"]\n    network_mode: service:vpn\n", true));
        ComposeProject p = project("services:\n  a:\n    networks:\n      front:\n        aliases: [api, www]\n      back:\n  b:\n    networks: [front]\n");
        assertEquals(Map.of("front", List.of("api", "www"), "back", List.of()), p.services().get(0).networks());
        assertEquals(Map.of("front", List.of()), p.services().get(1).networks());
    }

    /** What lint reads besides: the image and its line, container_name, the line of each environment entry; an override file replaces the image. */
    @Test
    void imageContainerNameAndWhereEachVariableIs() throws Exception {
        ComposeProject p = project("services:\n  web:\n    image: ${IMG:-nginx:1.27}\n    container_name: front\n    environment:\n      - A=1\n"
                + "      - B\n  api:\n    environment: {C: x}\n");
        Service web = p.services().get(0);
        assertEquals("nginx:1.27", web.image().name());
        assertEquals(ComposeTesting.origin(dir, 3, 12), web.image().origin());
        assertEquals("front", web.containerName());
        assertEquals(Map.of("A", ComposeTesting.origin(dir, 6, 9), "B", ComposeTesting.origin(dir, 7, 9)), web.environmentOrigins());
        assertEquals(Map.of("C", ComposeTesting.origin(dir, 9, 19)), p.services().get(1).environmentOrigins());
        assertNull(p.services().get(1).image());
        assertEquals(web, p.hostNames().get("front"));
        Files.writeString(dir.resolve("compose.override.yaml"), "services:\n  web:\n    image: nginx:alpine\n    environment: [A=2]\n");
        Service merged = project(Files.readString(dir.resolve("compose.yaml"))).services().get(0);
        assertEquals("nginx:alpine", merged.image().name());
        assertEquals(Origin.file(dir.resolve("compose.override.yaml").toString(), 4, 19), merged.environmentOrigins().get("A"));
        assertEquals(ComposeTesting.origin(dir, 7, 9), merged.environmentOrigins().get("B"));
    }

    /** A built service's image is the base its Dockerfile builds from: the target stage's, followed through earlier stages. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "build: ./app|node:20-alpine|5:8",
            "build: {context: app, target: deps}|python:3.12-slim|1:6",
            "build: {context: app, target: dev}|python:3.12-slim|1:6",
            "build: {context: app, dockerfile: Other.dockerfile}|gcr.io/distroless/static|2:20",
            "build: {context: app, dockerfile: Args.dockerfile}||",
            "build: {context: nowhere}||",
            "{image: myapp:1, build: ./app}|myapp:1|4:12",
    })
    void aBuiltServicesImageIsItsDockerfilesBase(String service, String image, String at) throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM python:3.12-slim AS deps\nRUN pip install x\nFROM deps as dev\n# the last stage\nFROM   node:20-alpine\n");
        Files.writeString(dir.resolve("app/Other.dockerfile"), "# syntax=docker/dockerfile:1\nFROM --platform=$X gcr.io/distroless/static\n");
        Files.writeString(dir.resolve("app/Args.dockerfile"), "ARG BASE=alpine\nFROM $BASE\n");
        String yaml = service.startsWith("{") ? "services:\n  web:\n" + (service.contains("image") ? "    build: ./app\n    image: myapp:1\n" : "")
                : "services:\n  web:\n    " + service + "\n";
        Service web = project(yaml).services().get(0);
        if (image == null) {
            assertNull(web.image());
            return;
        }
        assertEquals(image, web.image().name());
        String file = image.equals("myapp:1") ? dir.resolve("compose.yaml").toString()
                : dir.resolve("app").resolve(service.contains("Other") ? "Other.dockerfile" : "Dockerfile").toString();
        assertEquals(file + ":" + at, web.image().origin().toString());
    }

    @Test
    void environmentEnvFilesAndDotEnv() throws Exception {
        Files.writeString(dir.resolve(".env"), "# ports\nexport WEB_PORT=8088\nQUOTED=\"a b\" # not a comment\nPLAIN=x # comment\nSINGLE='$$raw'\n");
        ComposeProject p = project("services:\n  web:\n    ports: [\"${WEB_PORT}:80\"]\n    env_file: [.env, {path: extra.env, required: false}]\n"
                + "    environment:\n      - PORT=${WEB_PORT}\n      - BARE\n  api:\n    environment: {Q: \"${QUOTED}\", P: $PLAIN, S: \"${SINGLE}\"}\n");
        assertEquals(8088, p.services().get(0).ports().get(0).published());
        assertEquals(List.of(".env", "extra.env"), p.services().get(0).envFiles());
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PORT", "8088");
        env.put("BARE", null);
        assertEquals(env, p.services().get(0).environment());
        assertEquals(Map.of("Q", "a b", "P", "x", "S", "$$raw"), p.services().get(1).environment());
        // the environment wins over .env
        Path f = dir.resolve("compose.yaml");
        assertEquals(9099, ComposeTesting.load(f, ComposeTesting.context(Map.of("WEB_PORT", "9099"), false)).facts().services().get(0).ports().get(0).published());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                                           | FILE: the file is empty; a Compose file has `services:`",
            "'services: [web]\\n'                                         | FILE:1:11: key 'services' is a list, not a mapping; write one indented `NAME:` entry per service",
            "'service:\\n  web: {}\\n'                                    | FILE:1:1: unknown top-level key 'service'; did you mean 'services'?",
            "'services:\\n  web:\\n    ports: [\"${PORT:?the web port}:80\"]\\n' | FILE:3:13: required variable PORT is not set: the web port (in services.web.ports[0]); set PORT in the environment or in .env",
            "'services:\\n  web:\\n    image: \"app:${TAG:?set the tag}\"\\n'  | FILE:3:12: required variable TAG is not set: set the tag (in services.web.image); set TAG in the environment or in .env",
            "'x-a:\\n  b: [\"${X\"]\\nservices: {}\\n'                | FILE:2:7: unclosed '${' in an interpolation (in x-a.b[0]); write ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error} or ${NAME:+alt}, and $$ for a literal $",
            "'services:\\n  web:\\n    ports: [\"${PORT:-80\"]\\n'         | FILE:3:13: unclosed '${' in an interpolation (in services.web.ports[0]); write ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error} or ${NAME:+alt}, and $$ for a literal $",
            "'services:\\n  web:\\n    depends_on: [db]\\n'              | FILE:3:18: service 'web' depends on undefined service 'db'; services: web",
            "'services:\\n  web:\\n    depends_on: {webb: {condition: service_healthy}}\\n' | FILE:3:18: service 'web' depends on undefined service 'webb'; did you mean 'web'?",
            "'services:\\n  db: {}\\n  web:\\n    depends_on: {db: {condition: healthy}}\\n' | FILE:4:34: condition 'healthy' of db in service 'web' is not a condition; write service_started, service_healthy or service_completed_successfully",
            "'services:\\n  web:\\n    healthcheck:\\n      test: [\"CURL\", \"x\"]\\n' | FILE:4:13: test in the healthcheck of service 'web' starts with 'CURL'; start the list with CMD (a command and its arguments), CMD-SHELL (one shell command) or NONE",
            "'services:\\n  web:\\n    healthcheck:\\n      test: [\"CMD-SHELL\", \"a\", \"b\"]\\n' | FILE:4:13: test in the healthcheck of service 'web' has CMD-SHELL and 2 commands; write [CMD-SHELL, \"one shell command\"]",
            "'services:\\n  web:\\n    healthcheck:\\n      interval: 10\\n' | FILE:4:17: interval in the healthcheck of service 'web' '10' is not a duration; write it as Compose does, e.g. 500ms, 10s, 1m30s",
            "'services:\\n  web:\\n    healthcheck:\\n      retries: many\\n' | FILE:4:16: retries 'many' in the healthcheck of service 'web' is not a number; write a whole number, e.g. 3",
            "'services:\\n  web:\\n    healthcheck:\\n      intervall: 1s\\n' | FILE:4:7: unknown key 'intervall' in the healthcheck of service 'web'; a healthcheck has test, interval, timeout, retries, start_period, start_interval and disable",
            "'services:\\n  web:\\n    expose: [\"8080:80\"]\\n'         | FILE:3:14: expose '8080:80' in service 'web' is not valid; expose takes container ports only (e.g. 3000 or 3000-3005); publish with ports:",
            "'services:\\n  web:\\n    ports: [\"80:80\"\\n'             | FILE:4:1: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence); check the indentation, quotes and brackets here",
            "'services:\\n  web: {}\\n  web: {}\\n'                       | FILE:3:3: duplicate key 'web' (first at line 2); remove one of them",
            "'services:\\n  web:\\n    profiles: {a: b}\\n'              | FILE:3:15: profiles in service 'web' is a mapping, not a list; write a list of strings",
            "'services:\\n  \"-web\": {}\\n'                             | FILE:2:3: service name '-web' is not valid; use letters, digits, '_', '.' and '-', starting with a letter or digit"})
    void brokenFilesSayWhere(String yaml, String message) throws Exception {
        assertEquals(message, error(yaml.replace("\\n", "\n")));
    }

    @Test
    void limitsAreTheConfigFilesOwn() throws Exception {
        assertEquals("FILE:1:38: lists and mappings are nested more than 20 deep; a Compose file needs 6 levels, check the brackets and indentation",
                error("services: {a: {x-b: " + "[".repeat(30) + "]".repeat(30) + "}}\n"));
        assertEquals("FILE:3:12: a value is longer than 8192 characters (readygate's limit); a Compose value is an image, a port or a short command: check the quotes here",
                error("services:\n  web:\n    image: " + "x".repeat(9000) + "\n"));
        Files.write(dir.resolve("compose.yaml"), new byte[(1 << 20) + 1]);
        assertEquals("FILE: the file is larger than 1 MiB; a Compose file is a few KB, check that this is the right file",
                assertThrows(SourceException.class, () -> ComposeTesting.load(dir.resolve("compose.yaml"), ComposeTesting.context(Map.of(), false)))
                        .getMessage().replace(dir.resolve("compose.yaml").toString(), "FILE"));
    }
}
