package dev.readygate.cli;

import com.sun.net.httpserver.HttpServer;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.FakeDocker;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.readygate.testing.FakeDocker.exited;
import static dev.readygate.testing.FakeDocker.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * readygate compose up through the command line, with the scripted docker of src/test/resources/compose-up first on the
 * PATH and real loopback listeners behind the published ports: web answers /health over HTTP, db accepts TCP.
 */
@Timeout(60)
class ComposeUpCliTest {
    @TempDir
    Path temp;
    @AutoClose
    final ServerSocket db = Servers.listen();
    final HttpServer web;
    FakeDocker docker;

    ComposeUpCliTest() throws IOException {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        web.createContext("/health", x -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        web.start();
    }

    @AfterEach
    void stop() {
        web.stop(0);
    }

    private FakeDocker docker() {
        if (docker == null) docker = new FakeDocker(temp).config(web.getAddress().getPort(), db.getLocalPort());
        return docker;
    }

    private CliRun run(String... args) {
        return CliRun.run(docker().env(), args);
    }

    private List<String> calls(String sub) {
        return docker().calls().stream().filter(c -> c.contains(" " + sub + " ") || c.endsWith(" " + sub)).toList();
    }

    @Test
    void healthyAfterADelayIsReadyWithTheOneShotServiceDone() {
        docker().ps(0, running("db", "starting"), running("migrate", ""), running("web", "starting"))
                .ps(700, running("db", "healthy"), exited("migrate", 0), running("web", "starting"))
                .ps(1200, running("db", "healthy"), exited("migrate", 0), running("web", "healthy"));
        long start = System.nanoTime();
        CliRun r = run("compose", "--timeout", "20s", "-p", "shop", "up", "--build");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.code, r::toString);
        assertTrue(tookMs >= 1200, "ready before web's healthcheck passed: " + tookMs + " ms\n" + r);
        assertEquals(List.of("compose -p shop up -d --build"), calls("up"), r::toString);
        assertEquals(List.of("compose -p shop config --format json"), calls("config"), r::toString);
        assertTrue(calls("ps").size() >= 2, r::toString);
        assertTrue(calls("ps").stream().allMatch(c -> c.equals("compose -p shop ps --all --format json")), () -> calls("ps").toString());
        assertTrue(r.err.contains("skipped port 8125/udp of web"), r::toString);
        assertTrue(calls("logs").isEmpty(), "no logs when everything is ready: " + r);
    }

    @Test
    void theJsonReportNamesEveryServiceAndPublishedPort() throws Exception {
        docker().ps(0, running("db", "healthy"), exited("migrate", 0), running("web", "healthy"));
        CliRun r = run("compose", "--output", "json", "--timeout", "20s", "up");
        assertEquals(0, r.code, r::toString);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out);
        List<String> urls = new ArrayList<>();
        for (var t : json.get("targets")) urls.add(t.get("url").asText());
        assertEquals(List.of("compose:db", "compose:migrate", "compose:web", "tcp://127.0.0.1:" + db.getLocalPort(),
                "http://127.0.0.1:" + web.getAddress().getPort() + "/health"), urls, r::toString);
    }

    @Test
    void psAsOneJsonArrayAsComposeBefore221PrintsItIsReadToo() {
        docker().psArray(0, running("db", "healthy"), exited("migrate", 0), running("web", ""));
        CliRun r = run("compose", "--timeout", "20s", "up");
        assertEquals(0, r.code, r::toString);
    }

    @Test
    void aServiceThatExitsNonZeroIsPermanentAndItsLogIsShownWithSecretsMasked() {
        docker().ps(0, running("db", "healthy"), exited("migrate", 1), container("web", "created"))
                .log("migrate", "connecting to postgres://app:s3cr3t-pw@db:5432/shop", "password=s3cr3t-pw", "token tok-9f8e7d6c rejected",
                        "Error: relation \"orders\" does not exist");
        long start = System.nanoTime();
        CliRun r = run("compose", "--fail-fast", "--timeout", "30s", "up");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.code, r::toString);
        assertTrue(tookMs < 15_000, "--fail-fast stops at the exit code: " + tookMs + " ms");
        assertTrue(r.err.contains("CONTAINER_EXITED"), r::toString);
        assertTrue(r.err.contains("container shop-migrate-1 exited with code 1"), r::toString);
        assertTrue(r.err.contains("readygate: last 4 lines of the log of migrate (docker compose logs --tail 20 migrate):"), r::toString);
        assertTrue(r.err.contains("  migrate-1  | Error: relation \"orders\" does not exist"), r::toString);
        assertFalse(r.err.contains("s3cr3t-pw") || r.out.contains("s3cr3t-pw"), r::toString);
        assertFalse(r.err.contains("tok-9f8e7d6c"), r::toString);
        assertTrue(r.err.contains("postgres://app:***@db:5432/shop"), r::toString);
        assertTrue(calls("logs").contains("compose logs --no-color --tail 20 migrate"), () -> docker().calls().toString());
        assertTrue(calls("down").isEmpty(), "down only with --down-on-failure");
    }

    @Test
    void downOnFailureRunsDownWhenTheGateFails() {
        docker().ps(0, running("db", "healthy"), exited("migrate", 3), running("web", "healthy"));
        CliRun r = run("compose", "--fail-fast", "--down-on-failure", "-f", "compose.yaml", "up");
        assertEquals(1, r.code, r::toString);
        assertEquals(List.of("compose -f compose.yaml down"), calls("down"), r::toString);
        assertTrue(r.err.contains("readygate: --down-on-failure: docker compose -f compose.yaml down"), r::toString);
    }

    @Test
    void aPublishedPortThatNeverAnswersBlocksAtTheDeadlineWithItsDiagnosisAndLog() throws Exception {
        int closed = Servers.freePort();
        docker = new FakeDocker(temp).config(closed, db.getLocalPort());
        docker.ps(0, running("db", "healthy"), exited("migrate", 0), running("web", "healthy")).log("web", "listening on :8001");
        CliRun r = run("compose", "--timeout", "2s", "up");
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("CONNECTION_REFUSED"), r::toString);
        assertTrue(r.err.contains("http://127.0.0.1:" + closed + "/health"), r::toString);
        assertTrue(r.err.contains("web-1  | listening on :8001"), r::toString);
        assertEquals(List.of("compose logs --no-color --tail 20 web"), calls("logs"), r::toString);
    }

    @Test
    void aComposeErrorIsPassedThroughWithItsExitCode() {
        docker().upFails(15, "pulling from https://bob:hunter2@registry.example/shop failed\n"
                + "service \"web\" refers to undefined network backend: invalid compose project");
        CliRun r = run("compose", "--down-on-failure", "up", "--build");
        assertEquals(15, r.code, r::toString);
        assertTrue(r.err.contains("service \"web\" refers to undefined network backend: invalid compose project"), r::toString);
        assertTrue(r.err.contains("readygate: docker compose up -d --build failed (exit 15); its messages are above"), r::toString);
        assertTrue(r.err.contains("pulling from https://bob:***@registry.example/shop failed"), r::toString);
        assertFalse(r.err.contains("hunter2"), r::toString);
        assertTrue(calls("config").isEmpty(), r::toString);
        assertEquals(1, calls("down").size(), r::toString);
    }

    @Test
    void theCommandRunsOnlyOnceEverythingIsReady() throws Exception {
        docker().ps(0, running("db", "starting"), running("migrate", ""), running("web", "starting"))
                .ps(600, running("db", "healthy"), exited("migrate", 0), running("web", "healthy"));
        Path seen = temp.resolve("seen");
        String count = "grep -c ' ps ' '" + docker().dir().resolve("calls.log") + "' > '" + seen + "'";
        CliRun r = run("compose", "--timeout", "20s", "up", "--", "sh", "-c", count + "; exit 7");
        assertEquals(7, r.code, "the command's exit code: " + r);
        int psBefore = Integer.parseInt(Files.readString(seen).strip());
        assertTrue(psBefore >= 2, "the command ran after " + psBefore + " ps calls");

        Files.delete(seen);
        docker().ps(0, running("db", "healthy"), exited("migrate", 2), running("web", "healthy")).file("ps/600.json", "");
        r = run("compose", "--fail-fast", "--timeout", "10s", "up", "--", "sh", "-c", "touch '" + seen + "'");
        assertEquals(1, r.code, r::toString);
        assertFalse(Files.exists(seen), "the command ran though a service failed");
    }

    @Test
    void servicesNamedAfterUpAreTheOnesWaitedFor() {
        docker().ps(0, running("db", "healthy"));
        CliRun r = run("compose", "--timeout", "10s", "up", "--no-deps", "--pull", "never", "db");
        assertEquals(0, r.code, r::toString);
        assertEquals(List.of("compose config --format json db"), calls("config"), r::toString);
        assertEquals(List.of("compose up -d --no-deps --pull never db"), calls("up"), r::toString);
    }

    /** The corpus stack react-java-mysql (awesome-compose), as docker compose config prints it (see the fixtures' README). */
    @Test
    void theCorpusStackReactJavaMysqlIsReadyOnceItsDatabaseIsHealthy() throws Exception {
        docker = new FakeDocker(temp).file("config.json", FakeDocker.resource("react-java-mysql.json")
                .replace("@FRONTEND_PORT@", String.valueOf(db.getLocalPort()))).file("services", "backend db frontend");
        docker.ps(0, running("db", "starting"), container("backend", "created"), container("frontend", "created"))
                .ps(600, running("db", "healthy"), running("backend", ""), running("frontend", ""));
        CliRun r = run("compose", "--output", "json", "--timeout", "20s", "up", "--build");
        assertEquals(0, r.code, r::toString);
        List<String> urls = new ArrayList<>();
        for (var t : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out).get("targets")) urls.add(t.get("url").asText());
        assertEquals(List.of("compose:backend", "compose:db", "compose:frontend", "tcp://127.0.0.1:" + db.getLocalPort()), urls, r::toString);
        assertTrue(r.err.contains("container shop-db-1 runs, but its healthcheck has not passed yet"), r::toString);
    }

    @Test
    void oneSharedPsPerRoundJudgesEveryService() throws Exception {
        docker().ps(0, running("db", "starting"), running("migrate", "starting"), running("web", "starting"));
        CliRun r = run("compose", "--output", "json", "--timeout", "2s", "up");
        assertEquals(1, r.code, r::toString);
        int attempts = 0;
        for (var t : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out).get("targets"))
            if (t.get("url").asText().startsWith("compose:")) attempts += t.get("attempts").asInt();
        int ps = calls("ps").size();
        assertTrue(ps <= 2_000 / 250 + 3, ps + " ps calls in 2 s: " + docker().calls());
        assertTrue(attempts > ps, attempts + " attempts of compose targets, " + ps + " ps calls");
        assertEquals(List.of("compose logs --no-color --tail 20 db", "compose logs --no-color --tail 20 migrate",
                "compose logs --no-color --tail 20 web"), calls("logs"), r::toString);
    }

    @Test
    void waitComposeServiceAsksTheDockerOfThePath() {
        docker().ps(0, running("db", "healthy"), exited("migrate", 0));
        CliRun r = CliRun.run(docker().env(), "wait", "--timeout", "10s", "compose:db", "compose:migrate");
        assertEquals(0, r.code, r::toString);
        assertTrue(calls("ps").stream().allMatch(c -> c.equals("compose ps --all --format json")), () -> docker().calls().toString());
        r = CliRun.run(docker().env(), "wait", "--timeout", "10s", "compose:no/such");
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: target 'compose:no/such': write compose:SERVICE, a service name of the Compose project (letters, digits, '_', '.', '-')",
                r.err.strip());
    }

    @Test
    void psFailingIsComposeErrorWithItsMessage() {
        docker().file("ps.exit", "1").file("ps.err", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n");
        CliRun r = run("compose", "--timeout", "2s", "up");
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("COMPOSE_ERROR: docker compose ps --all --format json failed (exit 1): Cannot connect to the Docker daemon"), r::toString);
    }

    @Test
    void upThatDoesNotFinishBeforeTheDeadlineIsStoppedAndBlocks() throws Exception {
        docker().file("up.sleep", "30");
        long start = System.nanoTime();
        CliRun r = run("compose", "--timeout", "1s", "up");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.code, r::toString);
        assertTrue(tookMs < 5_000, tookMs + " ms");
        assertTrue(r.err.contains("readygate: docker compose up -d did not finish within --timeout 1s (stopped); lengthen --timeout"), r::toString);
        long pid = Long.parseLong(Files.readString(docker().dir().resolve("up.pid")).strip());
        long until = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) Thread.sleep(20);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "docker compose up was not stopped");
    }

    @Test
    void aLogThatDoesNotComeIsBoundedInTime() {
        docker().ps(0, running("db", "healthy"), exited("migrate", 4), running("web", "healthy")).file("logs.sleep", "30");
        long start = System.nanoTime();
        CliRun r = run("compose", "--fail-fast", "--timeout", "20s", "up");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("readygate: cannot show the log of migrate (it did not answer in time)"), r::toString);
        // each logs call that does not answer is cut at its budget: the run takes about that many budgets, not 30 s each
        long cut = r.err.lines().filter(l -> l.endsWith("(it did not answer in time)")).count();
        assertTrue(cut >= 1 && tookMs < cut * 5_000 + 5_000, tookMs + " ms for " + cut + " logs calls cut");
    }

    @Test
    void badArgumentsAreOneLineAndExit2() {
        for (String[] args : List.of(new String[] {"compose"}, new String[] {"compose", "down"}, new String[] {"compose", "--bogus", "up"},
                new String[] {"compose", "--timeout", "soon", "up"}, new String[] {"compose", "up", "--"})) {
            CliRun r = run(args);
            assertEquals(2, r.code, r::toString);
            assertEquals(1, r.err.strip().lines().count(), r::toString);
            assertTrue(r.err.startsWith("readygate: "), r::toString);
            assertTrue(docker().calls().isEmpty(), "docker was run for bad arguments: " + r);
        }
        assertTrue(run("compose", "upp").err.contains("did you mean up?"), () -> run("compose", "upp").toString());
    }

    @Test
    void withoutDockerOnThePathItSaysSoAndExits127() {
        CliRun r = CliRun.run(Map.of("PATH", temp.toString()), "compose", "up");
        assertEquals(127, r.code, r::toString);
        assertEquals("readygate: docker not found on the PATH; install Docker with the compose plugin (docker compose version)", r.err.strip());
    }

    @Test
    void helpShowsTheOptionSplitExamplesAndExitCodes() {
        CliRun r = run("compose", "--help");
        assertEquals(0, r.code, r::toString);
        for (String s : List.of("readygate compose [OPTIONS] up [UP OPTIONS] [-- COMMAND [ARGS...]]", "--project-name", "--down-on-failure",
                "--timeout", "Where each argument goes:", "Exit codes:", "Examples:"))
            assertTrue(r.out.contains(s), s + "\n" + r);
    }

    private static String container(String service, String state) {
        return FakeDocker.container(service, state, "", 0, state.substring(0, 1).toUpperCase() + state.substring(1), "null");
    }
}
