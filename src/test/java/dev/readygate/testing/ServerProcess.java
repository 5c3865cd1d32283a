package dev.readygate.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server (postgres, mariadbd, redis-server, ...) started by a test from the installed
 * binaries, in the test's own folder, on a free loopback port, and stopped by PID: SIGTERM, then
 * SIGKILL after a bound. Binaries are looked for where Debian puts them and on the PATH; a missing
 * one skips the test, or fails it when CI=true (.ci/run installs the packages).
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The first candidate that is an executable file (absolute paths are taken as they are, bare
     * names are looked up on the PATH; a glob star in a path picks the highest version folder).
     *
     * @param aptPackage the Debian package that provides it, for the message
     */
    public static Path require(String aptPackage, String... candidates) {
        for (String c : candidates) {
            Path p = find(c);
            if (p != null) return p;
        }
        String what = String.join(" or ", candidates) + " (Debian package " + aptPackage + ")";
        if ("true".equals(System.getenv("CI"))) Assertions.fail(what + " is not installed but CI=true: apt-get install -y " + aptPackage);
        Assumptions.abort(what + " is not installed; set CI=true to make this a failure");
        return null;
    }

    private static Path find(String candidate) {
        if (!candidate.contains("/")) {
            String onPath = Commands.onPath(candidate);
            return onPath == null ? null : Path.of(onPath);
        }
        int star = candidate.indexOf('*');
        if (star < 0) return Files.isExecutable(Path.of(candidate)) ? Path.of(candidate) : null;
        Path parent = Path.of(candidate.substring(0, candidate.lastIndexOf('/', star)));
        String rest = candidate.substring(candidate.indexOf('/', star) + 1);
        if (!Files.isDirectory(parent)) return null;
        try (var dirs = Files.list(parent)) {
            List<Path> versions = new ArrayList<>(dirs.filter(Files::isDirectory).toList());
            versions.sort((a, b) -> compareVersions(b.getFileName().toString(), a.getFileName().toString()));
            for (Path v : versions) {
                Path p = v.resolve(rest);
                if (Files.isExecutable(p)) return p;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static int compareVersions(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /**
     * Starts {@code command} (output to {@code log}) and waits until 127.0.0.1:{@code port}
     * accepts a connection, at most {@code within}. A server that exits or never listens fails
     * the test with the tail of its log.
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log, int port, Duration within)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ServerProcess s = new ServerProcess(name, pb.start(), log);
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (!s.process.isAlive()) Assertions.fail(name + " exited with " + s.process.exitValue() + ":\n" + s.logTail());
            if (accepts(port)) return s;
            Thread.sleep(25);
        }
        s.close();
        Assertions.fail(name + " did not listen on 127.0.0.1:" + port + " within " + within.toMillis() + " ms:\n" + s.logTail());
        return s;
    }

    /**
     * The machine's own server (PostgreSQL 5432, MariaDB 3306, Redis 6379, started before each session and for CI)
     * listens on 127.0.0.1:port; otherwise the test is skipped, or fails when CI=true.
     */
    public static void requireListening(int port, String what) {
        if (accepts(port)) return;
        String why = what + " does not listen on 127.0.0.1:" + port;
        if ("true".equals(System.getenv("CI"))) Assertions.fail(why + " (CI=true: the machine's servers run for CI)");
        Assumptions.abort(why + "; set CI=true to make this a failure");
    }

    /** A connection to 127.0.0.1:port is accepted now (200 ms bound). */
    public static boolean accepts(int port) {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last 40 lines of the server's output. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Runs a helper command (initdb, mariadb-install-db, a client) to its end, at most {@code within}; fails the test on a non-zero exit. */
    public static String run(List<String> command, Map<String, String> env, Duration within) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("readygate-cmd", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                Assertions.fail(String.join(" ", command) + " did not finish within " + within.toMillis() + " ms:\n" + Files.readString(out));
            }
            String text = Files.readString(out, StandardCharsets.ISO_8859_1);
            if (p.exitValue() != 0) Assertions.fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Stops the server by its PID: SIGTERM, up to 15 s, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
