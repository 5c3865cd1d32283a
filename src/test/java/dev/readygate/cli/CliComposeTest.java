package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wait --from compose.yaml through the command line: targets with their origins, --profile, --network, exit 3 for a broken file. */
@Timeout(60)
class CliComposeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @AutoClose
    final ServerSocket web = Servers.listen();
    @AutoClose
    final ServerSocket debug = Servers.listen();

    CliComposeTest() throws Exception {
    }

    private Path compose() throws Exception {
        return Files.writeString(dir.resolve("compose.yaml"), "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n"
                + "    ports:\n      - \"127.0.0.1:${WEB_PORT}:80\"\n  debug:\n    profiles: [debug]\n    ports: [\"127.0.0.1:${DEBUG_PORT:-1}:9229\"]\n"
                + "    expose: [\"9230\"]\n");
    }

    private static List<String> targets(CliRun r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode t : JSON.readTree(r.out).get("targets")) out.add(t.get("url").asText() + " " + t.get("origin").asText());
        return out;
    }

    /** verify reads nginx configs: a Compose file is said to be one, with the command that reads it, not misparsed as nginx (lint reads it). */
    @Test
    void verifySaysAComposeFileIsOneAndNamesTheCommandThatReadsIt() throws Exception {
        Path f = compose();
        for (String command : List.of("verify")) {
            CliRun r = CliRun.run(command, f.toString());
            assertEquals(3, r.code, r::toString);
            assertEquals("readygate: " + f + ": this is a compose file, and this command reads nginx configs; 'readygate wait --from " + f
                    + "' waits for what it declares", r.err.strip(), r::toString);
        }
    }

    @Test
    void publishedPortsFromTheHostWithTheirOrigins() throws Exception {
        Path f = compose();
        Files.writeString(dir.resolve(".env"), "WEB_PORT=" + web.getLocalPort() + "\n");
        CliRun r = CliRun.run("wait", "--from", f.toString(), "--timeout", "10s", "--output", "json");
        assertEquals(0, r.code, r::toString);
        assertEquals(List.of("tcp://127.0.0.1:" + web.getLocalPort() + " " + f + ":7:9"), targets(r));
        assertEquals("web", JSON.readTree(r.out).get("targets").get(0).get("name").asText());
        assertTrue(r.err.contains("readygate: skipped service debug at " + f + ":8:3: its profiles (debug) are not active; enable one with --profile"), r::toString);
    }

    @Test
    void profilesFromTheCommandLineTheEnvironmentAndComposeProfiles() throws Exception {
        Path f = compose();
        Map<String, String> env = Map.of("WEB_PORT", String.valueOf(web.getLocalPort()), "DEBUG_PORT", String.valueOf(debug.getLocalPort()));
        for (var extra : List.of(List.of("--profile", "debug"), List.of("--profile", "other,debug"))) {
            List<String> argv = new ArrayList<>(List.of("wait", "--from", f.toString(), "--timeout", "10s", "--output", "json"));
            argv.addAll(extra);
            CliRun r = CliRun.run(env, argv.toArray(String[]::new));
            assertEquals(0, r.code, r::toString);
            assertEquals(List.of("tcp://127.0.0.1:" + web.getLocalPort() + " " + f + ":7:9",
                    "tcp://127.0.0.1:" + debug.getLocalPort() + " " + f + ":10:13"), targets(r), r::toString);
        }
        for (String variable : List.of("READYGATE_PROFILE", "COMPOSE_PROFILES")) {
            Map<String, String> withProfile = new java.util.HashMap<>(env);
            withProfile.put(variable, "debug");
            CliRun r = CliRun.run(withProfile, "wait", "--from", f.toString(), "--timeout", "10s", "--output", "json");
            assertEquals(0, r.code, r::toString);
            assertEquals(2, targets(r).size(), r::toString);
        }
    }

    @Test
    void insideTheNetworkEveryContainerPort() throws Exception {
        Path f = compose();
        CliRun r = CliRun.run(Map.of("WEB_PORT", "8080"), "wait", "--from", f.toString(), "--network", "--profile", "*",
                "--timeout", "300ms", "--attempt-timeout", "100ms", "--output", "json");
        assertEquals(1, r.code, r::toString);
        assertEquals(List.of("tcp://web:80 " + f + ":7:9", "tcp://debug:9229 " + f + ":10:13", "tcp://debug:9230 " + f + ":11:14"), targets(r));
        // named by service, and by service:port when the service has several
        List<String> names = new ArrayList<>();
        JSON.readTree(r.out).get("targets").forEach(t -> names.add(t.get("name").asText()));
        assertEquals(List.of("web", "debug:9229", "debug:9230"), names);
    }

    @Test
    void aBrokenFileIsAConfigurationErrorWithItsPosition() throws Exception {
        Path f = Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    ports:\n      - \"${PORT:?set PORT}:80\"\n");
        CliRun r = CliRun.run("wait", "--from", f.toString(), "--timeout", "1s");
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: " + f + ":4:9: required variable PORT is not set: set PORT (in services.web.ports[0]); "
                + "set PORT in the environment or in .env\n", r.err);
        Path none = Files.writeString(dir.resolve("compose.yml"), "services:\n  db:\n    image: postgres\n");
        CliRun empty = CliRun.run("wait", "--from", none.toString(), "--timeout", "1s", "127.0.0.1:" + web.getLocalPort());
        assertEquals(0, empty.code, empty::toString);
        assertTrue(empty.err.contains("readygate: " + none + ": no port to wait for (no running service publishes a TCP port on a fixed host port; "
                + "from inside the Compose network use --network)"), empty::toString);
    }

    @Test
    void helpNamesTheComposeOptions() {
        CliRun r = CliRun.run("wait", "--help");
        assertTrue(r.out.replaceAll("\\s+", " ").contains("Compose files (compose.yaml, docker-compose.yml, ...)"), r.out);
        assertTrue(r.out.replaceAll("\\s+", " ").contains("Kubernetes manifests (a file, a folder, or a kustomization)"), r.out);
        assertTrue(r.out.contains("--profile=NAME"), r.out);
        assertTrue(r.out.contains("--network"), r.out);
    }
}
