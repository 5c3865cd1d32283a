package dev.readygate.protocol.k8s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.readygate.testing.Certs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake Kubernetes API server over HTTPS on loopback: answers a list with the object the test set (the API's JSON
 * shapes), and streams watch events the test pushes, line by line, when it pushes them. Records each request's path,
 * query and Authorization header. {@link #statusOnce} answers the next request with a Status object.
 */
final class FakeApiServer implements AutoCloseable {
    static final String CLOSE = "<close>";

    final HttpsServer server;
    final Certs certs;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-api");
        t.setDaemon(true);
        return t;
    });
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> watchOpened = new LinkedBlockingQueue<>();
    volatile String listJson;
    private final LinkedBlockingQueue<int[]> statuses = new LinkedBlockingQueue<>();

    FakeApiServer(Path dir) throws Exception {
        this(dir, null);
    }

    /** @param clientCa when not null, the p12 name of the only client certificate accepted (required) */
    FakeApiServer(Path dir, String clientCa) throws Exception {
        certs = new Certs(dir);
        certs.selfSigned("api", "kubernetes", "ip:127.0.0.1,dns:localhost");
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        javax.net.ssl.SSLContext ctx = certs.serverContext("api", clientCa);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(clientCa != null);
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    Path caPem() {
        return certs.path("api.pem");
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next request with this status and a Status object with this message. */
    void statusOnce(int code, String reason, String message) {
        statuses.add(new int[] {code});
        this.reasons.add(new String[] {reason, message});
    }

    private volatile int[] always;
    private volatile String[] alwaysReason;

    /** Answers every request with this status and a Status object. */
    void statusAlways(int code, String reason, String message) {
        alwaysReason = new String[] {reason, message};
        always = new int[] {code};
    }

    private final LinkedBlockingQueue<String[]> reasons = new LinkedBlockingQueue<>();

    static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message.replace("\"", "\\\"")
                + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    /** Pushes one watch event line: {"type":TYPE,"object":OBJECT}. */
    void event(String type, String object) {
        events.add("{\"type\":\"" + type + "\",\"object\":" + object + "}");
    }

    /** Makes the server close the open watch. */
    void closeWatch() {
        events.add(CLOSE);
    }

    private void handle(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        requests.add(ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        tokens.add(auth == null ? "" : auth);
        int[] st = always != null ? always : statuses.poll();
        if (always != null) {
            send(ex, always[0], status(always[0], alwaysReason[0], alwaysReason[1]));
            return;
        }
        if (st != null) {
            String[] r = reasons.poll();
            send(ex, st[0], status(st[0], r[0], r[1]));
            return;
        }
        if (q != null && q.contains("watch=1")) {
            watch(ex);
            return;
        }
        send(ex, 200, listJson);
    }

    private void watch(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        watchOpened.add(ex.getRequestURI().getRawQuery());
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                String line = events.poll(10, TimeUnit.SECONDS);
                if (line == null || line.equals(CLOSE)) return;
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** A Deployment as the API returns it. */
    static String deployment(String rv, long generation, long observed, int replicas, int updated, int available) {
        return "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"api\",\"namespace\":\"default\",\"uid\":\"1f0c\","
                + "\"resourceVersion\":\"" + rv + "\",\"generation\":" + generation + ",\"labels\":{\"app\":\"api\"}},"
                + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"api\"}},\"strategy\":{\"type\":\"RollingUpdate\"}},"
                + "\"status\":{\"observedGeneration\":" + observed + ",\"replicas\":" + replicas + ",\"updatedReplicas\":" + updated
                + ",\"readyReplicas\":" + available + ",\"availableReplicas\":" + available + ",\"conditions\":[{\"type\":\"Progressing\",\"status\":\"True\","
                + "\"reason\":\"ReplicaSetUpdated\",\"message\":\"ReplicaSet \\\"api-7d9\\\" is progressing.\"}]}}";
    }

    static String list(String kind, String rv, String... items) {
        return "{\"kind\":\"" + kind + "\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"items\":["
                + String.join(",", items) + "]}";
    }

    static String bookmark(String rv) {
        return "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"}}";
    }

    @Override
    public void close() {
        events.add(CLOSE);
        server.stop(0);
        pool.shutdownNow();
    }
}
