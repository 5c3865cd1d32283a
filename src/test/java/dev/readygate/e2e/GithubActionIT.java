package dev.readygate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.readygate.testing.ActionRunner;
import dev.readygate.testing.Commands;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The composite action (action.yml, action/*.sh) on a simulated runner ({@link ActionRunner}):
 * real bash, the packaged jar standing in for a cache hit, the JDK running this test standing in
 * for actions/setup-java, loopback targets. Assertions marked CONTRACT need readygate's GitHub
 * mode (GITHUB_ACTIONS=true: ::error annotations on stdout, the step summary, ready and duration
 * in GITHUB_OUTPUT).
 */
@Timeout(120)
class GithubActionIT {
    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final Path JAR = Path.of(System.getProperty("readygate.jar", "target/readygate.jar")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Pinned: a new release must not turn the build red by itself. */
    static final String ACTION_VALIDATOR = "@action-validator/cli@0.6.0";

    @TempDir
    Path tmp;
    Path workspace;
    Path runnerTemp;
    final List<Map<String, String>> setupJava = new CopyOnWriteArrayList<>();
    final List<HttpServer> servers = new ArrayList<>();

    @BeforeEach
    void runner() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR);
        Commands.require("bash", "the action's steps cannot run");
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    /** A hosted runner's environment: a JDK as JAVA_HOME_<N>_X64, no JAVA_HOME. */
    Map<String, String> env(Path toolCache) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("LANG", "C.UTF-8");
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("RUNNER_OS", "Linux");
        env.put("RUNNER_ARCH", "X64");
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("RUNNER_TOOL_CACHE", Files.createDirectories(toolCache).toString());
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("JAVA_HOME_" + Runtime.version().feature() + "_X64", System.getProperty("java.home"));
        env.put("READYGATE_AOT", "off"); // no background AOT training outliving the test (JDK 25)
        return env;
    }

    ActionRunner runner(Path actionPath, Map<String, String> env, ActionRunner.Uses cache) throws IOException {
        return new ActionRunner(actionPath, env, Files.createDirectories(tmp.resolve("runner-files")))
                .uses("actions/cache", cache)
                .uses("actions/setup-java", (with, job) -> {
                    setupJava.add(with);
                    String home = System.getProperty("java.home");
                    job.exportVariable("JAVA_HOME", home);
                    job.addPath(home + "/bin");
                    return Map.of("path", home, "version", Runtime.version().toString(), "distribution", with.get("distribution"));
                });
    }

    /** actions/cache restoring the packaged jar, whatever the key. */
    static ActionRunner.Uses cacheHit() {
        return (with, job) -> {
            Path dir = Files.createDirectories(Path.of(with.get("path")));
            Files.copy(JAR, dir.resolve("readygate.jar"), StandardCopyOption.REPLACE_EXISTING);
            return Map.of("cache-hit", "true");
        };
    }

    /** actions/cache over a store directory: restores a saved key, else saves the path after a successful job. */
    static ActionRunner.Uses cacheStore(Path store) {
        return (with, job) -> {
            Path path = Path.of(with.get("path"));
            Path saved = store.resolve(with.get("key"));
            if (Files.isDirectory(saved)) {
                copyTree(saved, path);
                return Map.of("cache-hit", "true");
            }
            job.postOnSuccess(() -> {
                if (Files.isDirectory(path)) copyTree(path, saved);
            });
            return Map.of("cache-hit", "false");
        };
    }

    ActionRunner.Result run(Map<String, String> inputs) throws Exception {
        return runner(ROOT, env(tmp.resolve("tool-cache")), cacheHit()).run(inputs);
    }

    HttpServer http(String body, List<String> headers) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        s.createContext("/", x -> {
            headers.add(String.valueOf(x.getRequestHeaders().getFirst("X-Test")));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        s.start();
        servers.add(s);
        return s;
    }

    static JsonNode report(ActionRunner.Result r) throws IOException {
        String path = r.outputs().get("report");
        assertNotNull(path, r::log);
        return JSON.readTree(Path.of(path).toFile());
    }

    /** Two ready targets, a TCP listener and an HTTP server, with args that need quoting. */
    ActionRunner.Result readyRun(List<String> targets, List<String> headers) throws Exception {
        int api = http("hello world", headers).getAddress().getPort();
        try (ServerSocket db = Servers.listen()) {
            targets.add("tcp://127.0.0.1:" + db.getLocalPort());
            targets.add("http://127.0.0.1:" + api + "/health");
            return run(Map.of(
                    "targets", targets.get(0) + "\n\n# the API\n  " + targets.get(1) + "  \n",
                    "timeout", "20s",
                    "args", "--body-contains \"hello world\"\n--header 'X-Test: a b'"));
        }
    }

    /** A target from a config file in the workspace (line 4, column 5), on a port where nothing listens. */
    ActionRunner.Result blockedRun(int port) throws Exception {
        Path config = Files.createDirectories(workspace.resolve("ci")).resolve("readygate.yaml");
        Files.writeString(config, "# waited for by the action\ntimeout: 3s\ntargets:\n  - tcp://127.0.0.1:" + port + "\n");
        return run(Map.of("config", "ci/readygate.yaml"));
    }

    @Test
    void aReadyRunReportsUnderRunnerTempWithoutABuild() throws Exception {
        List<String> targets = new ArrayList<>();
        List<String> headers = new CopyOnWriteArrayList<>();
        ActionRunner.Result r = readyRun(targets, headers);
        assertEquals(0, r.exitCode(), r::log);
        assertEquals(List.of("key", "cache", "java", "wait"), r.ran(), "a cache hit with a JDK on the runner: no setup-java, no build\n" + r.log());
        assertTrue(setupJava.isEmpty());
        // the report is under RUNNER_TEMP and says both are ready
        assertTrue(Path.of(r.outputs().get("report")).startsWith(runnerTemp), r::log);
        JsonNode report = report(r);
        assertTrue(report.get("ready").asBoolean(), report::toPrettyString);
        List<String> urls = new ArrayList<>();
        report.get("targets").forEach(t -> urls.add(t.get("url").asText()));
        assertEquals(targets, urls);
        // args are split like xargs: "hello world" and 'X-Test: a b' are one argument each
        assertTrue(headers.contains("a b"), headers::toString);
        assertTrue(r.annotations().stream().noneMatch(a -> a.startsWith("::error")), r::log);
    }

    /** CONTRACT (readygate's GitHub mode): ready and duration from readygate, a summary naming the targets. */
    @Test
    void contractAReadyRunSetsReadyDurationAndTheSummary() throws Exception {
        List<String> targets = new ArrayList<>();
        ActionRunner.Result r = readyRun(targets, new CopyOnWriteArrayList<>());
        assertEquals(0, r.exitCode(), r::log);
        assertEquals("true", r.outputs().get("ready"), r::log);
        assertTrue(r.outputs().get("duration").matches("\\d+\\.\\d{3}"), r::log);
        assertTrue(r.summary().contains(targets.get(0)) && r.summary().contains(targets.get(1)), r::log);
    }

    @Test
    void aBlockedRunFailsTheStepWithExit1() throws Exception {
        ActionRunner.Result r = blockedRun(Servers.freePort());
        assertEquals(1, r.exitCode(), r::log);
        assertEquals("wait", r.failedStep(), r::log);
        JsonNode report = report(r);
        assertEquals("deadline", report.get("reason").asText(), report::toPrettyString);
        assertEquals("ci/readygate.yaml:4:5", report.get("targets").get(0).get("origin").asText(), report::toPrettyString);
        assertTrue(r.stderr().contains("CONNECTION_REFUSED"), r::log);
    }

    /** CONTRACT (readygate's GitHub mode): an ::error annotation at the config line, ready=false, duration, a summary. */
    @Test
    void contractABlockedRunAnnotatesTheConfigLine() throws Exception {
        int port = Servers.freePort();
        ActionRunner.Result r = blockedRun(port);
        assertEquals(1, r.exitCode(), r::log);
        List<String> errors = r.annotations().stream().filter(a -> a.startsWith("::error ")).toList();
        assertEquals(1, errors.size(), r::log);
        assertTrue(errors.get(0).startsWith("::error file=ci/readygate.yaml,line=4,col=5,title="), r::log);
        assertTrue(errors.get(0).contains("127.0.0.1:" + port), r::log);
        assertEquals("false", r.outputs().get("ready"), r::log);
        assertTrue(r.outputs().get("duration").matches("\\d+\\.\\d{3}"), r::log);
        assertTrue(r.summary().contains("127.0.0.1:" + port), r::log);
    }

    @Test
    void shellMetacharactersInInputsAreOneArgumentAndNeverRun() throws Exception {
        for (String script : new ActionRunner(ROOT, env(tmp.resolve("tool-cache")), tmp).scripts())
            assertFalse(script.contains("${{"), "an expression in a run: script is spliced into the shell: " + script);
        Path pwned = tmp.resolve("pwned");
        String touch = "touch " + pwned;
        for (String target : List.of("tcp://127.0.0.1:1;" + touch, "$(" + touch + ")", "`" + touch + "`", "tcp://127.0.0.1:1' && " + touch + " '")) {
            ActionRunner.Result r = run(Map.of("targets", target));
            assertEquals(2, r.exitCode(), r::log);
            assertTrue(r.stderr().contains("readygate: target '" + target + "' is not a valid URI"), r::log);
            assertFalse(Files.exists(pwned), "executed: " + target);
        }
        // an input that becomes an option value
        ActionRunner.Result r = run(Map.of("targets", "tcp://127.0.0.1:1", "timeout", "1s;" + touch));
        assertEquals(2, r.exitCode(), r::log);
        assertTrue(r.stderr().contains("--timeout: '1s;" + touch + "' is not a duration"), r::log);
        // args: quotes group, nothing expands
        r = run(Map.of("targets", "tcp://127.0.0.1:1", "args", "--timeout \"$(" + touch + ")\""));
        assertEquals(2, r.exitCode(), r::log);
        assertTrue(r.stderr().contains("--timeout: '$(" + touch + ")' is not a duration"), r::log);
        // the action's own checks
        r = run(Map.of("targets", "tcp://127.0.0.1:1", "fail-fast", "true;" + touch));
        assertEquals(2, r.exitCode(), r::log);
        assertTrue(r.stdout().contains("::error title=readygate::fail-fast: 'true;" + touch + "' is neither true nor false"), r::log);
        r = run(Map.of("targets", "tcp://127.0.0.1:1", "args", "--timeout 'unclosed"));
        assertEquals(2, r.exitCode(), r::log);
        assertTrue(r.stdout().contains("::error title=readygate::args: xargs: unmatched single quote"), r::log);
        r = run(Map.of("targets", "--from=/etc/passwd"));
        assertEquals(2, r.exitCode(), r::log);
        assertTrue(r.stdout().contains("targets: '--from=/etc/passwd' starts with '-'"), r::log);
        assertFalse(Files.exists(pwned));
    }

    /** A copy of the action (its files, the launcher, the build's inputs) in which {@code stub} is a bash script with this body. */
    Path actionCopy(String stub, String body) throws IOException {
        Path action = Files.createDirectories(tmp.resolve("action"));
        for (String f : List.of("action.yml", "action/key.sh", "action/find-java.sh", "action/build.sh", "action/wait.sh", "bin/readygate", "mvnw", "pom.xml",
                ".mvn/wrapper/maven-wrapper.properties", "src/main/java/dev/readygate/Main.java")) {
            Files.createDirectories(action.resolve(f).getParent());
            Files.copy(ROOT.resolve(f), action.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(action.resolve(stub), "#!/usr/bin/env bash\n" + body);
        assertTrue(action.resolve(stub).toFile().setExecutable(true));
        return action;
    }

    /** Each input becomes its option, one argument per value, with the launcher a stub that writes down its arguments. */
    @Test
    void everyInputBecomesItsOption() throws Exception {
        Path argv = tmp.resolve("argv");
        Path action = actionCopy("bin/readygate", "printf '%s\\0' \"$@\" > '" + argv + "'\n");
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("targets", "tcp://db:5432\r\n  http://api:8080/health?a=1&b=2  \n");
        inputs.put("config", "ci/ready gate.yaml");
        inputs.put("from", "nginx/nginx.conf\n\n# and\nother dir/site.conf");
        inputs.put("timeout", "90s");
        inputs.put("attempt-timeout", "3s");
        inputs.put("interval", "100ms");
        inputs.put("successes", "2");
        inputs.put("stable-for", "1s");
        inputs.put("fail-fast", "true");
        inputs.put("args", "--status 200-299,401\n  -H 'X-Key: a b' --body-contains 'say \"hi\"' --json-pointer=/status=UP\\ x --expect-header \"Y: it's\"");
        ActionRunner.Result r = runner(action, env(tmp.resolve("tool-cache")), cacheHit()).run(inputs);
        assertEquals(0, r.exitCode(), r::log);
        List<String> args = List.of(Files.readString(argv).split("\0"));
        String report = r.outputs().get("report");
        assertEquals(List.of("wait", "--from", "nginx/nginx.conf", "--from", "other dir/site.conf", "--config", "ci/ready gate.yaml", "--timeout", "90s",
                "--attempt-timeout", "3s", "--interval", "100ms", "--successes", "2", "--stable-for", "1s", "--fail-fast", "--report", report,
                "--status", "200-299,401", "-H", "X-Key: a b", "--body-contains", "say \"hi\"", "--json-pointer=/status=UP x", "--expect-header", "Y: it's",
                "tcp://db:5432", "http://api:8080/health?a=1&b=2"), args);
        assertTrue(report.startsWith(runnerTemp + "/readygate.") && report.endsWith("/report.json"), report);

        // empty inputs are not passed at all
        r = runner(action, env(tmp.resolve("tool-cache")), cacheHit()).run(Map.of("targets", "db:5432"));
        assertEquals(0, r.exitCode(), r::log);
        assertEquals(List.of("wait", "--report", r.outputs().get("report"), "db:5432"), List.of(Files.readString(argv).split("\0")));
    }

    /**
     * The miss path with a stub mvnw (a copy of the action whose mvnw logs where it runs and
     * "builds" the packaged jar): the build runs in a copy under RUNNER_TEMP, never in the
     * action's directory; the next run on a fresh runner restores it from the cache; a runner that
     * keeps its tool cache finds it without the cache; changed sources are another key.
     */
    @Test
    void aCacheMissBuildsInACopyAndTheNextRunStartsWithoutABuild() throws Exception {
        Path log = tmp.resolve("mvnw.log");
        Path action = actionCopy("mvnw", "printf '%s %s\\n' \"$PWD\" \"$*\" >> '" + log + "'\n"
                + "test -f src/main/java/dev/readygate/Main.java && test -f .mvn/wrapper/maven-wrapper.properties || exit 9\n"
                + "mkdir -p target && cp '" + JAR + "' target/readygate.jar\n");
        Path store = Files.createDirectories(tmp.resolve("cache-store"));
        Path toolCache = tmp.resolve("tool-cache-1");
        try (ServerSocket db = Servers.listen()) {
            Map<String, String> inputs = Map.of("targets", "tcp://127.0.0.1:" + db.getLocalPort());

            ActionRunner.Result first = runner(action, env(toolCache), cacheStore(store)).run(inputs);
            assertEquals(0, first.exitCode(), first::log);
            assertTrue(first.ran().contains("build"), first::log);
            List<String> builds = Files.readAllLines(log);
            assertEquals(1, builds.size(), builds::toString);
            assertTrue(builds.get(0).startsWith(runnerTemp + "/readygate-build."), builds::toString);
            assertTrue(builds.get(0).endsWith(" -B -q -DskipTests package"), builds::toString);
            assertFalse(Files.exists(action.resolve("target")), "the build wrote into the action's directory");
            try (Stream<Path> left = Files.list(runnerTemp)) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("readygate-build.")), "the build copy was not removed");
            }
            String key = first.steps().get("key").get("key");
            assertTrue(key.matches("readygate-jar-[0-9a-f]{64}"), key);
            assertTrue(Files.isRegularFile(store.resolve(key).resolve("readygate.jar")), "not saved to the cache");

            ActionRunner.Result hosted = runner(action, env(tmp.resolve("tool-cache-2")), cacheStore(store)).run(inputs);
            assertEquals(0, hosted.exitCode(), hosted::log);
            assertEquals("true", hosted.steps().get("cache").get("cache-hit"));
            assertFalse(hosted.ran().contains("build"), hosted::log);

            ActionRunner.Result selfHosted = runner(action, env(toolCache), cacheStore(Files.createDirectories(tmp.resolve("empty-store")))).run(inputs);
            assertEquals(0, selfHosted.exitCode(), selfHosted::log);
            assertTrue(selfHosted.stdout().contains("is already built"), selfHosted::log);
            assertEquals(1, Files.readAllLines(log).size(), "built again although the jar was in the tool cache");

            Files.writeString(action.resolve("src/main/java/dev/readygate/Main.java"), "\n// changed\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            ActionRunner.Result changed = runner(action, env(toolCache), cacheStore(store)).run(inputs);
            assertEquals(0, changed.exitCode(), changed::log);
            assertNotEquals(key, changed.steps().get("key").get("key"));
            assertEquals(2, Files.readAllLines(log).size(), "changed sources must be built");
        }
    }

    /**
     * build.sh with the real Maven wrapper (Maven's local repository as the outer build left it):
     * the copy holds all the build needs, and the running build's target/ is not touched. About
     * 20-40 s, so it runs when CI=true or READYGATE_ACTION_BUILD=1.
     */
    @Test
    @Timeout(300)
    void theRealBuildInACopyMakesARunnableJar() throws Exception {
        if (!"true".equals(System.getenv("CI")) && !"1".equals(System.getenv("READYGATE_ACTION_BUILD")))
            Assumptions.abort("the real nested build runs when CI=true or READYGATE_ACTION_BUILD=1");
        Path jar = tmp.resolve("tool-cache/readygate/test/readygate.jar");
        long before = Files.getLastModifiedTime(JAR).toMillis();
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("action/build.sh").toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("build.txt").toFile());
        pb.environment().putAll(Map.of("GITHUB_ACTION_PATH", ROOT.toString(), "RUNNER_TEMP", runnerTemp.toString(), "JAR", jar.toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        Process p = pb.start();
        assertTrue(p.waitFor(280, TimeUnit.SECONDS), "build.sh did not finish");
        assertEquals(0, p.exitValue(), () -> read(tmp.resolve("build.txt")));
        Process version = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, version.waitFor(), out);
        assertTrue(out.contains("readygate"), out);
        assertEquals(before, Files.getLastModifiedTime(JAR).toMillis(), "the build touched the running build's jar");
        try (Stream<Path> left = Files.list(runnerTemp)) {
            assertEquals(List.of(), left.toList(), "the build copy was not removed");
        }
    }

    /** No Java on the runner: actions/setup-java (Temurin 17) is used, and the step runs on what it installed. */
    @Test
    void aRunnerWithoutJavaGetsOneFromSetupJava() throws Exception {
        Map<String, String> env = env(tmp.resolve("tool-cache"));
        env.keySet().removeIf(k -> k.startsWith("JAVA_HOME"));
        Path bin = pathWithout("java", "javac");
        env.put("PATH", bin.toString());
        try (ServerSocket db = Servers.listen()) {
            ActionRunner.Result r = runner(ROOT, env, cacheHit()).run(Map.of("targets", "tcp://127.0.0.1:" + db.getLocalPort()));
            assertEquals(0, r.exitCode(), r::log);
            assertEquals("false", r.steps().get("java").get("found"), r::log);
            assertEquals(List.of(Map.of("distribution", "temurin", "java-version", "17")), setupJava);
            assertTrue(r.stdout().contains("readygate: no Java 17+ on this runner"), r::log);
        } finally {
            // the links go before @TempDir's clean-up, which warns about links that leave the temp dir
            try (Stream<Path> links = Files.list(bin)) {
                for (Path link : (Iterable<Path>) links::iterator) Files.delete(link);
            }
        }
    }

    /** find-java.sh: JAVA_HOME when it is 17+, else the newest JAVA_HOME_N_ARCH; a JDK when the jar must be built. */
    @Test
    void findJavaTakesTheNewestUsableJava() throws Exception {
        Path java11 = fakeJava("11.0.2", true);
        Path jre21 = fakeJava("21.0.5", false);
        String jdk = System.getProperty("java.home");
        Path jar = tmp.resolve("readygate.jar");
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", System.getenv("PATH"), "JAVA_HOME", java11.toString(),
                "JAVA_HOME_21_X64", jre21.toString(), "JAVA_HOME_" + Runtime.version().feature() + "_X64", jdk, "JAR", jar.toString()));
        assertEquals(jdk, findJava(env).get("home"), "the jar must be built: JDK 21 has no javac");
        Files.writeString(jar, "");
        String newest = Runtime.version().feature() > 21 ? jdk : jre21.toString();
        assertEquals(newest, findJava(env).get("home"), "the jar is there: the newest Java will do");
        env.put("JAVA_HOME", jdk);
        assertEquals(jdk, findJava(env).get("home"), "JAVA_HOME first when it is 17+");
        env.put("JAVA_HOME", jre21.toString());
        env.put("JAVA_HOME_21_X64", java11.toString());
        assertEquals(Map.of("found", "true", "home", jre21.toString(), "version", "21.0.5"), findJava(env));
    }

    Map<String, String> findJava(Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(tmp, "out", "");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("action/find-java.sh").toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("GITHUB_OUTPUT", out.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) kv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        return kv;
    }

    /** A JAVA_HOME with a release file and a bin/java that must not be needed. */
    Path fakeJava(String version, boolean jdk) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("java-" + version));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        for (String tool : jdk ? List.of("java", "javac") : List.of("java")) {
            Path f = Files.createDirectories(home.resolve("bin")).resolve(tool);
            Files.writeString(f, "#!/bin/sh\nexit 99\n");
            assertTrue(f.toFile().setExecutable(true));
        }
        return home;
    }

    /** Every input reaches the wait step through env: and is in the docs' table; the outputs too. */
    @Test
    @SuppressWarnings("unchecked")
    void everyInputIsPassedAndDocumented() throws Exception {
        Map<String, Object> action = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(ROOT.resolve("action.yml")));
        String docs = Files.readString(ROOT.resolve("docs/github-action.md"));
        Map<String, Object> wait = null;
        for (Object step : (List<Object>) ((Map<String, Object>) action.get("runs")).get("steps"))
            if ("wait".equals(((Map<String, Object>) step).get("id"))) wait = (Map<String, Object>) step;
        assertNotNull(wait, "no step with id wait");
        Map<String, Object> env = (Map<String, Object>) wait.get("env");
        for (String input : ((Map<String, Object>) action.get("inputs")).keySet()) {
            String var = "INPUT_" + input.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertEquals("${{ inputs." + input + " }}", env.get(var), "input " + input + " is not passed as " + var);
            assertTrue(docs.contains("| `" + input + "` |"), "input " + input + " is not in docs/github-action.md");
        }
        for (String output : ((Map<String, Object>) action.get("outputs")).keySet())
            assertTrue(docs.contains("| `" + output + "` |"), "output " + output + " is not in docs/github-action.md");
    }

    /**
     * action.yml and every workflow pass {@code @action-validator/cli} (JSON schemas of GitHub's
     * action and workflow syntax), run with npx (fetched from npm the first time). Without npx the
     * test is skipped, and fails when CI=true.
     */
    @Test
    @Timeout(300)
    void theActionAndTheWorkflowsPassActionValidator() throws Exception {
        String npx = Commands.require("npx", "action.yml and the workflows are not validated (install node and npm)");
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("action.yml")));
        try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
            workflows.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 1, "no workflows in .github/workflows");
        for (Path f : files) {
            Path out = tmp.resolve("validator.txt");
            Process p = new ProcessBuilder(npx, "--yes", ACTION_VALIDATOR, f.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "npx " + ACTION_VALIDATOR + " did not finish");
            assertEquals(0, p.exitValue(), () -> ROOT.relativize(f) + " is not valid:\n" + read(out));
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A directory of links to everything on the PATH except these commands: a runner without them. */
    Path pathWithout(String... names) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin-without-java"));
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            Path dir = Path.of(d.isEmpty() ? "." : d);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (List.of(names).contains(name) || Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(f)) continue;
                    Files.createSymbolicLink(bin.resolve(name), f.toAbsolutePath());
                }
            }
        }
        return bin;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
