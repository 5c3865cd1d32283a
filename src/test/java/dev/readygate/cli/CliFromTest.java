package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --from through every channel: the command line, READYGATE_FROM, the config file's from: (relative to it). */
@Timeout(60)
class CliFromTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerSocket a;
    ServerSocket b;

    @BeforeEach
    void twoNginxConfigs() throws Exception {
        a = Servers.listen();
        b = Servers.listen();
        for (String name : List.of("a", "b")) {
            int port = (name.equals("a") ? a : b).getLocalPort();
            Files.writeString(dir.resolve(name + ".conf"), "events {}\nstream {\n  upstream " + name + " { server 127.0.0.1:" + port + "; }\n"
                    + "  server { listen 127.0.0.1:" + Servers.freePort() + "; proxy_pass " + name + "; }\n}\n");
        }
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
    }

    /** A and B stand for the two files: absolute on the command line and in the environment, relative in the config file. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--from A            |          |                 | A",
            "--from A --from B   |          |                 | A B",
            "                    | A        |                 | A",
            "                    | A,B      |                 | A B",
            "                    | ' A , B '|                 | A B",
            "                    | A{N}B{N} |                 | A B",
            "                    |          | 'from: [A]'     | A",
            "                    |          | 'from: A'       | A",
            "                    |          | 'from: [A, B]'  | A B",
            "--from A            | B        | 'from: [A]'     | A B",
            "--from B            |          | 'from: [A]'     | B A"})
    void everyChannelAddsItsFiles(String args, String env, String config, String expected) throws Exception {
        List<String> argv = new ArrayList<>(List.of("wait", "--timeout", "10s", "--output", "json"));
        if (args != null) for (String arg : args.trim().split(" +")) argv.add(absolute(arg));
        Map<String, String> vars = new HashMap<>();
        if (env != null) vars.put("READYGATE_FROM", absolute(env).replace("{N}", "\n"));
        if (config != null) {
            Path yaml = Files.writeString(dir.resolve("readygate.yaml"), config.replace("A", "a.conf").replace("B", "b.conf") + "\n");
            argv.addAll(List.of("--config", yaml.toString()));
        }
        CliRun r = CliRun.run(vars, argv.toArray(String[]::new));
        assertEquals(0, r.code, r::toString);
        List<String> origins = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (JsonNode t : JSON.readTree(r.out).get("targets")) {
            origins.add(t.get("origin").asText());
            urls.add(t.get("url").asText());
        }
        List<String> want = new ArrayList<>();
        List<String> wantUrls = new ArrayList<>();
        for (String f : expected.trim().split(" ")) {
            want.add(dir.resolve(f.toLowerCase() + ".conf") + ":3:16"); // the server of "upstream a {"
            wantUrls.add("tcp://127.0.0.1:" + (f.equals("A") ? a : b).getLocalPort());
        }
        assertEquals(wantUrls, urls, r::toString);
        assertEquals(want, origins, r::toString);
    }

    @Test
    void aMissingFileFromTheEnvironmentOrTheConfigIsAConfigurationError() throws Exception {
        CliRun env = CliRun.run(Map.of("READYGATE_FROM", dir.resolve("gone.conf").toString()), "wait", "--timeout", "1s");
        assertEquals(3, env.code, env::toString);
        assertTrue(env.err.startsWith("readygate: " + dir.resolve("gone.conf")), env::toString);
        Path yaml = Files.writeString(dir.resolve("readygate.yaml"), "from: [gone.conf]\n");
        CliRun config = CliRun.run("wait", "--config", yaml.toString(), "--timeout", "1s");
        assertEquals(3, config.code, config::toString);
        assertTrue(config.err.startsWith("readygate: " + dir.resolve("gone.conf")), config::toString);
    }

    @Test
    void helpNamesEveryChannel() {
        CliRun r = CliRun.run("wait", "--help");
        assertEquals(0, r.code, r::toString);
        String help = r.out.replaceAll("\\s+", " ");
        assertTrue(help.contains("also READYGATE_FROM and the config file's from:"), r::toString);
        assertEquals(1, r.out.lines().filter(l -> l.trim().startsWith("--from=")).count(), "one --from option: " + r);
    }

    private String absolute(String text) {
        return text.replace("A", dir.resolve("a.conf").toString()).replace("B", dir.resolve("b.conf").toString());
    }
}
