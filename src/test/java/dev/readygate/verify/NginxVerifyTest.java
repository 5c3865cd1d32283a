package dev.readygate.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.Certs;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.RealNginx;
import dev.readygate.testing.Servers;
import dev.readygate.testing.TinyDns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * readygate verify (and wait --from) against small Java upstreams on loopback, each scenario
 * with its own nginx config; where the brief asks, the real nginx confirms the 502/504 verify
 * predicts. Upstreams, nginx and DNS are closed after each test.
 */
@Timeout(90)
class NginxVerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    }

    /** A one-response-per-connection HTTP/1.1 app: optional delay and padding header; 400 for anything not HTTP. */
    static final class App implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;

        App(ServerSocket server, int delayMs, int headerPadding) {
            this(server, delayMs, headerPadding, 200, false);
        }

        /**
         * @param status          the status of every answer
         * @param waitsForRequest no 400 for what is not HTTP: wait for a complete request head (as many servers do)
         */
        App(ServerSocket server, int delayMs, int headerPadding, int status, boolean waitsForRequest) {
            this.server = server;
            this.thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread t = new Thread(() -> answer(s, delayMs, headerPadding, status, waitsForRequest), "app-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "app");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void answer(Socket s, int delayMs, int headerPadding, int status, boolean waitsForRequest) {
            try (s) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[16384];
                int n = 0;
                while (n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) return;
                    n += r;
                    if (!Character.isLetter(buf[0]) && !waitsForRequest) {
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                    if (new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) break;
                }
                if (delayMs > 0) Thread.sleep(delayMs);
                String pad = headerPadding > 0 ? "X-Padding: " + "a".repeat(headerPadding) + "\r\n" : "";
                String body = status == 200 ? "ok" : "boom";
                out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Failing") + "\r\nContent-Type: text/plain\r\n" + pad
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException | InterruptedException e) {
                // the client went away (or spoke TLS to a plain port): nothing to answer
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(2000);
        }
    }

    private App plainApp(int delayMs, int headerPadding) {
        App a = new App(Servers.listen(), delayMs, headerPadding);
        closing.add(a);
        return a;
    }

    private App tlsApp() throws Exception {
        Certs certs = new Certs(dir);
        certs.selfSigned("upstream", "localhost", "dns:localhost,ip:127.0.0.1");
        SSLContext ctx = certs.serverContext("upstream", null);
        ServerSocket s = ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        App a = new App(s, 0, 0);
        closing.add(a);
        return a;
    }

    /** Writes nginx.conf: line 5 is the location, line 6 the proxy_pass; extra lines follow it. Returns the path. */
    private Path conf(int nginxPort, String pass, String... locationExtra) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("events {}\n");                                  // 1
        sb.append("http { access_log off;\n");                     // 2
        sb.append("  server {\n");                                 // 3
        sb.append("    listen 127.0.0.1:").append(nginxPort).append(";\n"); // 4
        sb.append("    location / {\n");                           // 5
        sb.append("      proxy_pass ").append(pass).append(";\n");  // 6
        for (String e : locationExtra) sb.append("      ").append(e).append("\n");
        sb.append("    }\n  }\n}\n");
        Path p = dir.resolve("nginx.conf");
        Files.writeString(p, sb.toString());
        return p;
    }

    private static JsonNode verify(Path conf, String timeout, int expectedExit) throws IOException {
        CliRun r = CliRun.run("verify", "--output", "json", "--timeout", timeout, conf.toString());
        assertEquals(expectedExit, r.code, r.toString());
        JsonNode root = JSON.readTree(r.out);
        assertEquals(1, root.get("upstreams").size(), r.toString());
        return root.get("upstreams").get(0);
    }

    private static void assertRow(JsonNode row, Path conf, String result, String cause, String... hintParts) {
        String all = row.toPrettyString();
        assertEquals(result, row.get("result").asText(), all);
        assertEquals(cause, row.get("cause").asText(), all);
        assertAt(conf, 6, row.get("origin").asText());
        assertAt(conf, 5, row.get("locationOrigin").asText());
        for (String h : hintParts) assertTrue(row.get("hint").asText().contains(h), "hint lacks '" + h + "': " + all);
    }

    private RealNginx.Running nginx(Path conf, int port) throws Exception {
        RealNginx.Running n = RealNginx.start(conf, dir, port);
        closing.add(n);
        return n;
    }

    @Test
    void proxyPassToTheWrongPortNamesTheListenerNearby() throws Exception {
        // the app is the only listener near the wrong port, whatever else listens on this machine
        App app = new App(Servers.listenAlone(), 0, 0);
        closing.add(app);
        int wrong = app.port() + 1;
        int port = Servers.freePort();
        Path conf = conf(port, "http://127.0.0.1:" + wrong);
        JsonNode row = verify(conf, "1s", 1);
        assertRow(row, conf, "502", "CONNECTION_REFUSED", "wrong port", conf + ":6");
        assertTrue(row.get("message").asText().contains("127.0.0.1:" + app.port() + " is listening"), row.toPrettyString());
        nginx(conf, port);
        assertEquals(502, RealNginx.get(port, "/"));
    }

    @Test
    void appNotRunning() throws Exception {
        Path conf = conf(Servers.freePort(), "http://127.0.0.1:" + Servers.freePort());
        JsonNode row = verify(conf, "1s", 1);
        assertRow(row, conf, "502", "CONNECTION_REFUSED", "app is not running", "proxy_pass at " + conf + ":6");
    }

    @Test
    void httpsToAPlainApp() throws Exception {
        App app = plainApp(0, 0);
        int port = Servers.freePort();
        Path conf = conf(port, "https://127.0.0.1:" + app.port());
        JsonNode row = verify(conf, "2s", 1);
        assertRow(row, conf, "502", "TLS_ON_PLAIN_PORT", "write http:// in proxy_pass at " + conf + ":6");
        nginx(conf, port);
        assertEquals(502, RealNginx.get(port, "/"));
    }

    @Test
    void httpToATlsOnlyApp() throws Exception {
        App app = tlsApp();
        int port = Servers.freePort();
        Path conf = conf(port, "http://127.0.0.1:" + app.port());
        JsonNode row = verify(conf, "2s", 1);
        assertRow(row, conf, "invalid", "PLAIN_ON_TLS_PORT", "write https:// in proxy_pass at " + conf + ":6", "upstream sent no valid HTTP/1.0 header");
        nginx(conf, port);
        // not a 502: nginx relays the TLS alert the app sends back as an HTTP/0.9 response, with no status line
        byte[] got = RealNginx.raw(port, "/");
        assertTrue(got.length > 0 && got[0] == 0x15, "expected the TLS alert record, got " + java.util.HexFormat.of().formatHex(got));
        assertTrue(Files.readString(dir.resolve("error.log")).contains("upstream sent no valid HTTP/1.0 header"));
    }

    @Test
    void aRelayed500FailsTheCheckUnlessAccepted() throws Exception {
        App app = new App(Servers.listen(), 0, 0, 500, false);
        closing.add(app);
        int port = Servers.freePort();
        Path conf = conf(port, "http://127.0.0.1:" + app.port());
        JsonNode row = verify(conf, "2s", 1);
        assertRow(row, conf, "relayed", "HTTP_STATUS", "see the app's logs", "body excerpt ('boom')", "--accept-status 500");
        assertTrue(row.get("message").asText().startsWith("nginx relays HTTP 500 from the app: an application failure, not a gateway problem"),
                row.toPrettyString());
        assertEquals(500, row.get("status").asInt(), row.toPrettyString());
        CliRun text = CliRun.run("verify", "-q", "--timeout", "2s", conf.toString());
        assertEquals(1, text.code, text.toString());
        assertTrue(text.out.contains("relayed  HTTP_STATUS 500"), text.toString());
        assertTrue(!text.out.contains("every upstream answers as the config expects"), text.toString());
        // --accept-status widens what passes; a 404 passes by default
        CliRun accepted = CliRun.run("verify", "--output", "json", "--accept-status", "500", "--timeout", "2s", conf.toString());
        assertEquals(0, accepted.code, accepted.toString());
        CliRun bad = CliRun.run("verify", "--accept-status", "600", conf.toString());
        assertEquals(2, bad.code, bad.toString());
        assertTrue(bad.err.startsWith("readygate: --accept-status: "), bad.toString());
        nginx(conf, port);
        assertEquals(500, RealNginx.get(port, "/"));
    }

    @Test
    void plainHttpToAnUpstreamNginxsTlsPortIsPlainOnTlsPort() throws Exception {
        Certs certs = new Certs(dir);
        certs.selfSigned("upstream", "localhost", "dns:localhost,ip:127.0.0.1");
        int front = Servers.freePort();
        int tls = Servers.freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\n"
                + "http { access_log off;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + front + ";\n"
                + "    location / {\n"                                   // 5
                + "      proxy_pass http://127.0.0.1:" + tls + ";\n"     // 6
                + "    }\n  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + tls + " ssl;\n"
                + "    ssl_certificate " + certs.path("upstream.pem") + ";\n"
                + "    ssl_certificate_key " + certs.privateKeyPem("upstream") + ";\n"
                + "    location / { return 200 'tls upstream'; }\n"
                + "  }\n}\n");
        nginx(conf, front);
        // nginx itself relays its TLS port's 400 to every client
        assertEquals(400, RealNginx.get(front, "/"));
        JsonNode row = verify(conf, "3s", 1);
        assertRow(row, conf, "relayed", "PLAIN_ON_TLS_PORT", "write https:// in proxy_pass at " + conf + ":6");
        assertTrue(row.get("message").asText().contains("127.0.0.1:" + tls + " speaks TLS"), row.toPrettyString());
        assertEquals(400, row.get("status").asInt(), row.toPrettyString());
    }

    @Test
    void theDidYouMeanHintNeverNamesNginxsOwnListener() throws Exception {
        // nginx listens on port, the app would be on port + 1 and is down
        int port = -1;
        for (int i = 0; i < 50 && port < 0; i++) {
            int p = Servers.freePort();
            if (p < 65535 && free(p + 1)) port = p;
        }
        if (port < 0) fail("no two free ports in a row in 50 tries");
        Path conf = conf(port, "http://127.0.0.1:" + (port + 1));
        nginx(conf, port);
        assertEquals(502, RealNginx.get(port, "/"));
        long t0 = System.nanoTime();
        JsonNode row = verify(conf, "10s", 1);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertRow(row, conf, "502", "CONNECTION_REFUSED", "the app is not running", "proxy_pass at " + conf + ":6");
        assertTrue(!row.get("message").asText().contains(port + " is listening"), row.toPrettyString());
        assertTrue(!row.get("hint").asText().contains("wrong port"), row.toPrettyString());
        assertTrue(row.get("message").asText().contains("the only listeners nearby are nginx's own"), row.toPrettyString());
        // a refusal is the kernel's answer: no 10 s of retries
        assertTrue(took < 4000, "verify took " + took + " ms for a refused upstream");
        // wait --from leaves nginx's own listeners out too
        CliRun w = CliRun.run("wait", "--from", conf.toString(), "--timeout", "1s", "-q");
        assertEquals(1, w.code, w.toString());
        assertTrue(w.err.contains("the only listeners nearby are nginx's own"), w.toString());
        assertTrue(!w.err.contains(port + " is listening"), w.toString());
    }

    @Test
    void httpsToAPlainServerThatWaitsForACompleteRequestIsTlsOnPlainPort() throws Exception {
        App app = new App(Servers.listen(), 0, 0, 200, true);
        closing.add(app);
        int port = Servers.freePort();
        Path conf = conf(port, "https://127.0.0.1:" + app.port(), "proxy_connect_timeout 1s;");
        JsonNode row = verify(conf, "3s", 1);
        // nginx's handshake gets no answer either: it gives up after proxy_connect_timeout with 504
        assertRow(row, conf, "504", "TLS_ON_PLAIN_PORT", "write http:// in proxy_pass at " + conf + ":6", "proxy_connect_timeout (1s at " + conf + ":7:7;");
        assertTrue(row.get("message").asText().contains("a plain HTTP request to the same port is answered ('HTTP/1.1 200 OK')"), row.toPrettyString());
        nginx(conf, port);
        assertEquals(504, RealNginx.get(port, "/"));
        assertTrue(Files.readString(dir.resolve("error.log")).contains("SSL handshaking"), Files.readString(dir.resolve("error.log")));
    }

    @Test
    void headersLargerThanProxyBufferSizeAre502InVerifyAndInNginx() throws Exception {
        App app = plainApp(0, 2000);
        int port = Servers.freePort();
        Path conf = conf(port, "http://127.0.0.1:" + app.port() + "/health", "proxy_buffer_size 1k;");
        JsonNode row = verify(conf, "1s", 1);
        assertRow(row, conf, "502", "HEADERS_TOO_LARGE", "proxy_buffer_size (1k at " + conf + ":7:7)");
        assertEquals("/health", row.get("url").asText().replaceAll("^http://[^/]+", ""));
        assertEquals(1024, row.get("budgets").get("bufferSizeBytes").asInt());
        nginx(conf, port);
        assertEquals(502, RealNginx.get(port, "/"));
        assertTrue(Files.readString(dir.resolve("error.log")).contains("upstream sent too big header"));
    }

    @Test
    void upstreamSlowerThanProxyReadTimeoutIs504InVerifyAndInNginx() throws Exception {
        App app = plainApp(1500, 0);
        int port = Servers.freePort();
        Path conf = conf(port, "http://127.0.0.1:" + app.port(), "proxy_read_timeout 1s;", "proxy_connect_timeout 1s;");
        JsonNode row = verify(conf, "3s", 1);
        assertRow(row, conf, "504", "SLOW", "proxy_read_timeout (1s at " + conf + ":7:7)");
        assertTrue(row.get("note").asText().contains("probing /"), row.toPrettyString());
        nginx(conf, port);
        assertEquals(504, RealNginx.get(port, "/"));
    }

    @Test
    void aHungUpstreamIs504OnlyWhenVerifyWaitedAsLongAsNginxWould() throws Exception {
        App hung = plainApp(60_000, 0);
        Path longRead = conf(Servers.freePort(), "http://127.0.0.1:" + hung.port());
        JsonNode unknown = verify(longRead, "1s", 1);
        assertEquals("unknown", unknown.get("result").asText(), unknown.toPrettyString());
        assertEquals("READ_TIMEOUT", unknown.get("cause").asText(), unknown.toPrettyString());
        assertTrue(unknown.get("hint").asText().contains("nginx waits proxy_read_timeout 60s (the default)"), unknown.toPrettyString());

        Path shortRead = conf(Servers.freePort(), "http://127.0.0.1:" + hung.port(), "proxy_read_timeout 1s;");
        assertRow(verify(shortRead, "2s", 1), shortRead, "504", "READ_TIMEOUT", "nginx answers 504 after proxy_read_timeout (1s at " + shortRead + ":7:7)");
    }

    @Test
    void healthyUpstreamBlockExitsZeroAndNamesTheServerLine() throws Exception {
        App app = plainApp(0, 0);
        int port = Servers.freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\n"
                + "http { access_log off;\n"
                + "  upstream app {\n"
                + "    server 127.0.0.1:" + app.port() + ";\n"      // 4
                + "  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    location /api/ {\n"                          // 8
                + "      proxy_pass http://app/v1/;\n"              // 9
                + "    }\n  }\n}\n");
        CliRun r = CliRun.run("verify", "--output", "json", "--timeout", "5s", conf.toString());
        assertEquals(0, r.code, r.toString());
        JsonNode row = JSON.readTree(r.out).get("upstreams").get(0);
        assertEquals("ok", row.get("result").asText(), r.toString());
        assertEquals(200, row.get("status").asInt(), r.toString());
        assertEquals("app", row.get("upstream").asText());
        assertAt(conf, 4, row.get("serverOrigin").asText());
        assertAt(conf, 9, row.get("origin").asText());
        assertTrue(row.get("url").asText().endsWith("/v1/"), r.toString());
        // every field of the JSON is documented in docs/nginx.md
        String docs = Files.readString(Path.of("docs/nginx.md"));
        JsonNode root = JSON.readTree(r.out);
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(n -> names.add("`" + n + "`"));
        row.fieldNames().forEachRemaining(n -> names.add("`." + n + "`"));
        row.get("budgets").fieldNames().forEachRemaining(n -> names.add("`" + n + "`"));
        for (String n : names)
            if (!n.equals("`$schema`") && !n.equals("`readygate`") && !docs.contains(n)) fail("docs/nginx.md does not document " + n);
        CliRun text = CliRun.run("verify", "--timeout", "5s", conf.toString());
        assertEquals(0, text.code, text.toString());
        String[] lines = text.out.split("\n");
        assertTrue(lines[0].matches("LOCATION +PASS +UPSTREAM +RESULT +CAUSE"), text.toString());
        assertTrue(lines[1].matches("server 127\\.0\\.0\\.1:\\d+ location /api/ +" + java.util.regex.Pattern.quote(conf + ":9:7 proxy_pass http://app/v1/")
                + " +" + java.util.regex.Pattern.quote("app 127.0.0.1:" + app.port() + " (" + conf + ":4:5)") + " +ok +status 200"), text.toString());
        assertTrue(text.out.endsWith("verify: every upstream answers as the config expects (1 ok, 0 failing, 0 skipped)\n"), text.toString());
        nginx(conf, port);
        assertEquals(200, RealNginx.get(port, "/api/"));
    }

    @Test
    void nothingToProbeIsSaidSoAndExitsZero() throws Exception {
        Path conf = conf(Servers.freePort(), "http://$http_x_backend");
        CliRun r = CliRun.run("verify", "-q", conf.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("skipped: built from $http_x_backend, known only per request"), r.toString());
        assertTrue(r.out.endsWith("verify: nothing could be probed (0 ok, 0 failing, 1 skipped)\n"), r.toString());
        Path none = dir.resolve("none.conf");
        Files.writeString(none, "events {}\nhttp { server { location / { return 200; } } }\n");
        CliRun n = CliRun.run("verify", none.toString());
        assertEquals(0, n.code, n.toString());
        assertTrue(n.out.startsWith("verify: the config passes requests to no upstream"), n.toString());
    }

    @Test
    void aBrokenConfigIsExit3WithFileAndLine() throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\nhttp {\n  server {\n    location / { proxy_pass; }\n  }\n}\n");
        CliRun r = CliRun.run("verify", conf.toString());
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + conf + ":4: invalid number of arguments in \"proxy_pass\" directive", r.err.strip(), r.toString());
        CliRun w = CliRun.run("wait", "--from", conf.toString());
        assertEquals(3, w.code, w.toString());
        assertEquals(r.err, w.err, w.toString());
    }

    @Test
    void passWithVariablesIsResolvedThroughNginxsResolver() throws Exception {
        App app = plainApp(0, 0);
        TinyDns dns = new TinyDns().add("app.test", InetAddress.getByName("127.0.0.1"))
                .raw("evil.test", q -> {
                    byte[] out = java.util.Arrays.copyOf(q, q.length + 3);
                    out[2] = (byte) 0x81;
                    out[7] = 9; // nine answers that are not there
                    return out;
                });
        closing.add(dns);
        Path conf = conf(Servers.freePort(), "http://$up:" + app.port(), "set $up app.test;", "resolver 127.0.0.1:" + dns.port() + " ipv6=off;");
        JsonNode row = verify(conf, "3s", 0);
        assertEquals("ok", row.get("result").asText(), row.toPrettyString());
        assertTrue(row.get("note").asText().contains("resolved through the resolver 127.0.0.1:" + dns.port() + " (" + conf + ":8:7) to 127.0.0.1"),
                row.toPrettyString());

        // a resolver given by name is resolved by the system (as nginx does at start-up), then asked
        Path named = conf(Servers.freePort(), "http://$up:" + app.port(), "set $up app.test;", "resolver v4only.test:" + dns.port() + " ipv6=off;");
        JsonNode byName = verify(named, "3s", 0);
        assertTrue(byName.get("note").asText().contains("resolved through the resolver 127.0.0.1:" + dns.port()), byName.toPrettyString());

        Path evil = conf(Servers.freePort(), "http://$up:" + app.port(), "set $up evil.test;", "resolver 127.0.0.1:" + dns.port() + ";");
        JsonNode bad = verify(evil, "3s", 1);
        assertEquals("502", bad.get("result").asText(), bad.toPrettyString());
        assertEquals("DNS_NOT_FOUND", bad.get("cause").asText(), bad.toPrettyString());
        assertTrue(bad.get("hint").asText().contains("resolver at " + evil + ":8:7"), bad.toPrettyString());
    }

    @Test
    void waitFromNginxConfWaitsForTheUpstreamWithItsOrigin() throws Exception {
        App app = plainApp(0, 0);
        Path conf = conf(Servers.freePort(), "http://127.0.0.1:" + app.port(), "proxy_buffer_size 8k;");
        CliRun r = CliRun.run("wait", "--from", conf.toString(), "--timeout", "5s", "--output", "json");
        assertEquals(0, r.code, r.toString());
        JsonNode t = JSON.readTree(r.out).get("targets");
        assertEquals(1, t.size(), r.toString());
        assertAt(conf, 6, t.get(0).get("origin").asText());
        assertEquals("http://127.0.0.1:" + app.port(), t.get(0).get("url").asText().replaceAll("/$", ""), r.toString());

        // the budgets of the pass apply: headers above proxy_buffer_size block the gate
        App big = plainApp(0, 9000);
        Path conf2 = conf(Servers.freePort(), "http://127.0.0.1:" + big.port(), "proxy_buffer_size 8k;");
        CliRun b = CliRun.run("wait", "--from", conf2.toString(), "--timeout", "1s");
        assertEquals(1, b.code, b.toString());
        assertTrue(b.err.contains("HEADERS_TOO_LARGE"), b.toString());
        assertTrue(b.err.contains("from: " + conf2 + ":6:7"), b.toString());

        // https as nginx does it: proxy_ssl_verify is off by default, so a self-signed upstream is fine
        App tls = tlsApp();
        Path conf4 = conf(Servers.freePort(), "https://127.0.0.1:" + tls.port());
        CliRun t4 = CliRun.run("wait", "--from", conf4.toString(), "--timeout", "5s");
        assertEquals(0, t4.code, t4.toString());
        Path conf5 = conf(Servers.freePort(), "https://127.0.0.1:" + tls.port(), "proxy_ssl_verify on;");
        CliRun t5 = CliRun.run("wait", "--from", conf5.toString(), "--timeout", "1s");
        assertEquals(1, t5.code, t5.toString());
        assertTrue(t5.err.contains("TLS_UNTRUSTED"), t5.toString());

        // an unverifiable pass is listed as skipped, not an error
        Path conf3 = conf(Servers.freePort(), "http://$http_x_backend", "# nothing else");
        CliRun s = CliRun.run("wait", "--from", conf3.toString(), "127.0.0.1:" + app.port(), "--timeout", "5s");
        assertEquals(0, s.code, s.toString());
        assertTrue(s.err.contains("skipped proxy_pass http://$http_x_backend at " + conf3 + ":6:7"), s.toString());
    }

    @Test
    void proxySslVerifyUsesTheTrustedCertificateOfThePass() throws Exception {
        Certs certs = new Certs(dir);
        certs.selfSigned("ca", "Readygate Test CA", null, "-ext", "bc:c");
        certs.issued("upstream", "ca", "localhost", "dns:localhost,ip:127.0.0.1", null, 30);
        ServerSocket s = certs.serverContext("upstream", null).getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        App app = new App(s, 0, 0);
        closing.add(app);
        // ca.pem is next to nginx.conf: nginx reads relative names from the config's directory
        Path trusted = conf(Servers.freePort(), "https://127.0.0.1:" + app.port(), "proxy_ssl_verify on;", "proxy_ssl_trusted_certificate ca.pem;");
        JsonNode ok = verify(trusted, "3s", 0);
        assertEquals("ok", ok.get("result").asText(), ok.toPrettyString());

        Path untrusted = conf(Servers.freePort(), "https://127.0.0.1:" + app.port(), "proxy_ssl_verify on;");
        JsonNode bad = verify(untrusted, "2s", 1);
        assertRow(bad, untrusted, "502", "TLS_UNTRUSTED");

        // nginx's default, proxy_ssl_verify off: any certificate is fine
        Path off = conf(Servers.freePort(), "https://127.0.0.1:" + app.port());
        assertEquals("ok", verify(off, "3s", 0).get("result").asText());
    }

    @Test
    void everyAddressOfAnUpstreamNameMustAnswer() throws Exception {
        // dual.test is 127.0.0.1 and ::1 (src/test/resources/hosts); the app listens on IPv4 only
        App app = plainApp(0, 0);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\n"
                + "http { access_log off;\n"
                + "  upstream app {\n"
                + "    server dual.test:" + app.port() + ";\n"     // 4
                + "  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + Servers.freePort() + ";\n"
                + "    location / {\n"
                + "      proxy_pass http://app;\n"                 // 9
                + "    }\n  }\n}\n");
        CliRun r = CliRun.run("verify", "--output", "json", "--timeout", "1s", conf.toString());
        assertEquals(1, r.code, r.toString());
        JsonNode row = JSON.readTree(r.out).get("upstreams").get(0);
        assertEquals("502", row.get("result").asText(), r.toString());
        assertEquals("ADDRESS_FAMILY_MISMATCH", row.get("cause").asText(), r.toString());
        assertAt(conf, 4, row.get("serverOrigin").asText());
        assertTrue(row.get("hint").asText().contains("the server line at " + conf + ":4:"), r.toString());
    }

    @Test
    void nginxDashTOnStdinForVerifyAndWaitFrom() throws Exception {
        App app = plainApp(0, 0);
        String dump = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                + "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n  include /etc/nginx/conf.d/app.conf;\n}\n\n"
                + "# configuration file /etc/nginx/conf.d/app.conf:\nserver {\n  location / {\n    proxy_pass http://127.0.0.1:" + app.port()
                + ";\n  }\n}\n\n";
        CliRun v = CliRun.withStdin(dump, "verify", "--output", "json", "--timeout", "5s", "-");
        assertEquals(0, v.code, v.toString());
        JsonNode row = JSON.readTree(v.out).get("upstreams").get(0);
        assertEquals("ok", row.get("result").asText(), v.toString());
        assertEquals("/etc/nginx/conf.d/app.conf:3:5", row.get("origin").asText(), v.toString());
        CliRun w = CliRun.withStdin(dump, "wait", "--from", "-", "--timeout", "5s", "--output", "json");
        assertEquals(0, w.code, w.toString());
        assertEquals("/etc/nginx/conf.d/app.conf:3:5", JSON.readTree(w.out).get("targets").get(0).get("origin").asText(), w.toString());
    }

    /** An origin is FILE:LINE:COLUMN; the line is what matters here. */
    private static void assertAt(Path conf, int line, String origin) {
        assertTrue(origin.startsWith(conf + ":" + line + ":"), "expected " + conf + ":" + line + ":COLUMN but was " + origin);
    }

    private static void assertAt(Path conf, int line, JsonNode origin) {
        assertAt(conf, line, origin.asText());
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
