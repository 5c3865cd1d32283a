package dev.readygate.e2e;

import dev.readygate.testing.Children;
import dev.readygate.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * bin/readygate's own tests (src/test/sh/launcher-test.sh), run with bash as part of `./mvnw verify`.
 * The JDK 25 AOT cases train caches and take a minute or more: they run when CI=true or
 * READYGATE_LAUNCHER_JDK25=1 (and a JDK 25 is installed); the JDK 17 cases always run.
 */
class LauncherScriptIT {
    static final long BUDGET_SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(BUDGET_SECONDS + 30)
    void theLauncherTestsPass() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        String bash = Commands.require("bash", "the launcher's tests cannot run");
        Path script = Path.of(System.getProperty("basedir", "."), "src", "test", "sh", "launcher-test.sh");
        assertTrue(Files.isRegularFile(script), "no " + script);
        ProcessBuilder pb = new ProcessBuilder(bash, script.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        Map<String, String> env = Children.isolated(pb).environment();
        // the JDK 17 cases run on the JDK 17 of this machine, or on the JDK running this test
        if (!env.containsKey("JDK17") && !Files.isExecutable(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java")))
            env.put("JDK17", System.getProperty("java.home"));
        if (!ci && !"1".equals(env.get("READYGATE_LAUNCHER_JDK25"))) env.put("JDK25", dir.resolve("no-jdk25").toString());
        Process p = pb.start();
        if (!p.waitFor(BUDGET_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("launcher-test.sh did not finish in " + BUDGET_SECONDS + " s:\n" + output());
        }
        String out = output();
        assertEquals(0, p.exitValue(), () -> "launcher-test.sh failed:\n" + out);
        assertTrue(out.contains(" passed, 0 failed"), out);
        assertTrue(!out.contains("FAIL "), out);
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8).lines().collect(Collectors.joining("\n"));
    }
}
