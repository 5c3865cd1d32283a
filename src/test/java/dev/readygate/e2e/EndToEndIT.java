package dev.readygate.e2e;

import dev.readygate.testing.Children;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The built jar as a real process. */
@Timeout(60)
class EndToEndIT {
    @TempDir
    Path dir;

    Process start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** With these environment variables added. */
    Process start(java.util.Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("readygate.jar", "target/readygate.jar");
        assertTrue(new File(jar).isFile(), "build the jar first: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        // SIGINT reaches readygate even when this build runs with SIGINT ignored (a background job)
        ProcessBuilder pb = new ProcessBuilder(Children.withSigint(cmd)).redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        Children.isolated(pb).environment().putAll(env);
        return pb.start();
    }

    String err() throws IOException {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    String out() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    int exit(Process p, int seconds) throws InterruptedException {
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "readygate did not exit in " + seconds + "s");
        return p.exitValue();
    }

    /** Waits until the file holds the text (bounded). */
    void awaitText(Path f, String text) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (Files.exists(f) && Files.readString(f).contains(text)) return;
            Thread.sleep(20);
        }
        fail("no '" + text + "' in " + f + ":\n" + (Files.exists(f) ? Files.readString(f) : "(missing)"));
    }

    @Test
    void waitsForAServerThatStartsListeningLater() throws Exception {
        int port = Servers.freePort();
        Process p = start("wait", "--timeout", "20s", "tcp://127.0.0.1:" + port);
        awaitText(dir.resolve("err.txt"), "CONNECTION_REFUSED");
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(0, exit(p, 15), this::errQuiet);
        }
        // the last report says ready, after a story that began with the refusals
        assertTrue(err().contains("readygate: ready after "), err());
        assertTrue(err().contains("  ready     tcp://127.0.0.1:" + port + "  "), err());
        assertTrue(err().contains("before: CONNECTION_REFUSED"), err());
    }

    @Test
    void onGithubActionsAnnotatesWritesTheSummaryTheOutputsAndJunit() throws Exception {
        int port = Servers.freePort();
        java.util.Map<String, String> env = java.util.Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKSPACE", dir.toString(),
                "GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString(), "GITHUB_OUTPUT", dir.resolve("output.txt").toString());
        // 3 s: the deadline counts from the process start, and a loaded machine can take a second to start a JVM
        Process p = start(env, "wait", "--timeout", "3s", "--junit", dir.resolve("wait.xml").toString(), "127.0.0.1:" + port);
        assertEquals(1, exit(p, 15), this::errQuiet);
        assertTrue(out().startsWith("::error title=readygate%3A tcp%3A//127.0.0.1%3A" + port + " is not ready::CONNECTION_REFUSED"), out());
        assertEquals(1, out().lines().count(), out());
        assertTrue(err().contains("NOT READY"), err());
        assertTrue(Files.readString(dir.resolve("output.txt")).matches("ready=false\nduration=3\\.\\d{3}\ntargets=1\nnot-ready=1\n"),
                Files.readString(dir.resolve("output.txt")));
        assertTrue(Files.readString(dir.resolve("summary.md")).startsWith("### readygate wait: blocked"));
        dev.readygate.testing.JunitSchema.validate(Files.readString(dir.resolve("wait.xml")));
    }

    /** --timeout counts from when readygate was run, not from the end of the JVM's start-up; and never ends early. */
    @Test
    void theDeadlineCountsFromTheProcessStart() throws Exception {
        int port = Servers.freePort();
        long t0 = System.nanoTime();
        Process p = start("wait", "--timeout", "2s", "-q", "--report", dir.resolve("r.json").toString(), "127.0.0.1:" + port);
        assertEquals(1, exit(p, 15), this::errQuiet);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        String report = Files.readString(dir.resolve("r.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"elapsedMs\" : (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        long elapsedMs = Long.parseLong(m.group(1));
        assertTrue(wallMs >= 2_000, "never early: " + wallMs + " ms");
        assertTrue(elapsedMs >= 1_990, "the report counts from the process start too: " + elapsedMs + " ms");
        // what is left between the gate's end and the exit is the report and the JVM's exit, not its start-up (~0.3-0.7 s)
        assertTrue(wallMs - elapsedMs < 400, "wall " + wallMs + " ms, gate " + elapsedMs + " ms");
    }

    @Test
    void blocksWhenNothingEverListens() throws Exception {
        int port = Servers.freePort();
        Process p = start("wait", "--timeout", "3s", "--output", "json", "127.0.0.1:" + port);
        assertEquals(1, exit(p, 15), this::errQuiet);
        assertTrue(err().contains("CONNECTION_REFUSED"), err());
        assertTrue(err().contains("next:"), err());
        assertTrue(out().contains("\"reason\" : \"deadline\""), out());
    }

    @Test
    void sigtermWhileWaitingStopsAtOnceWithTheReportSoFar() throws Exception {
        int port = Servers.freePort();
        Process p = start("wait", "--timeout", "none", "--output", "json", "127.0.0.1:" + port);
        awaitText(dir.resolve("err.txt"), "CONNECTION_REFUSED");
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM
        assertEquals(143, exit(p, 10), this::errQuiet);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3000);
        assertTrue(err().contains("interrupted"), err());
        assertTrue(err().contains("CONNECTION_REFUSED"), err());
        assertTrue(out().contains("\"reason\" : \"interrupted\""), out());
        assertTrue(out().contains("\"exitCode\" : 143"), out());
    }

    @Test
    void sigintWhileWaitingExits130() throws Exception {
        int port = Servers.freePort();
        Process p = start("wait", "127.0.0.1:" + port);
        awaitText(dir.resolve("err.txt"), "CONNECTION_REFUSED");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        assertEquals(130, exit(p, 10), this::errQuiet);
        assertTrue(err().contains("interrupted"), err());
    }

    @Test
    void signalsAreForwardedToTheCommandAndItsExitCodeReturned() throws Exception {
        Path started = dir.resolve("started");
        try (ServerSocket s = Servers.listen()) {
            Process p = start("wait", "-q", "127.0.0.1:" + s.getLocalPort(), "--", "sh", "-c",
                    "trap 'exit 42' TERM; touch " + started + "; while true; do sleep 0.05; done");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(started) && System.nanoTime() < until) Thread.sleep(20);
            assertTrue(Files.exists(started), "the command did not start: " + errQuiet());
            p.destroy(); // SIGTERM to readygate, forwarded to sh
            assertEquals(42, exit(p, 10), this::errQuiet);
        }
    }

    @Test
    void theCommandInheritsStdout() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            Process p = start("wait", "-q", "127.0.0.1:" + s.getLocalPort(), "--", "echo", "hello from the command");
            assertEquals(0, exit(p, 15), this::errQuiet);
            assertEquals("hello from the command\n", out());
        }
    }

    private String errQuiet() {
        try {
            return err();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Out of file descriptors (ulimit -n 64, 150 targets on a port that holds every connection): the cause is local, never the target's. */
    @Test
    void runningOutOfFileDescriptorsIsSaidAsSuch() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (held.size() < 2000) held.add(holder.accept()); // bounded; ends when the server closes
                } catch (IOException closed) {
                    // the test is over
                }
            }, "holder");
            acceptor.setDaemon(true);
            acceptor.start();
            String jar = System.getProperty("readygate.jar", "target/readygate.jar");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            StringBuilder targets = new StringBuilder();
            for (int i = 0; i < 150; i++) targets.append(" http://127.0.0.1:").append(holder.getLocalPort()).append("/t").append(i);
            // beyond the default bound (the limit minus what the JVM keeps; 32 at once on JDK 17's pool, more on 21+ with
            // the JVM's own 8 or so): descriptors run out, and that is said as such
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n 32 && exec '" + java + "' -jar '" + jar
                    + "' wait --timeout 2s --max-concurrency 200 -q" + targets)
                    .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
            Children.isolated(pb);
            Process p = pb.start();
            assertEquals(1, exit(p, 30), err());
            String err = err();
            assertTrue(err.contains("LOCAL_RESOURCES: readygate could not open a socket to 127.0.0.1:" + holder.getLocalPort()), err);
            assertTrue(err.contains("too many open files: the limit is 32 (ulimit -n)"), err);
            assertFalse(err.contains("CONNECTION_REFUSED"), "a local shortage must not be blamed on the target:\n" + err);
            assertFalse(err.contains("Exception"), err);
            // by default, attempts at once stay below the limit: no descriptor shortage, every target gets the server's own cause
            ProcessBuilder bounded = new ProcessBuilder("bash", "-c", "ulimit -n 64 && exec '" + java + "' -jar '" + jar + "' wait --timeout 2s -q" + targets)
                    .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
            Children.isolated(bounded);
            assertEquals(1, exit(bounded.start(), 30), err());
            String quiet = err();
            assertFalse(quiet.contains("LOCAL_RESOURCES"), "the default bound keeps below the open-files limit:\n" + quiet);
            assertTrue(quiet.contains("READ_TIMEOUT"), quiet);
            assertFalse(quiet.contains("Exception"), quiet);
            for (java.net.Socket s : held) s.close();
        }
    }
}
