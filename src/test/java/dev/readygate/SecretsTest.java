package dev.readygate;

import dev.readygate.testing.CliRun;
import dev.readygate.testing.RawServer;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every secret shape (a password in a URL in each spelling, token query parameters, credential
 * headers with and without a colon), from every source (command line, environment, config file,
 * nginx config, a server's redirect), through every output (wait text, wait --output json,
 * --report FILE, verify text and json, lint text, json and sarif, usage errors, and on GitHub
 * Actions the workflow commands, the step summary, the outputs file and --junit FILE): the secret
 * appears nowhere in stdout, stderr or the files written.
 */
class SecretsTest {
    /** Answers every request 503, or a redirect to a URL with a password when the path asks for it. */
    private static RawServer http;
    private static int closed;

    @TempDir
    static Path dir;

    @BeforeAll
    static void servers() throws Exception {
        closed = Servers.freePort();
        http = new RawServer((s, server) -> {
            String req = server.readRequest(s);
            if (req.startsWith("GET /redirect")) {
                RawServer.write(s, "HTTP/1.1 302 Found\r\nLocation: http://rdr:LocPw9x@127.0.0.1:" + closed + "/next?token=LocTok9x&sig=LocSig9x"
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            } else {
                RawServer.write(s, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    /** A target spelling and the secrets it holds. */
    record Shape(String name, String target, List<String> secrets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> urls() {
        int h = http.port();
        return List.of(
                new Shape("tcp with path (did you mean)", "tcp://user:TcpPw1x@127.0.0.1:" + closed + "/db", List.of("TcpPw1x")),
                new Shape("http with token", "http://user:HttpPw2x@127.0.0.1:" + h + "/x?token=HttpTok2x", List.of("HttpPw2x", "HttpTok2x")),
                new Shape("bare user:pw@host", "user:BarePw3x@127.0.0.1:" + closed, List.of("BarePw3x")),
                new Shape("space in the user", "http://us er:SpacePw4x@127.0.0.1:" + h + "/", List.of("SpacePw4x")),
                new Shape("slash in the password", "http://user:SlPw5a/SlPw5b@127.0.0.1:" + h + "/", List.of("SlPw5a", "SlPw5b")),
                new Shape("@ in the password", "http://user:AtPw6a@AtPw6b@127.0.0.1:" + h + "/", List.of("AtPw6a", "AtPw6b")),
                new Shape("scheme without //", "https:user:NoSlPw7x@127.0.0.1:" + h + "/x", List.of("NoSlPw7x")),
                new Shape("secret query parameters", "http://127.0.0.1:" + h + "/x?access_token=Qt8ax&api_key=Qt8bx&X-Amz-Signature=Qt8cx"
                        + "&password=Qt8dx&client_secret=Qt8ex", List.of("Qt8ax", "Qt8bx", "Qt8cx", "Qt8dx", "Qt8ex")),
                new Shape("redirect to a URL with a password", "http://127.0.0.1:" + h + "/redirect", List.of("LocPw9x", "LocTok9x", "LocSig9x")),
                new Shape("user:pw in a tcp: target", "tcp:user:WoPw10x@127.0.0.1:" + closed, List.of("WoPw10x")),
                new Shape("mongodb seed list", "mongodb://app:MgPw11x@127.0.0.1:" + closed + ",127.0.0.1:2/?replicaSet=rs0",
                        List.of("MgPw11x")),
                new Shape("mongodb user:pw", "mongodb://app:MgPw12x@127.0.0.1:" + closed + "/?authSource=admin", List.of("MgPw12x")),
                new Shape("postgres user:pw (refused)", "postgres://app:PgPw13x@127.0.0.1:" + closed + "/appdb?sslmode=require", List.of("PgPw13x")));
    }

    static List<Shape> headers() {
        return List.of(
                new Shape("Cookie without colon", "Cookie sid=HdCk1x", List.of("HdCk1x")),
                new Shape("bare Bearer", "Bearer HdBr2x", List.of("HdBr2x")),
                new Shape("Authorization without colon, colon later", "Authorization Bearer HdAu3x:y", List.of("HdAu3x")),
                new Shape("valid Authorization", "Authorization: Bearer HdAu4x", List.of("HdAu4x")),
                new Shape("api key without colon", "X-Api-Key HdKey5x", List.of("HdKey5x")),
                new Shape("expect header without colon", "Set-Cookie sid=HdEx6x", List.of("HdEx6x")));
    }

    private static int reports;

    /** The outputs of one way of running readygate: stdout, stderr and any file it wrote. */
    private static String everything(CliRun r, Path... files) throws Exception {
        StringBuilder b = new StringBuilder(r.toString());
        for (Path f : files) if (Files.exists(f)) b.append("\n--- ").append(f.getFileName()).append(" ---\n").append(Files.readString(f, StandardCharsets.UTF_8));
        return b.toString();
    }

    private static void assertHidden(List<String> secrets, String output) {
        assertFalse(output.isBlank());
        for (String s : secrets) assertFalse(output.contains(s), () -> "'" + s + "' leaked:\n" + output);
    }

    /**
     * Runs readygate as on GitHub Actions (GITHUB_ACTIONS=true, a step summary and an outputs file) with --junit FILE:
     * its stdout and stderr (the workflow commands), the summary, the outputs and the JUnit report.
     */
    private static String onActions(Map<String, String> env, String... args) throws Exception {
        int n = ++reports;
        Path summary = dir.resolve("summary-" + n + ".md");
        Path outputs = dir.resolve("output-" + n + ".txt");
        Path junit = dir.resolve("junit-" + n + ".xml");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GITHUB_ACTIONS", "true");
        all.put("GITHUB_WORKSPACE", dir.toString());
        all.put("GITHUB_STEP_SUMMARY", summary.toString());
        all.put("GITHUB_OUTPUT", outputs.toString());
        List<String> withJunit = new ArrayList<>(List.of(args));
        withJunit.addAll(1, List.of("--junit", junit.toString()));
        CliRun r = CliRun.run(all, withJunit.toArray(String[]::new));
        if (r.code <= 1) assertTrue(Files.exists(junit) && Files.exists(outputs), r::toString); // a run that waited or checked wrote them
        return everything(r, summary, outputs, junit);
    }

    private static Path report() {
        return dir.resolve("report-" + (++reports) + ".json");
    }

    private static Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Stream<Shape> urlShapes() {
        return urls().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urlShapes")
    void aTargetFromTheCommandLine(Shape shape) throws Exception {
        Path rep = report();
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--timeout", "500ms", "--report", rep.toString(), shape.target()), rep));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--timeout", "500ms", "--output", "json", shape.target())));
        assertHidden(shape.secrets(), onActions(Map.of(), "wait", "--timeout", "500ms", shape.target()));
        // usage errors that echo the value: picocli's own messages
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--timeout", shape.target(), "db:1")));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--no-such-option=" + shape.target())));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--attempt-timeout", "1s", "--method", shape.target(), "db:1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urlShapes")
    void aTargetFromTheEnvironment(Shape shape) throws Exception {
        Path rep = report();
        Map<String, String> env = Map.of("READYGATE_TARGETS", shape.target(), "READYGATE_TIMEOUT", "500ms");
        assertHidden(shape.secrets(), everything(CliRun.run(env, "wait", "--report", rep.toString()), rep));
        assertHidden(shape.secrets(), everything(CliRun.run(env, "wait", "--output", "json")));
        assertHidden(shape.secrets(), onActions(env, "wait"));
        assertHidden(shape.secrets(), everything(CliRun.run(Map.of("READYGATE_TIMEOUT", shape.target()), "wait", "db:1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urlShapes")
    void aTargetFromTheConfigFile(Shape shape) throws Exception {
        String quoted = "'" + shape.target().replace("'", "''") + "'";
        Path cfg = write("targets-" + (++reports) + ".yaml", "timeout: 500ms\ntargets:\n  - name: " + quoted + "\n    url: " + quoted + "\n");
        Path rep = report();
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", cfg.toString(), "--report", rep.toString()), rep));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", cfg.toString(), "--output", "json")));
        assertHidden(shape.secrets(), onActions(Map.of(), "wait", "--config", cfg.toString()));
        // a quoted key holding the URL: "unknown key" errors
        Path key = write("key-" + reports + ".yaml", "targets:\n  - url: tcp://db:1\n    " + quoted + ": 1\n");
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", key.toString())));
        Path top = write("top-" + reports + ".yaml", quoted + ": 1\ntargets: [tcp://db:1]\n");
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", top.toString())));
        Path value = write("value-" + reports + ".yaml", "timeout: " + quoted + "\ntargets: [tcp://db:1]\n");
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", value.toString())));
    }

    static Stream<Shape> headerShapes() {
        return headers().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerShapes")
    void aHeaderFromEverySource(Shape shape) throws Exception {
        String url = "http://127.0.0.1:" + http.port() + "/";
        String option = shape.name().startsWith("expect") ? "--expect-header" : "--header";
        String key = shape.name().startsWith("expect") ? "expect-headers" : "headers";
        String env = shape.name().startsWith("expect") ? "READYGATE_EXPECT_HEADERS" : "READYGATE_HEADERS";
        Path rep = report();
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--timeout", "500ms", "--report", rep.toString(), option, shape.target(), url), rep));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--timeout", "500ms", "--output", "json", option + "=" + shape.target(), url)));
        assertHidden(shape.secrets(), everything(CliRun.run(Map.of(env, shape.target()), "wait", "--timeout", "500ms", url)));
        assertHidden(shape.secrets(), onActions(Map.of(), "wait", "--timeout", "500ms", option, shape.target(), url));
        String quoted = "'" + shape.target() + "'";
        Path cfg = write("headers-" + (++reports) + ".yaml", "timeout: 500ms\ntargets:\n  - url: " + url + "\n    " + key + ": [" + quoted + "]\n");
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", cfg.toString())));
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", cfg.toString(), "--output", "json")));
        Path defaults = write("defaults-" + reports + ".yaml", "timeout: 500ms\ndefaults:\n  " + key + ": [" + quoted + "]\ntargets: [" + url + "]\n");
        assertHidden(shape.secrets(), everything(CliRun.run("wait", "--config", defaults.toString())));
    }

    private static String nginx() {
        int h = http.port();
        return """
                events {}
                http {
                  upstream pool { server 127.0.0.1:%d; }
                  server {
                    listen 8080;
                    location /a/ { proxy_pass http://user:NgPw1x@127.0.0.1:%d/x?token=NgTok1x; }
                    location /b/ { proxy_pass http://127.0.0.1:%d/y?access_token=NgTok2x&sig=NgSig2x; }
                    location /c/ { proxy_pass http://user:NgPw3x@$backend_NgVar3x; }
                    location /d/ { proxy_pass http://user:NgPw4a@NgPw4b@127.0.0.1:%d/; }
                    location /e/ { proxy_pass http://pool/z?api_key=NgKey5x; }
                    location /f/ { proxy_pass https://user:NgPw6x@unix:/tmp/NgSock.sock:/x?password=NgPw6y; }
                  }
                }
                """.formatted(h, h, h, h);
    }

    private static final List<String> NGINX_SECRETS = List.of("NgPw1x", "NgTok1x", "NgTok2x", "NgSig2x", "NgPw3x", "NgPw4a", "NgPw4b",
            "NgKey5x", "NgPw6x", "NgPw6y");

    @Test
    void anNginxConfigThroughVerifyLintAndWaitFrom() throws Exception {
        Path conf = write("nginx.conf", nginx());
        List<CliRun> runs = new ArrayList<>();
        runs.add(CliRun.run("verify", "--timeout", "2s", conf.toString()));
        runs.add(CliRun.run("verify", "--timeout", "2s", "--output", "json", conf.toString()));
        for (String format : List.of("text", "json", "sarif")) runs.add(CliRun.run("lint", "--fail-on", "none", "--format", format, conf.toString()));
        runs.add(CliRun.withStdin(nginx(), "lint", "--format", "json", "-"));
        Path rep = report();
        runs.add(CliRun.run("wait", "--timeout", "500ms", "--from", conf.toString(), "--report", rep.toString()));
        runs.add(CliRun.run("wait", "--timeout", "500ms", "--from", conf.toString(), "--output", "json"));
        runs.add(CliRun.withStdin(nginx(), "wait", "--timeout", "500ms", "--from", "-"));
        for (CliRun r : runs) assertHidden(NGINX_SECRETS, everything(r, rep));
        assertHidden(NGINX_SECRETS, onActions(Map.of(), "verify", "--timeout", "2s", conf.toString()));
        assertHidden(NGINX_SECRETS, onActions(Map.of(), "verify", "--timeout", "2s", "--output", "json", conf.toString()));
        for (String format : List.of("text", "json", "sarif"))
            assertHidden(NGINX_SECRETS, onActions(Map.of(), "lint", "--fail-on", "info", "--format", format, conf.toString()));
        assertHidden(NGINX_SECRETS, onActions(Map.of(), "wait", "--timeout", "500ms", "--from", conf.toString()));
        // a broken nginx file: the error quotes the line
        Path broken = write("broken.conf", "http { server { location / { proxy_pass http://u:NgBrk7x@h:1/?token=NgBrk7y } }\n");
        for (String cmd : List.of("verify", "lint")) assertHidden(List.of("NgBrk7x", "NgBrk7y"), everything(CliRun.run(cmd, broken.toString())));
        assertHidden(List.of("NgBrk7x", "NgBrk7y"), everything(CliRun.run("wait", "--from", broken.toString())));
    }

    /** A Compose file: environment values, a healthcheck's URL with a password, and errors that quote a value. */
    @Test
    void aComposeFileThroughWaitFrom() throws Exception {
        Path compose = write("compose.yaml", """
                services:
                  db:
                    image: postgres
                    environment:
                      POSTGRES_PASSWORD: CmPw1x
                      DATABASE_URL: postgres://app:CmPw2x@db:5432/app
                    ports: ["127.0.0.1:1:5432"]
                    healthcheck:
                      test: ["CMD-SHELL", "curl -f http://app:CmPw3x@localhost:5432/health"]
                """);
        List<String> secrets = List.of("CmPw1x", "CmPw2x", "CmPw3x", "CmPw4x");
        Path rep = report();
        assertHidden(secrets, everything(CliRun.run("wait", "--timeout", "300ms", "--from", compose.toString(), "--report", rep.toString()), rep));
        assertHidden(secrets, everything(CliRun.run("wait", "--timeout", "300ms", "--network", "--from", compose.toString(), "--output", "json")));
        assertHidden(secrets, onActions(Map.of(), "wait", "--timeout", "300ms", "--from", compose.toString()));
        Path broken = write("docker-compose.yml", "services:\n  web:\n    ports: [\"http://u:CmPw4x@h:1\"]\n");
        CliRun r = CliRun.run("wait", "--from", broken.toString());
        assertEquals(3, r.code, r::toString);
        assertHidden(secrets, everything(r));
    }

    /** lint compose.yaml in every format, on Actions and with --junit: findings name variables, never their values. */
    @Test
    void aComposeFileThroughLint() throws Exception {
        Path compose = write("compose.yaml", """
                services:
                  web:
                    image: node:20-alpine
                    environment:
                      DATABASE_URL: postgres://app:ClPw1x@localhost:5432/app?password=ClPw2x
                    healthcheck:
                      test: ["CMD-SHELL", "curl -f http://app:ClPw3x@localhost:3000/health"]
                    depends_on: [db]
                  db:
                    image: postgres:16
                    ports: ["5432:5432"]
                """);
        List<String> secrets = List.of("ClPw1x", "ClPw2x", "ClPw3x", "ClPw4x");
        Path xml = dir.resolve("lint.xml");
        for (String format : List.of("text", "json", "sarif", "github")) {
            CliRun r = CliRun.run("lint", "--fail-on", "none", "-o", format, "--junit", xml.toString(), compose.toString());
            assertEquals(0, r.code, r::toString);
            assertTrue(r.out.contains("compose/localhost-to-service") && r.out.contains("compose/healthcheck-tool-missing"), r::toString);
            assertHidden(secrets, everything(r, xml));
            assertHidden(secrets, onActions(Map.of(), "lint", "-o", format, compose.toString()));
        }
        Path broken = write("docker-compose.yml", "services:\n  web:\n    image: ${IMG:?postgres://u:ClPw4x@h/x}\n");
        CliRun r = CliRun.run("lint", broken.toString());
        assertEquals(3, r.code, r::toString);
        assertHidden(secrets, everything(r));
    }

    @Test
    void aReadyTargetWithAHugePathIsReportedAtOnce() throws Exception {
        try (RawServer ok = new RawServer((s, server) -> {
            server.readRequest(s);
            RawServer.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            String path = "/" + "a@b:c?d/".repeat(2_500);
            CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> CliRun.run("wait", "--timeout", "3s", "--output", "json", "http://u:HugePw1x@127.0.0.1:" + ok.port() + path));
            assertTrue(r.code == 0 || r.code == 1, r::toString);
            assertHidden(List.of("HugePw1x"), everything(r));
        }
    }

    @Test
    void aHostileRedirectWithAHugeLocationIsReportedAtOnce() throws Exception {
        String location = "http://u:HostilePw1x@127.0.0.1:" + closed + "/" + "@:?a=&/".repeat(6_000);
        try (RawServer hostile = new RawServer((s, server) -> {
            server.readRequest(s);
            RawServer.write(s, "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            Path rep = report();
            CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> CliRun.run("wait", "--timeout", "3s", "--report", rep.toString(), "http://127.0.0.1:" + hostile.port() + "/"));
            assertTrue(r.code == 1 || r.code == 0, r::toString);
            assertHidden(List.of("HostilePw1x"), everything(r, rep));
        }
    }
}
