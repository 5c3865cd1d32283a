package dev.readygate.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real nginx binary, for checking that nginx agrees with our parser and lint rules. Missing
 * nginx skips the test, except with CI=true, where it fails (CI must install it:
 * apt-get install -y nginx).
 */
public final class RealNginx {
    private static final Pattern EMERG = Pattern.compile("\\[emerg\\] (.*) in (\\S+):(\\d+)\\s*$", Pattern.MULTILINE);

    public record Result(int exit, String out, String err) {
        /** nginx's first [emerg] message as readygate writes it: FILE:LINE: message; null when there is none. */
        public String emerg() {
            Matcher m = EMERG.matcher(err);
            return m.find() ? m.group(2) + ":" + m.group(3) + ": " + m.group(1) : null;
        }

        public boolean ok() {
            return exit == 0;
        }
    }

    private RealNginx() {
    }

    /** The nginx binary: $READYGATE_TEST_NGINX if set, else the usual places and PATH; null when there is none. */
    public static Path binary() {
        String override = System.getenv("READYGATE_TEST_NGINX");
        if (override != null && !override.isEmpty()) return Files.isExecutable(Path.of(override)) ? Path.of(override) : null;
        for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) return Path.of(dir, "nginx");
        }
        return null;
    }

    /** The nginx binary; aborts the test without one (fails it when CI=true). */
    public static Path require() {
        return require(binary(), System.getenv("CI"));
    }

    /** The policy of {@link #require()}: a missing binary fails the test when ci is "true", else aborts (skips) it. */
    public static Path require(Path binary, String ci) {
        if (binary == null) {
            if ("true".equals(ci)) Assertions.fail("nginx is not installed but CI=true: install it (apt-get install -y nginx)");
            Assumptions.abort("nginx is not installed (apt-get install -y nginx); set CI=true to make this a failure");
        }
        return binary;
    }

    /** nginx -t on {@code conf} with prefix {@code dir}: no root needed (pid and error log in dir). */
    public static Result test(Path conf, Path dir) throws IOException, InterruptedException {
        return run(dir, "-t", "-q", "-c", conf.toAbsolutePath().toString(), "-p", dir.toAbsolutePath() + "/", "-e", dir.resolve("error.log").toAbsolutePath().toString(),
                "-g", "pid " + dir.resolve("nginx.pid").toAbsolutePath() + ";");
    }

    /** nginx -T on {@code conf}: the dump of every file read. */
    public static Result dump(Path conf, Path dir) throws IOException, InterruptedException {
        return run(dir, "-T", "-q", "-c", conf.toAbsolutePath().toString(), "-p", dir.toAbsolutePath() + "/", "-e", dir.resolve("error.log").toAbsolutePath().toString(),
                "-g", "pid " + dir.resolve("nginx.pid").toAbsolutePath() + ";");
    }

    /** A running nginx (master in the foreground); close() stops it (SIGTERM, then SIGKILL). */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;

        private Running(Process process, Path dir) {
            this.process = process;
            this.dir = dir;
        }

        public Path errorLog() {
            return dir.resolve("error.log");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Starts nginx on {@code conf} with prefix {@code dir} in the foreground and waits (at most
     * 10 s) until {@code port} on 127.0.0.1 accepts connections.
     */
    public static Running start(Path conf, Path dir, int port) throws IOException, InterruptedException {
        Result t = test(conf, dir);
        if (!t.ok()) Assertions.fail("nginx -t rejects the test config:\n" + t.err() + "\n" + Files.readString(conf));
        String user = "root".equals(System.getProperty("user.name")) ? "user root; " : "";
        List<String> cmd = List.of(require().toString(), "-c", conf.toAbsolutePath().toString(), "-p", dir.toAbsolutePath() + "/",
                "-e", dir.resolve("error.log").toAbsolutePath().toString(),
                "-g", "daemon off; " + user + "pid " + dir.resolve("nginx.pid").toAbsolutePath() + ";");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.stdout").toFile()).start();
        Running r = new Running(p, dir);
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            if (!p.isAlive()) Assertions.fail("nginx exited with " + p.exitValue() + ":\n" + Files.readString(dir.resolve("nginx.stdout"))
                    + (Files.exists(r.errorLog()) ? Files.readString(r.errorLog()) : ""));
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return r;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        r.close();
        Assertions.fail("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
        return r;
    }

    /** GET http://127.0.0.1:PORT/PATH through nginx with a fresh connection: the status (bounded by 15 s). */
    public static int get(int port, String path) throws IOException {
        byte[] head = raw(port, path);
        String line = new String(head, 0, Math.min(12, head.length), StandardCharsets.ISO_8859_1);
        if (!line.startsWith("HTTP/1.") || line.length() < 12) throw new IOException("not an HTTP response: " + java.util.HexFormat.of().formatHex(head));
        return Integer.parseInt(line.substring(9, 12));
    }

    /** GET through nginx: the first bytes of whatever comes back (at most 4 KiB, bounded by 15 s). */
    public static byte[] raw(int port, String path) throws IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().readNBytes(4096);
        }
    }

    private static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "nginx", ".out");
        Path err = Files.createTempFile(dir, "nginx", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("nginx " + String.join(" ", args) + " did not finish in 30s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /**
     * Wraps server/upstream snippets in the minimal main config nginx needs; the body starts at
     * line 3. access_log off: the default log path is not writable for non-root users.
     */
    public static String wrapHttp(String httpBody) {
        return "events {}\nhttp { access_log off;\n" + httpBody + "}\n";
    }
}
