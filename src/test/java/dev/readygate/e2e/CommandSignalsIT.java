package dev.readygate.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.readygate.testing.Children;
import dev.readygate.testing.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `-- COMMAND` and signals, with the built jar, on both paths: bin/readygate execs the command (it takes the launcher's
 * pid, no JVM remains), and `java -jar` wraps it (HUP, USR1, USR2, WINCH, TERM forwarded; 128+N when a signal ends it;
 * SIGTERM to the command when the JVM is SIGKILLed, through setpriv). The command is a bash script that writes each
 * signal it gets to a file; the target is a loopback port that is ready at once.
 */
@Timeout(90)
class CommandSignalsIT {
    static final long SECONDS = 20;

    @TempDir
    Path dir;
    ServerSocket ready;
    Path got;
    Path child;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        ready = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        got = dir.resolve("got.txt");
        child = dir.resolve("child.sh");
        // HUP, USR1, USR2, INT, WINCH: written down; TERM: written down, then exit 7; by itself: exit 9 after ~20 s
        Files.writeString(child, "f=$1\n"
                + "for s in HUP USR1 USR2 INT WINCH; do trap \"echo $s >> '$f'\" $s; done\n"
                + "trap \"echo TERM >> '$f'; exit 7\" TERM\n"
                + "echo \"pid $$\" >> \"$f\"\n"
                + "i=0; while [ $i -lt 400 ]; do '" + Commands.require("sleep", "the command cannot wait") + "' 0.05; i=$((i+1)); done; exit 9\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        ready.close();
    }

    String target() {
        return "tcp://127.0.0.1:" + ready.getLocalPort();
    }

    String bash() {
        return Commands.require("bash", "the command that records the signals it gets cannot run");
    }

    /** bin/readygate with the built jar and the Java running this test (no AOT cache: no background training). */
    Process launcher(String... args) throws IOException {
        return launcher(new File("/dev/null"), args);
    }

    Process launcher(File stdin, String... args) throws IOException {
        Path script = Path.of(System.getProperty("basedir", "."), "bin", "readygate");
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        // SIGINT reaches the launcher even when this build runs with SIGINT ignored (env execs: the pid stays)
        ProcessBuilder pb = Children.isolated(new ProcessBuilder(Children.withSigint(cmd)));
        pb.environment().put("READYGATE_JAR", jar());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("READYGATE_AOT", "off");
        return start(pb.redirectInput(stdin));
    }

    /** java -jar readygate.jar: the JVM wraps the command. */
    Process jvm(String... args) throws IOException {
        return start(Children.isolated(new ProcessBuilder(jvmCommand(System.getProperty("java.home"), args))));
    }

    static List<String> jvmCommand(String javaHome, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-jar", jar()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Stdin from /dev/null unless PB says otherwise. */
    Process start(ProcessBuilder pb) throws IOException {
        if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) pb.redirectInput(new File("/dev/null"));
        Process p = pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        started.add(p);
        return p;
    }

    static String jar() {
        String jar = System.getProperty("readygate.jar", "target/readygate.jar");
        assertTrue(new File(jar).isFile(), "build the jar first: " + jar);
        return new File(jar).getAbsolutePath();
    }

    /** kill -s NAME PID */
    static void signal(long pid, String name) throws Exception {
        Process k = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -s " + name + " " + pid);
    }

    /** The lines the command wrote, once they include LINE (bounded). */
    List<String> await(String line) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < until) {
            if (Files.exists(got)) {
                List<String> lines = Files.readAllLines(got);
                if (lines.stream().anyMatch(l -> l.startsWith(line))) return lines;
            }
            Thread.sleep(20);
        }
        fail("the command did not write '" + line + "' in " + SECONDS + " s: " + (Files.exists(got) ? Files.readAllLines(got) : "(nothing)")
                + "; stderr: " + err());
        return List.of();
    }

    /** Each signal, once the command wrote the one before (bash runs a trap between its sleeps). */
    void sendEach(long pid, String... names) throws Exception {
        for (String name : names) {
            signal(pid, name);
            await(name);
        }
    }

    long commandPid() throws Exception {
        return Long.parseLong(await("pid ").stream().filter(l -> l.startsWith("pid ")).findFirst().orElseThrow().substring(4));
    }

    int exit(Process p) throws Exception {
        assertTrue(p.waitFor(SECONDS, TimeUnit.SECONDS), "readygate did not exit in " + SECONDS + " s; stderr: " + err());
        return p.exitValue();
    }

    String err() throws IOException {
        Path f = dir.resolve("err.txt");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** The pids of live processes whose command line mentions TEXT and OTHER (from /proc). */
    static List<Long> processesWith(String text, String other) throws IOException {
        List<Long> out = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) entries::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmdline = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(text) && cmdline.contains(other)) out.add(Long.parseLong(name));
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return out;
    }

    @Test
    void theLauncherExecsTheCommandWhichGetsEverySignalItself() throws Exception {
        Process p = launcher("wait", "--quiet", target(), "--", bash(), child.toString(), got.toString());
        assertEquals(p.pid(), commandPid(), "the command has the launcher's pid");
        assertEquals("bash", Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip());
        assertEquals(List.of(), processesWith("-Dreadygate.launcher.exec=true", got.toString()), "a JVM is still there");
        sendEach(p.pid(), "HUP", "INT", "USR1", "USR2", "TERM");
        assertEquals(7, exit(p), "the command's exit code is readygate's");
    }

    @Test
    void sigintWhileTheLauncherWaitsExits130() throws Exception {
        // the JVM, a background job of the launcher, ignores SIGINT: the launcher sends it SIGTERM, and exits 130
        // (SIGQUIT goes the same way, to 131; not tested: a build run in the background has it ignored, and so has sh)
        stopTheLauncherWhileItWaits("INT", 130);
    }

    @Test
    void theLauncherStoppedWhileWaitingDoesNotRunTheCommand() throws Exception {
        stopTheLauncherWhileItWaits("HUP", 129);
    }

    /** The signal NAME, once a wait for a port that refuses has begun: the report so far, exit CODE, no command. */
    void stopTheLauncherWhileItWaits(String name, int code) throws Exception {
        Process p = launcher("wait", "--timeout", "30s", "tcp://127.0.0.1:1", "--", bash(), child.toString(), got.toString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (!err().contains("CONNECTION_REFUSED") && System.nanoTime() < until) Thread.sleep(20);
        signal(p.pid(), name);
        assertEquals(code, exit(p), err());
        assertTrue(err().contains("interrupted"), err());
        assertFalse(Files.exists(got), "the command ran");
    }

    @Test
    void theLauncherPassesABlockedExitCodeWithoutRunningTheCommand() throws Exception {
        Process p = launcher("wait", "--timeout", "300ms", "tcp://127.0.0.1:1", "--", bash(), child.toString(), got.toString());
        assertEquals(1, exit(p), err());
        assertFalse(Files.exists(got), "the command ran");
    }

    @Test
    void theJvmThatOnlyWaitsReadsTheLaunchersStdin() throws Exception {
        // a background job of sh gets /dev/null: the launcher hands the JVM the real stdin (--from - reads it)
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        http.createContext("/", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        http.start();
        try {
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, "http { server { listen 8080; location / { proxy_pass http://127.0.0.1:" + http.getAddress().getPort() + "; } } }\n");
            Process p = launcher(conf.toFile(), "wait", "--quiet", "--from", "-", "--", bash(), "-c", "echo ran > '" + got + "'");
            assertEquals(0, exit(p), err());
            assertEquals(List.of("ran"), Files.readAllLines(got));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void theJvmForwardsHupUsr1Usr2WinchAndTerm() throws Exception {
        Process p = jvm("wait", "--quiet", target(), "--", bash(), child.toString(), got.toString());
        long pid = commandPid();
        assertEquals(p.pid(), ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L),
                "the JVM is the command's parent");
        sendEach(p.pid(), "HUP", "USR1", "USR2", "WINCH", "TERM");
        assertEquals(7, exit(p), err());
        assertEquals(List.of("pid " + pid, "HUP", "USR1", "USR2", "WINCH", "TERM"), Files.readAllLines(got));
    }

    @Test
    void onJdk22PlusTheJvmForwardsWithoutAKillCommand() throws Exception {
        // kill(2) through the foreign function API (native access: the jar's manifest); no kill(1) on this PATH
        Path jdk = Runtime.version().feature() >= 22 ? Path.of(System.getProperty("java.home")) : Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        assumeTrue(Files.isExecutable(jdk.resolve("bin/java")), "no JDK 22+ at " + jdk + ": kill(2) through the FFM API is not tested");
        ProcessBuilder pb = Children.isolated(new ProcessBuilder(jvmCommand(jdk.toString(), "wait", "--quiet", target(), "--", bash(),
                child.toString(), got.toString())));
        pb.environment().put("PATH", dir.resolve("empty").toString());
        Process p = start(pb);
        commandPid();
        sendEach(p.pid(), "HUP", "USR1", "TERM");
        assertEquals(7, exit(p), err());
        assertEquals("", err(), "no native-access warning, no 'could not forward'");
    }

    @Test
    void theJvmExits128PlusNWhenASignalEndsTheCommand() throws Exception {
        // bash records its pid, then becomes sleep, which USR1 ends
        Process p = jvm("wait", "--quiet", target(), "--", bash(), "-c", "echo \"pid $$\" > '" + got + "'; exec sleep 30");
        commandPid();
        signal(p.pid(), "USR1");
        assertEquals(128 + new sun.misc.Signal("USR1").getNumber(), exit(p), err());
    }

    @Test
    void aCommandGetsSigtermWhenTheJvmIsKilled() throws Exception {
        Commands.require("setpriv", "the parent-death signal (PR_SET_PDEATHSIG) of a wrapped command is not tested");
        Process p = jvm("wait", "--quiet", target(), "--", bash(), child.toString(), got.toString());
        commandPid();
        p.destroyForcibly(); // SIGKILL: no handler runs in the JVM
        assertTrue(p.waitFor(SECONDS, TimeUnit.SECONDS));
        assertTrue(await("TERM").contains("TERM"), "the command was left running");
    }
}
