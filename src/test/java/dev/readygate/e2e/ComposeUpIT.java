package dev.readygate.e2e;

import dev.readygate.testing.Children;
import dev.readygate.testing.FakeDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.readygate.testing.FakeDocker.exited;
import static dev.readygate.testing.FakeDocker.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** readygate compose up as a real process (the launcher's hand-off of -- COMMAND, signals), with the scripted docker. */
@Timeout(90)
class ComposeUpIT {
    @TempDir
    Path dir;

    private Process start(FakeDocker docker, boolean launcher, String... args) throws IOException {
        String jar = System.getProperty("readygate.jar", "target/readygate.jar");
        assertTrue(new File(jar).isFile(), "build the jar first: " + jar);
        List<String> cmd = new ArrayList<>();
        if (launcher) cmd.add(Path.of(System.getProperty("basedir", "."), "bin", "readygate").toString());
        else cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(Children.withSigint(cmd)).redirectError(dir.resolve("err.txt").toFile())
                .redirectOutput(dir.resolve("out.txt").toFile());
        var env = Children.isolated(pb).environment();
        env.putAll(docker.env());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("READYGATE_JAR", new File(jar).getAbsolutePath());
        env.put("READYGATE_AOT", "off");
        return pb.start();
    }

    private String file(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private int exit(Process p) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("readygate did not exit in 60 s:\n" + file("err.txt"));
        }
        return p.exitValue();
    }

    @Test
    void theLauncherRunsTheCommandOnceEveryServiceIsReady() throws Exception {
        FakeDocker docker = new FakeDocker(dir.resolve("fake")).config(1, 2).file("config.json",
                "{\"name\":\"shop\",\"services\":{\"db\":{\"image\":\"postgres\"},\"migrate\":{\"image\":\"api\"}}}\n");
        docker.ps(0, running("db", "starting"), running("migrate", "")).ps(500, running("db", "healthy"), exited("migrate", 0));
        Process p = start(docker, true, "compose", "--timeout", "30s", "up", "--", "sh", "-c", "echo command ran; exit 5");
        assertEquals(5, exit(p), () -> "stderr:\n" + errQuiet());
        assertEquals("command ran\n", file("out.txt"), this::errQuiet);
        assertTrue(docker.calls().stream().filter(c -> c.contains(" ps ")).count() >= 2, docker.calls()::toString);
    }

    @Test
    void aSignalWhileUpRunsStopsItAndReadygateExits143() throws Exception {
        FakeDocker docker = new FakeDocker(dir.resolve("fake")).config(1, 2).file("up.sleep", "30");
        Process p = start(docker, false, "compose", "--timeout", "50s", "up");
        Path pidFile = docker.dir().resolve("up.pid");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            if (System.nanoTime() > until) fail("docker compose up was not run:\n" + errQuiet());
            Thread.sleep(20);
        }
        long upPid = Long.parseLong(Files.readString(pidFile).strip());
        p.destroy(); // SIGTERM
        assertEquals(143, exit(p), this::errQuiet);
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Optional<ProcessHandle> up = ProcessHandle.of(upPid);
        while (up.isPresent() && up.get().isAlive() && System.nanoTime() < gone) Thread.sleep(20);
        assertFalse(up.isPresent() && up.get().isAlive(), "docker compose up outlived readygate");
        assertTrue(docker.calls().stream().noneMatch(c -> c.contains(" config ")), docker.calls()::toString);
    }

    private String errQuiet() {
        try {
            return file("err.txt");
        } catch (IOException e) {
            return e.toString();
        }
    }
}
