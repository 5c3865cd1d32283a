import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * The loopback servers of the AOT training run (scripts/build-runtime.sh), started with the build's JDK
 * as a single-file program: {@code java TrainingServers.java KEYSTORE PASSWORD PORTS_FILE SECONDS}.
 * An HTTP server (also the tcp target) and an HTTPS server (the keystore made by keytool) on ephemeral
 * ports of 127.0.0.1, both answering 200 with a small JSON body. It writes "http PORT" and "https PORT"
 * lines to PORTS_FILE once both listen, and exits after SECONDS (a safety net; the script kills it
 * sooner). No network beyond loopback.
 */
public final class TrainingServers {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) throw new IllegalArgumentException("usage: TrainingServers KEYSTORE PASSWORD PORTS_FILE SECONDS");
        char[] password = args[1].toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer http = HttpServer.create(loopback, 50);
        HttpsServer https = HttpsServer.create(loopback, 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        for (HttpServer s : new HttpServer[] {http, https}) {
            s.createContext("/", TrainingServers::answer);
            s.start();
        }
        Path ports = Path.of(args[2]);
        Path tmp = ports.resolveSibling(ports.getFileName() + ".tmp");
        Files.writeString(tmp, "http " + http.getAddress().getPort() + "\nhttps " + https.getAddress().getPort() + "\n");
        Files.move(tmp, ports);
        Thread.sleep(Long.parseLong(args[3]) * 1000);
        http.stop(0);
        https.stop(0);
    }

    private static void answer(HttpExchange ex) throws IOException {
        byte[] body = "{\"status\":\"UP\"}\n".getBytes(StandardCharsets.UTF_8);
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
