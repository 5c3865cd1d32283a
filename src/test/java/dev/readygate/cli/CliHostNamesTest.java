package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * Host names as Compose writes them: my_db (127.0.0.1 in the test hosts file, src/test/resources/hosts)
 * is ready over tcp and http from the command line, READYGATE_TARGETS, a config file and an nginx
 * config (wait --from and verify), against loopback servers.
 */
@Timeout(60)
class CliHostNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ServerSocket tcp;
    private HttpServer http;
    private int tcpPort;
    private int httpPort;

    @BeforeEach
    void start() throws IOException {
        tcp = Servers.listen();
        tcpPort = tcp.getLocalPort();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        httpPort = http.getAddress().getPort();
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = 200;
            if (path.equals("/moved")) {
                // a redirect to an underscore host is followed, not "an unusable Location"
                ex.getResponseHeaders().add("Location", "http://my_db:" + httpPort + "/");
                status = 302;
            } else if (path.equals("/secret")) {
                // user:password of an underscore host's URL is sent as Basic auth (u:pw)
                status = "Basic dTpwdw==".equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401;
            }
            byte[] body = ("host " + ex.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() throws IOException {
        http.stop(0);
        tcp.close();
    }

    /** tcp://my_db:P, my_db:P and wait-on's tcp:my_db:P are one target (listed once); then three http targets. */
    private List<String> targets() {
        return List.of("tcp://my_db:" + tcpPort, "my_db:" + tcpPort, "tcp:my_db:" + tcpPort, "http://my_db:" + httpPort + "/",
                "http://u:pw@my_db:" + httpPort + "/secret", "http://my_db:" + httpPort + "/moved");
    }

    private List<String> urls() {
        return List.of("tcp://my_db:" + tcpPort, "http://my_db:" + httpPort + "/", "http://u:***@my_db:" + httpPort + "/secret",
                "http://my_db:" + httpPort + "/moved");
    }

    /** Every target ready, their URLs as expected, no password printed. */
    private static void assertAllReady(CliRun r, List<String> urls) throws IOException {
        assertEquals(0, r.code, r::toString);
        List<String> got = new ArrayList<>();
        for (JsonNode t : JSON.readTree(r.out).get("targets")) {
            assertTrue(t.get("ready").asBoolean(), r::toString);
            got.add(t.get("url").asText());
        }
        assertEquals(urls, got, r::toString);
        assertFalse(r.out.contains(":pw@") || r.err.contains(":pw@"), "the password is never printed\n" + r);
    }

    @Test
    void fromTheCommandLine() throws IOException {
        List<String> args = new ArrayList<>(List.of("wait", "--timeout", "10s", "--output", "json"));
        args.addAll(targets());
        assertAllReady(CliRun.run(args.toArray(String[]::new)), urls());
    }

    @Test
    void fromTheEnvironment() throws IOException {
        CliRun r = CliRun.run(Map.of("READYGATE_TARGETS", String.join(", ", targets())), "wait", "--timeout", "10s", "--output", "json");
        assertAllReady(r, urls());
    }

    @Test
    void fromAConfigFile() throws IOException {
        StringBuilder yaml = new StringBuilder("timeout: 10s\ntargets:\n");
        for (String t : targets()) yaml.append("  - ").append(t).append('\n');
        Path f = dir.resolve("readygate.yaml");
        Files.writeString(f, yaml);
        CliRun r = CliRun.run("wait", "--config", f.toString(), "--output", "json");
        assertAllReady(r, urls());
    }

    private Path nginxConf() throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\n"
                + "http { access_log off;\n"
                + "  upstream app { server my_db:" + httpPort + "; }\n"               // 3
                + "  server {\n"
                + "    listen 127.0.0.1:" + Servers.freePort() + ";\n"
                + "    location /a/ { proxy_pass http://app; }\n"
                + "    location /b/ { proxy_pass http://my_db:" + httpPort + "; }\n" // 7
                + "  }\n"
                + "}\n"
                + "stream {\n"
                + "  upstream db { server my_db:" + tcpPort + "; }\n"                 // 11
                + "  server { listen 127.0.0.1:" + Servers.freePort() + "; proxy_pass db; }\n"
                + "}\n");
        return conf;
    }

    @Test
    void fromAnNginxConfigWithWaitFrom() throws IOException {
        Path conf = nginxConf();
        CliRun r = CliRun.run("wait", "--from", conf.toString(), "--timeout", "10s", "--output", "json");
        // the upstream's server line and the direct pass name the same URL: waited for once
        assertAllReady(r, List.of("http://my_db:" + httpPort, "tcp://my_db:" + tcpPort));
        JsonNode ts = JSON.readTree(r.out).get("targets");
        assertEquals(conf + ":3:18", ts.get(0).get("origin").asText(), r::toString);
        assertEquals(conf + ":11:17", ts.get(1).get("origin").asText(), r::toString);
    }

    @Test
    void fromAnNginxConfigWithVerify() throws IOException {
        Path conf = nginxConf();
        CliRun r = CliRun.run("verify", "--output", "json", "--timeout", "10s", conf.toString());
        assertEquals(0, r.code, r::toString);
        JsonNode rows = JSON.readTree(r.out).get("upstreams");
        assertEquals(3, rows.size(), r::toString);
        for (JsonNode row : rows) {
            assertEquals("ok", row.get("result").asText(), r::toString);
            assertTrue(row.get("address").asText().startsWith("my_db:"), r::toString);
        }
    }

    @Test
    void aMalformedUpstreamServerIsAConfigErrorWithItsLine() throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "events {}\nhttp {\n  upstream app { server my..db:80; }\n"
                + "  server { location / { proxy_pass http://app; } }\n}\n");
        String message = "readygate: " + conf + ":3: invalid address in upstream \"my..db:80\": host 'my..db' has an empty label"
                + " (a dot at the start or two in a row); write e.g. db.example.test";
        CliRun w = CliRun.run("wait", "--from", conf.toString());
        assertEquals(3, w.code, w::toString);
        assertEquals(message, w.err.strip(), w::toString);
        CliRun v = CliRun.run("verify", conf.toString());
        assertEquals(3, v.code, v::toString);
        assertEquals(message, v.err.strip(), v::toString);
    }
}
