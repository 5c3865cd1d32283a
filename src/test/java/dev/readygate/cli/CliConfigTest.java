package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** --config and READYGATE_* through the whole CLI: precedence, origins, exit codes 2 and 3. */
@Timeout(60)
class CliConfigTest {
    @TempDir
    Path dir;

    Path file(String yaml) throws Exception {
        Path f = dir.resolve("readygate.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void configTargetsAreWaitedForWithTheirNamesAndOrigins() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            Path f = file("timeout: 5s\ntargets:\n  - name: db\n    url: tcp://127.0.0.1:" + s.getLocalPort() + "\n");
            CliRun r = CliRun.run("wait", "--config", f.toString(), "--output", "json");
            assertEquals(0, r.code, r::toString);
            JsonNode t = new ObjectMapper().readTree(r.out).get("targets").get(0);
            assertEquals("db", t.get("name").asText());
            assertEquals(f + ":4:10", t.get("origin").asText());
            assertEquals(5000, new ObjectMapper().readTree(r.out).get("timeoutMs").asInt());
        }
    }

    @Test
    void commandLineBeatsEnvironmentBeatsConfigDefaults() throws Exception {
        Path f = file("timeout: 30s\ntargets: [tcp://127.0.0.1:" + Servers.freePort() + "]\n");
        CliRun env = CliRun.run(Map.of("READYGATE_TIMEOUT", "300ms"), "wait", "--config", f.toString(), "--output", "json");
        assertEquals(1, env.code, env::toString);
        assertEquals(300, new ObjectMapper().readTree(env.out).get("timeoutMs").asInt());
        CliRun cli = CliRun.run(Map.of("READYGATE_TIMEOUT", "30s"), "wait", "--config", f.toString(), "--timeout", "200ms", "--output", "json");
        assertEquals(200, new ObjectMapper().readTree(cli.out).get("timeoutMs").asInt());
    }

    @Test
    void aTargetsOwnSettingBeatsTheCommandLine() throws Exception {
        Path f = file("targets:\n  - url: http://127.0.0.1:1/\n    status: 200-299,401\n    attempt-timeout: 1\n");
        CliRun r = CliRun.run("wait", "--config", f.toString(), "--attempt-timeout", "5s");
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: " + f + ":4:22: attempt-timeout: '1' has no unit; write e.g. 1s or 1ms", r.err.strip());
    }

    @Test
    void environmentTargets() throws Exception {
        try (ServerSocket a = Servers.listen(); ServerSocket b = Servers.listen()) {
            CliRun r = CliRun.run(Map.of("READYGATE_TARGETS", "127.0.0.1:" + a.getLocalPort() + ", tcp://127.0.0.1:" + b.getLocalPort()),
                    "wait", "--output", "json");
            assertEquals(0, r.code, r::toString);
            JsonNode j = new ObjectMapper().readTree(r.out);
            assertEquals(2, j.get("targets").size());
            assertEquals("environment READYGATE_TARGETS", j.get("targets").get(0).get("origin").asText());
        }
    }

    @Test
    void configErrorsExitThreeWithFileLineColumnAndFix() throws Exception {
        Path f = file("targets:\n  - name: api\n    url: http://127.0.0.1:1/\n    atempt-timeout: 1s\n");
        CliRun r = CliRun.run("wait", "--config", f.toString());
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: " + f + ":4:5: unknown key 'atempt-timeout' in target 'api'; did you mean 'attempt-timeout'?", r.err.strip());
    }

    @Test
    void aBadTargetInTheConfigNamesItsLine() throws Exception {
        Path f = file("targets:\n  - tcp://db\n");
        CliRun r = CliRun.run("wait", "--config", f.toString());
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: " + f + ":2:5: target 'tcp://db' has no port; write tcp://db:PORT", r.err.strip());
    }

    @Test
    void httpKeysOnATcpTargetAreRejected() throws Exception {
        Path f = file("targets:\n  - url: tcp://db:1\n    status: 200\n");
        CliRun r = CliRun.run("wait", "--config", f.toString());
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: " + f + ":3:13: status: applies to http(s) targets only, and tcp://db:1 is tcp", r.err.strip());
    }

    @Test
    void missingConfigFile() {
        CliRun r = CliRun.run("wait", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(3, r.code, r::toString);
        assertFalse(r.err.contains("Exception"), r::toString);
        assertTrue(r.err.startsWith("readygate: " + dir.resolve("nope.yaml")), r::toString);
    }

    @Test
    void environmentErrorsExitTwo() {
        CliRun r = CliRun.run(Map.of("READYGATE_TIMEOUTT", "1s"), "wait", "db:1");
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: environment READYGATE_TIMEOUTT: unknown variable; did you mean READYGATE_TIMEOUT?", r.err.strip());
        CliRun bad = CliRun.run(Map.of("READYGATE_TIMEOUT", "soon"), "wait", "db:1");
        assertEquals(2, bad.code, bad::toString);
        assertEquals("readygate: environment READYGATE_TIMEOUT: 'soon' is not a duration; write e.g. 250ms, 2s, 1m30s", bad.err.strip());
    }

    @Test
    void anUnknownVariableThatIsNoTypoIsAWarningAndTheRunGoesOn() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run(Map.of("READYGATE_VERSION", "1.4.0"), "wait", "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
            assertTrue(r.err.startsWith("readygate: warning: environment READYGATE_VERSION: not a readygate setting, ignored (readygate reads "),
                    r::toString);
            assertTrue(r.err.lines().skip(1).noneMatch(l -> l.contains("READYGATE_VERSION")), r::toString);
        }
    }

    @Test
    void theLaunchersOwnVariablesAreNotOptions() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run(Map.of("READYGATE_JAVA_OPTS", "-Xmx32m", "READYGATE_JAR", "/x.jar", "READYGATE_AOT", "off", "READYGATE_DEBUG", "1"),
                    "wait", "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
        }
    }

    @Test
    void interpolatedSecretsNeverAppear() throws Exception {
        Path f = file("targets:\n  - url: http://127.0.0.1:" + Servers.freePort() + "/\n    headers: [\"Authorization: Bearer ${TOKEN}\"]\n");
        CliRun r = CliRun.run(Map.of("TOKEN", "tok-XYZZY"), "wait", "--config", f.toString(), "--timeout", "300ms", "--verbose", "--output", "json");
        assertEquals(1, r.code, r::toString);
        assertFalse((r.out + r.err).contains("tok-XYZZY"), r::toString);
    }
}
