package dev.readygate.lint;

import dev.readygate.model.Origin;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.compose.ComposeFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each Compose rule: projects that trigger it (with the exact finding and its related places) and projects that do
 * not. A row is a compose.yaml, and an nginx config (nginx/default.conf, mounted by the service proxy) or "".
 */
class ComposeLintRulesTest {
    @TempDir
    Path dir;

    /** A proxy that mounts nginx/default.conf and waits for backend to be healthy (lines 2-9); a row's services follow. */
    static final String PROXY = """
            services:
              proxy:
                image: nginx:1.27
                volumes:
                  - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
                depends_on:
                  backend:
                    condition: service_healthy
            """;
    /** backend with a healthcheck that names no port (lines 9-13 after PROXY). */
    static final String BACKEND = """
              backend:
                image: python:3.12
                healthcheck:
                  test: ["CMD", "python", "-c", "print(1)"]
            """;

    static List<Finding> lint(Path dir, String compose, String nginx, String... profiles) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), compose);
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM node:20 AS build\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=build /app /app\n");
        if (!nginx.isEmpty()) {
            Files.createDirectories(dir.resolve("nginx"));
            Files.writeString(dir.resolve("nginx/default.conf"), nginx);
        }
        Settings.Builder b = new Settings.Builder();
        if (profiles.length > 0) b.put(new Value<>(CoreKeys.PROFILE, List.of(profiles), Origin.COMMAND_LINE));
        List<SkipNote> notes = new ArrayList<>();
        ComposeFacts f = ComposeFacts.load(dir.resolve("compose.yaml").toString(), new Source.Context(Map.of(), Layers.of(b.build())), notes);
        return Linter.compose().lint(f);
    }

    /** The finding as text output shows it, then its related places; paths relative to the project's folder. */
    static String show(Finding f, Path dir) {
        String related = f.related().isEmpty() ? "" : " | related: " + String.join(", ", f.related().stream().map(String::valueOf).toList());
        return (f + related).replace(dir + "/", "");
    }

    private List<String> found(String ruleId, String compose, String nginx) throws Exception {
        return lint(dir, compose, nginx).stream().filter(x -> x.ruleId().equals(ruleId)).map(x -> show(x, dir)).toList();
    }

    static Stream<Arguments> positives() {
        return Stream.of(
                Arguments.of("compose/nginx-unknown-service", PROXY + BACKEND + "    expose: [\"8000\"]\n",
                        "server {\n  location / { proxy_pass http://backnd:8000; }\n}\n",
                        "nginx/default.conf:2:16: error: proxy_pass http://backnd:8000 names backnd, which is no service of compose.yaml; did you mean"
                                + " backend (compose.yaml:9:3)? nginx fails to start when the name does not resolve [compose/nginx-unknown-service]"
                                + " | related: compose.yaml:9:3"),
                Arguments.of("compose/nginx-unknown-service", PROXY.replace("    depends_on:\n      backend:\n        condition: service_healthy\n", "")
                                + BACKEND + "    expose: [\"8000\"]\n    profiles: [debug]\n",
                        "server {\n  location / { proxy_pass http://backend:8000; }\n}\n",
                        "nginx/default.conf:2:16: warning: proxy_pass http://backend:8000 names service backend (compose.yaml:6:3), which does not run"
                                + " with the active profiles (its profiles: debug): nginx fails to start without it [compose/nginx-unknown-service]"
                                + " | related: compose.yaml:6:3"),
                Arguments.of("compose/nginx-unknown-service", PROXY + "    networks: [front]\n" + BACKEND + "    expose: [\"8000\"]\n    networks: [back]\n",
                        "server {\n  location / { proxy_pass http://backend:8000; }\n}\n",
                        "nginx/default.conf:2:16: error: proxy_pass http://backend:8000 names service backend (compose.yaml:10:3), which shares no"
                                + " network with proxy (compose.yaml:2:3): proxy is on front, backend on back, so nginx cannot resolve the name and"
                                + " fails to start [compose/nginx-unknown-service] | related: compose.yaml:10:3, compose.yaml:2:3"),
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND + "    expose: [\"8000\"]\n",
                        "server {\n  location / { proxy_pass http://backend:8001; }\n}\n",
                        "nginx/default.conf:2:16: error: backend listens on 8000 (expose at compose.yaml:13:14), not 8001; proxy_pass"
                                + " http://backend:8001 at nginx/default.conf:2:16 says 8001 [compose/nginx-port-mismatch] | related: compose.yaml:13:14"),
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND + "    ports: [\"8001:8000\"]\n",
                        "upstream app {\n  server backend:8001;\n}\nserver {\n  location / { proxy_pass http://app; }\n}\n",
                        "nginx/default.conf:2:3: error: backend:8001 is backend's published host port (\"8001:8000\" at compose.yaml:13:13);"
                                + " inside the network backend listens on 8000 (server backend:8001 of upstream app at nginx/default.conf:2:3)"
                                + " [compose/nginx-port-mismatch] | related: compose.yaml:13:13"),
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND,
                        "server {\n  location / { proxy_pass http://backend:8000; }\n}\n",
                        "nginx/default.conf:2:16: info: proxy_pass http://backend:8000 at nginx/default.conf:2:16 dials backend:8000; backend"
                                + " (compose.yaml:9:3) declares no port (no ports, expose, healthcheck URL or PORT variable), so whether it listens"
                                + " there cannot be checked [compose/nginx-port-mismatch] | related: compose.yaml:9:3"),
                Arguments.of("compose/proxy-without-health-condition", """
                                services:
                                  web:
                                    image: traefik:v3
                                    depends_on: [app]
                                  app:
                                    image: node:20
                                """, "",
                        "compose.yaml:4:18: warning: web (a traefik proxy) depends on app without condition: service_healthy: Compose starts it when app's"
                                + " container starts, and it answers 502 until app is ready (app has no healthcheck in the file)"
                                + " [compose/proxy-without-health-condition] | related: compose.yaml:5:3"),
                Arguments.of("compose/depends-on-not-healthy", """
                                services:
                                  api:
                                    image: node:20
                                    depends_on:
                                      db:
                                        condition: service_started
                                  db:
                                    image: postgres:16
                                    healthcheck:
                                      test: ["CMD-SHELL", "pg_isready"]
                                """, "",
                        "compose.yaml:5:7: warning: api depends on db (condition: service_started): it starts as soon as db's container starts,"
                                + " before its healthcheck (compose.yaml:10:7) passes [compose/depends-on-not-healthy] | related: compose.yaml:10:7"),
                Arguments.of("compose/dependency-without-healthcheck", """
                                services:
                                  api:
                                    image: node:20
                                    depends_on: [cache]
                                  cache:
                                    image: redis:7
                                """, "",
                        "compose.yaml:5:3: warning: cache is depended on by api (compose.yaml:4:18), but it has no healthcheck in the file: depends_on"
                                + " can only wait for its container to start, not for it to answer [compose/dependency-without-healthcheck] | related: compose.yaml:4:18"),
                Arguments.of("compose/healthcheck-tool-missing", """
                                services:
                                  db:
                                    image: postgres:16-alpine
                                    healthcheck:
                                      test: ["CMD", "curl", "-f", "http://localhost:5432/"]
                                """, "",
                        "compose.yaml:5:13: warning: the healthcheck of db runs curl, which postgres:16-alpine (compose.yaml:3:12) likely lacks (Alpine"
                                + " images have busybox wget, not curl): the check fails, and db never turns healthy [compose/healthcheck-tool-missing]"
                                + " | related: compose.yaml:3:12"),
                Arguments.of("compose/healthcheck-tool-missing", """
                                services:
                                  app:
                                    image: gcr.io/distroless/static-debian12
                                    healthcheck:
                                      test: ["CMD-SHELL", "wget -q -O- localhost:8080/health"]
                                """, "",
                        "compose.yaml:5:13: warning: the healthcheck of app runs a shell (CMD-SHELL runs /bin/sh -c), which"
                                + " gcr.io/distroless/static-debian12 (compose.yaml:3:12) likely lacks (a distroless or scratch image has no shell): the"
                                + " check fails, and app never turns healthy [compose/healthcheck-tool-missing] | related: compose.yaml:3:12"),
                Arguments.of("compose/healthcheck-tool-missing", """
                                services:
                                  app:
                                    image: python:3.12-slim
                                    healthcheck:
                                      test: wget -q --spider http://localhost:8000/
                                """, "",
                        "compose.yaml:5:13: warning: the healthcheck of app runs wget, which python:3.12-slim (compose.yaml:3:12) likely lacks (Debian"
                                + " slim images have neither curl nor wget): the check fails, and app never turns healthy [compose/healthcheck-tool-missing]"
                                + " | related: compose.yaml:3:12"),
                Arguments.of("compose/healthcheck-tool-missing", """
                                services:
                                  app:
                                    build: ./app
                                    healthcheck:
                                      test: curl -f http://localhost:3000/health
                                """, "",
                        "compose.yaml:5:13: warning: the healthcheck of app runs curl, which node:20-alpine (app/Dockerfile:3:6) likely lacks"
                                + " (Alpine images have busybox wget, not curl): the check fails, and app never turns healthy"
                                + " [compose/healthcheck-tool-missing] | related: app/Dockerfile:3:6"),
                Arguments.of("compose/healthcheck-timeout-not-below-interval", """
                                services:
                                  search:
                                    image: elasticsearch:8.15.0
                                    healthcheck:
                                      test: ["CMD-SHELL", "curl -f localhost:9200"]
                                      interval: 10s
                                      timeout: 10s
                                """, "",
                        "compose.yaml:5:7: warning: the healthcheck of search has timeout 10s, not below its interval 10s: a hanging check runs a"
                                + " whole interval, so search is marked unhealthy only after up to 1m (3 retries)"
                                + " [compose/healthcheck-timeout-not-below-interval]"),
                Arguments.of("compose/healthcheck-timeout-not-below-interval", """
                                services:
                                  search:
                                    image: elasticsearch:8.15.0
                                    healthcheck:
                                      test: ["CMD-SHELL", "curl -f localhost:9200"]
                                      timeout: 45s
                                      retries: 5
                                """, "",
                        "compose.yaml:5:7: warning: the healthcheck of search has timeout 45s, not below its interval 30s (the default): a hanging"
                                + " check runs a whole interval, so search is marked unhealthy only after up to 6m15s (5 retries)"
                                + " [compose/healthcheck-timeout-not-below-interval]"),
                Arguments.of("compose/database-port-public", """
                                services:
                                  db:
                                    image: postgres:16
                                    ports:
                                      - "5432:5432"
                                """, "",
                        "compose.yaml:5:9: warning: db, a database (postgres:16), publishes its port 5432 on port 5432 of every interface of the host (\"5432:5432\"):"
                                + " whoever reaches the host reaches it [compose/database-port-public]"),
                Arguments.of("compose/database-port-public", """
                                services:
                                  cache:
                                    image: redislabs/redismod
                                    ports:
                                      - target: 6379
                                        published: 6379
                                        host_ip: 0.0.0.0
                                """, "",
                        "compose.yaml:5:9: warning: cache, a database (redislabs/redismod), publishes its port 6379 on port 6379 of every interface of the host"
                                + " (\"target 6379\"): whoever reaches the host reaches it [compose/database-port-public]"),
                Arguments.of("compose/localhost-to-service", """
                                services:
                                  web:
                                    image: node:20
                                    environment:
                                      DATABASE_URL: postgres://app:Pw0rdX9@localhost:5432/app
                                  db:
                                    image: postgres:16
                                    expose: ["5432"]
                                """, "",
                        "compose.yaml:5:7: warning: environment DATABASE_URL of web dials localhost:5432, which inside web's container is web itself;"
                                + " db listens on 5432 (compose.yaml:8:14) [compose/localhost-to-service] | related: compose.yaml:8:14"),
                Arguments.of("compose/localhost-to-service", """
                                services:
                                  web:
                                    image: node:20
                                    environment:
                                      - REDIS_HOST=127.0.0.1
                                  redis:
                                    image: redis:7
                                """, "",
                        "compose.yaml:5:9: warning: environment REDIS_HOST of web is 127.0.0.1, which inside web's container is web itself, not redis"
                                + " (compose.yaml:6:3) [compose/localhost-to-service] | related: compose.yaml:6:3"));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("positives")
    void positive(String ruleId, String compose, String nginx, String expected) throws Exception {
        assertEquals(List.of(expected), found(ruleId, compose, nginx));
    }

    static Stream<Arguments> negatives() {
        return Stream.of(
                // an external name, and a service that exists on the port nginx dials
                Arguments.of("compose/nginx-unknown-service", PROXY + BACKEND + "    expose: [\"8000\"]\n",
                        "server {\n  location / { proxy_pass http://backend:8000; }\n  location /x { proxy_pass https://api.example.com; }\n"
                                + "  location /y { proxy_pass http://auth:9000; }\n}\n"),
                // one network in common is enough
                Arguments.of("compose/nginx-unknown-service", PROXY + "    networks: [front, back]\n" + BACKEND + "    expose: [\"8000\"]\n    networks: [back]\n",
                        "server {\n  location / { proxy_pass http://backend:8000; }\n}\n"),
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND + "    environment:\n      - PORT=8001\n",
                        "server {\n  location / { proxy_pass http://backend:8001; }\n}\n"),
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND.replace("[\"CMD\", \"python\", \"-c\", \"print(1)\"]",
                        "[\"CMD\", \"curl\", \"-f\", \"http://localhost:8001/health\"]"), "server {\n  location / { proxy_pass http://backend:8001; }\n}\n"),
                // a network alias of the service
                Arguments.of("compose/nginx-port-mismatch", PROXY + BACKEND + "    expose: [\"8000\"]\n    networks:\n      default:\n        aliases: [api]\n",
                        "server {\n  location / { proxy_pass http://api:8000; }\n}\n"),
                Arguments.of("compose/proxy-without-health-condition", PROXY + BACKEND, ""),
                Arguments.of("compose/depends-on-not-healthy", """
                        services:
                          api:
                            image: node:20
                            depends_on:
                              db:
                                condition: service_healthy
                              migrate:
                                condition: service_completed_successfully
                          db:
                            image: postgres:16
                            healthcheck:
                              test: ["CMD-SHELL", "pg_isready"]
                          migrate:
                            image: node:20
                        """, ""),
                Arguments.of("compose/dependency-without-healthcheck", """
                        services:
                          api:
                            image: node:20
                            depends_on:
                              migrate:
                                condition: service_completed_successfully
                              db:
                                condition: service_healthy
                          migrate:
                            image: node:20
                          db:
                            image: postgres:16
                            healthcheck:
                              test: ["CMD-SHELL", "pg_isready"]
                        """, ""),
                Arguments.of("compose/healthcheck-tool-missing", """
                        services:
                          a:
                            image: nginx:alpine
                            healthcheck:
                              test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]
                          b:
                            image: nginx:1.27
                            healthcheck:
                              test: curl -f http://localhost/
                          c:
                            build: .
                            healthcheck:
                              test: curl -f http://localhost/
                        """, ""),
                Arguments.of("compose/healthcheck-timeout-not-below-interval", """
                        services:
                          a:
                            image: nginx
                            healthcheck:
                              test: curl -f http://localhost/
                              interval: 10s
                              timeout: 3s
                          b:
                            image: nginx
                            healthcheck:
                              test: curl -f http://localhost/
                              interval: 2s
                        """, ""),
                Arguments.of("compose/database-port-public", """
                        services:
                          db:
                            image: postgres:16
                            ports:
                              - "127.0.0.1:5432:5432"
                              - "[::1]:5433:5432"
                          web:
                            image: nginx
                            ports: ["8080:80"]
                        """, ""),
                Arguments.of("compose/localhost-to-service", """
                        services:
                          web:
                            image: node:20
                            expose: ["3000"]
                            environment:
                              PUBLIC_URL: http://localhost:3000/
                              DATABASE_URL: postgres://db:5432/app
                              OTHER: http://localhost:9999/
                          db:
                            image: postgres:16
                            expose: ["5432"]
                          sidecar:
                            image: envoyproxy/envoy:v1.31
                            network_mode: "service:db"
                            environment:
                              UPSTREAM: localhost:5432
                        """, ""));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("negatives")
    void negative(String ruleId, String compose, String nginx) throws Exception {
        assertEquals(List.of(), found(ruleId, compose, nginx));
    }

    @Test
    void everyRuleHasAPositiveAndANegativeRow() {
        Set<String> pos = new HashSet<>(), neg = new HashSet<>();
        positives().forEach(a -> pos.add((String) a.get()[0]));
        negatives().forEach(a -> neg.add((String) a.get()[0]));
        Set<String> ids = new HashSet<>();
        for (Rule<?> r : Linter.compose().rules()) {
            assertTrue(r.id().matches("compose/[a-z0-9-]+"), r.id());
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            assertTrue(r.summary().length() > 20 && r.fix().length() > 20, r.id());
        }
        assertEquals(ids, pos);
        assertEquals(ids, neg);
    }

    @Test
    void aCleanStackHasNoFinding() throws Exception {
        Path stack = Path.of("src/test/resources/compose/lint/proxy-stack/compose.yaml");
        ComposeFacts f = ComposeFacts.load(stack.toString(), Source.Context.NONE, new ArrayList<>());
        assertEquals(List.of(), Linter.compose().lint(f));
        assertEquals(1, f.nginx().size());
        assertEquals("proxy", f.nginx().get(0).service());
    }

    /** A value's secrets (a password in a URL) never reach a message, a fix or anything a report prints of the finding. */
    @Test
    void messagesNeverHoldEnvironmentValues() throws Exception {
        List<Finding> found = lint(dir, """
                services:
                  web:
                    image: node:20
                    environment:
                      DATABASE_URL: postgres://app:Pw0rdX9@localhost:5432/app?sslpassword=Tk3nY7
                      CACHE: redis://:Pw0rdZ8@127.0.0.1:6379/0
                  db:
                    image: postgres:16
                    ports: ["5432:5432"]
                  cache:
                    image: redis:7
                    expose: ["6379"]
                """, "");
        assertEquals(2, found.stream().filter(x -> x.ruleId().equals("compose/localhost-to-service")).count(), found.toString());
        for (Finding x : found) {
            String all = x + " " + x.fix();
            assertFalse(all.contains("Pw0rd") || all.contains("Tk3n") || all.contains("app@"), all);
        }
    }

    /** Services of an inactive profile are not linted; --profile enables them. */
    @Test
    void profilesChooseWhatIsLinted() throws Exception {
        String compose = """
                services:
                  db:
                    image: postgres:16
                    profiles: [debug]
                    ports: ["5432:5432"]
                """;
        assertEquals(List.of(), lint(dir, compose, ""));
        assertEquals(1, lint(dir, compose, "", "debug").size());
    }
}
