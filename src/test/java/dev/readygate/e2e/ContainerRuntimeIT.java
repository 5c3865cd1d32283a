package dev.readygate.e2e;

import dev.readygate.testing.Children;
import dev.readygate.testing.Commands;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The container image's runtime, built as the Dockerfile builds it (no Docker engine runs on our machines):
 * scripts/build-runtime.sh with a JDK 25 (jlink + one AOT training run against loopback servers), then the
 * Dockerfile's ENTRYPOINT, exactly, run from a read-only copy as the image's user (65532) with the AOT
 * cache required ({@code -XX:AOTMode=on} fails when the cache cannot be used). The JDK 25 is $JDK25 or
 * /usr/lib/jvm/temurin-25-jdk-amd64; without one the tests are skipped, and fail when CI=true.
 */
class ContainerRuntimeIT {
    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final String JDK25_PATH = "/usr/lib/jvm/temurin-25-jdk-amd64";
    /** The Dockerfile's USER: distroless's nonroot. */
    static final String IMAGE_USER = "65532";
    /** The image's goal is 80 MiB; the distroless base takes ~14-15 MiB of it (docs/container.md). */
    static final long RUNTIME_BUDGET_MIB = 66;

    @TempDir
    static Path tmp;
    static Path built;
    static String buildOutput;

    @BeforeAll
    @Timeout(240)
    static void buildTheRuntime() throws Exception {
        Path jdk = jdk25();
        Path jar = Path.of(System.getProperty("readygate.jar", ROOT.resolve("target/readygate.jar").toString()));
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": run after package");
        // the image user must reach the copies below
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        built = tmp.resolve("build/opt/readygate");
        ProcessBuilder pb = new ProcessBuilder("sh", ROOT.resolve("scripts/build-runtime.sh").toString(), jar.toString(), built.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("build.log").toFile());
        Children.isolated(pb).environment().put("JAVA_HOME", jdk.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(200, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("build-runtime.sh did not finish in 200 s:\n" + read(tmp.resolve("build.log")));
        }
        buildOutput = read(tmp.resolve("build.log"));
        assertEquals(0, p.exitValue(), () -> "build-runtime.sh failed:\n" + buildOutput);
        System.out.printf("ContainerRuntimeIT: build-runtime.sh took %.1f s%n%s", (System.nanoTime() - start) / 1e9, buildOutput);
    }

    @AfterAll
    static void makeWritableAgain() throws Exception {
        if (tmp != null) new ProcessBuilder("chmod", "-R", "u+w", tmp.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void theRuntimeHasOnlyTheModulesJdepsFoundAndFitsTheImageBudget() throws Exception {
        String release = read(built.resolve("release"));
        assertTrue(release.contains("MODULES=\"java.base java.net.http jdk.unsupported\""), release);
        assertFalse(Files.exists(built.resolve("jmods")) || Files.exists(built.resolve("include")), "headers or jmods in the runtime");
        long bytes;
        try (Stream<Path> files = Files.walk(built)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        long mib = bytes >> 20;
        System.out.printf("ContainerRuntimeIT: runtime %d MiB (%d bytes; AOT cache %d MiB); image estimate %d-%d MiB with a ~14-15 MiB base%n",
                mib, bytes, Files.size(built.resolve("readygate.aot")) >> 20, mib + 14, mib + 15);
        assertTrue(mib <= RUNTIME_BUDGET_MIB, "the runtime is " + mib + " MiB, over its " + RUNTIME_BUDGET_MIB + " MiB share of the image");
        assertTrue(buildOutput.contains("build-runtime: modules java.base,java.net.http,jdk.unsupported; runtime "), buildOutput);
    }

    /**
     * The Dockerfile's ENTRYPOINT, with /opt/readygate mapped to a read-only copy and -XX:AOTMode=on added,
     * run as 65532 (setpriv, when this test runs as root, as in CI): it starts, waits for a ready target given
     * as an argument or in READYGATE_TARGETS, says nothing but readygate's own lines (no "Picked up ...", no
     * cache warning), and leaves no file behind (no hsperfdata in /tmp).
     */
    @Test
    @Timeout(60)
    void theEntrypointRunsFromAReadOnlyCopyAsTheImageUserWithTheCache() throws Exception {
        Path copy = tmp.resolve("ro/opt/readygate");
        run(List.of("mkdir", "-p", copy.getParent().toString()));
        run(List.of("cp", "-a", built.toString(), copy.toString()));
        run(List.of("chmod", "-R", "a-w", tmp.resolve("ro").toString()));
        Set<Path> before = ownedByImageUser();
        try (ServerSocket ready = Servers.listen()) {
            List<String> cmd = asImageUser(entrypoint(copy, true));
            cmd.addAll(List.of("wait", "--timeout", "20s", "tcp://127.0.0.1:" + ready.getLocalPort()));
            Result r = exec(cmd, copy);
            assertEquals(0, r.exit, r::describe);
            assertTrue(r.out.contains("ready"), r::describe);
            assertFalse(r.out.contains("Picked up") || r.out.contains("[warning]") || r.out.contains("[error]")
                    || r.out.contains("hsperfdata"), r::describe);
            // configured by READYGATE_* variables instead of arguments
            List<String> byEnv = asImageUser(entrypoint(copy, true));
            byEnv.add("wait");
            Result e = exec(byEnv, copy, Map.of("READYGATE_TARGETS", "tcp://127.0.0.1:" + ready.getLocalPort(), "READYGATE_TIMEOUT", "20s"));
            assertEquals(0, e.exit, e::describe);
            assertTrue(e.out.contains("ready"), e::describe);
        }
        assertEquals(before, ownedByImageUser(), "the run left files of user " + IMAGE_USER + " in /tmp");
    }

    /**
     * The check above has teeth: with compressed oops off (what an unpinned heap on a large node does), the
     * JVM cannot use the cache, and -XX:AOTMode=on refuses to start; without it the ENTRYPOINT runs anyway,
     * silently (-Xlog:aot=off -Xlog:cds=off).
     */
    @Test
    @Timeout(60)
    void aCacheTheJvmCannotUseIsRefusedWithAotModeOn() throws Exception {
        List<String> required = entrypoint(built, true);
        required.add(required.indexOf("-jar"), "-XX:-UseCompressedOops");
        required.add("--version");
        Result r = exec(required, tmp);
        assertNotEquals(0, r.exit, r::describe);
        assertTrue(r.out.contains("Unable to use AOT cache"), r::describe);
        List<String> auto = entrypoint(built, false);
        auto.add(auto.indexOf("-jar"), "-XX:-UseCompressedOops");
        auto.add("--version");
        Result quiet = exec(auto, tmp);
        assertEquals(0, quiet.exit, quiet::describe);
        assertEquals("readygate", quiet.out.strip().split(" ")[0], quiet::describe);
        assertFalse(quiet.out.contains("[warning]") || quiet.out.contains("[error]"), quiet::describe);
    }

    /**
     * A plain command line (the quick path, not the config file's) starts from the cache alone: the
     * training runs it too (-Dreadygate.aot.also), so no lambda, method handle form or string
     * concatenation is made at run time for a ready TCP or HTTP target (each cost milliseconds of
     * every start; a record's hashCode or a lambda the cache does not keep would show up here).
     */
    @Test
    @Timeout(60)
    void aPlainWaitMakesNoClassAtRunTime() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        http.start();
        try {
            int port = http.getAddress().getPort();
            for (String target : List.of("tcp://127.0.0.1:" + port, "http://127.0.0.1:" + port + "/health")) {
                List<String> cmd = entrypoint(built, true);
                cmd.add(cmd.indexOf("-jar"), "-Xlog:class+load=info");
                cmd.addAll(List.of("wait", "--timeout", "20s", target));
                Result r = exec(cmd, tmp);
                assertEquals(0, r.exit, r::describe);
                List<String> made = r.out.lines().filter(l -> l.contains("[class,load]"))
                        .filter(l -> !l.contains("source: shared objects file") && !l.contains("source: jrt:/"))
                        .toList();
                assertEquals(List.of(), made, target + ": classes made at run time, not taken from the cache");
            }
        } finally {
            http.stop(0);
        }
    }

    /** The Dockerfile's one-line exec-form ENTRYPOINT, /opt/readygate mapped to runtime, with -XX:AOTMode=on before -jar if asked. */
    static List<String> entrypoint(Path runtime, boolean requireCache) throws IOException {
        List<String> args = DockerfileIT.entrypoint();
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (requireCache && a.equals("-jar")) out.add("-XX:AOTMode=on");
            out.add(a.replace("/opt/readygate/", runtime + "/"));
        }
        assertTrue(out.get(0).startsWith(runtime.toString()), "the ENTRYPOINT does not run " + runtime + ": " + args);
        return out;
    }

    static List<String> asImageUser(List<String> cmd) throws IOException {
        List<String> out = new ArrayList<>();
        if (uid() == 0) {
            out.addAll(List.of(Commands.require("setpriv", "the runtime is not tried as a non-root user"),
                    "--reuid=" + IMAGE_USER, "--regid=" + IMAGE_USER, "--clear-groups", "--"));
        }
        out.addAll(cmd);
        return out;
    }

    static long uid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("Uid:")) return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
        throw new IllegalStateException("no Uid in /proc/self/status");
    }

    static Set<Path> ownedByImageUser() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/tmp"))) {
            return files.filter(f -> {
                try {
                    return String.valueOf(Files.getAttribute(f, "unix:uid")).equals(IMAGE_USER);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).collect(Collectors.toSet());
        }
    }

    static Path jdk25() {
        String env = System.getenv("JDK25");
        Path jdk = Path.of(env != null && !env.isEmpty() ? env : JDK25_PATH);
        if (!Files.isExecutable(jdk.resolve("bin/jlink"))) {
            String why = "no JDK 25 at " + jdk + " (set JDK25): the container runtime (scripts/build-runtime.sh) is not tested";
            if ("true".equals(System.getenv("CI"))) Assertions.fail(why);
            Assumptions.abort(why);
        }
        return jdk;
    }

    record Result(int exit, String out, List<String> cmd) {
        String describe() {
            return "exit " + exit + " of " + String.join(" ", cmd) + ":\n" + out;
        }
    }

    static Result exec(List<String> cmd, Path dir) throws Exception {
        return exec(cmd, dir, Map.of());
    }

    static Result exec(List<String> cmd, Path dir, Map<String, String> extraEnv) throws Exception {
        Path log = Files.createTempFile(tmp, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = Children.isolated(pb).environment();
        env.keySet().removeIf(k -> k.startsWith("READYGATE_") || k.startsWith("JAVA_") || k.startsWith("JDK_"));
        env.put("HOME", "/nonexistent");
        env.putAll(extraEnv);
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not finish in 30 s: " + String.join(" ", cmd) + "\n" + read(log));
        }
        return new Result(p.exitValue(), read(log), cmd);
    }

    static void run(List<String> cmd) throws Exception {
        Result r = exec(cmd, tmp);
        assertEquals(0, r.exit, r::describe);
    }

    static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
