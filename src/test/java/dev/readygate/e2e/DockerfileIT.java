package dev.readygate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfile passes dockerfile-utils' linter (run with npx, fetched from npm the first time; without npx
 * the test is skipped, and fails when CI=true), and holds what the image promises: an exec-form ENTRYPOINT
 * with the JVM options in it (not JAVA_TOOL_OPTIONS), a pinned heap and no perf data file (read-only root
 * file system), a numeric non-root user, no shell used in the final stage. The runtime itself is tried by
 * {@link ContainerRuntimeIT}.
 */
class DockerfileIT {
    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final String LINTER = "dockerfile-utils@0.16.3";

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void theDockerfilePassesTheLinter() throws Exception {
        String npx = Commands.require("npx", "the Dockerfile is not linted (install node and npm)");
        Path out = tmp.resolve("lint.txt");
        Process p = new ProcessBuilder(npx, "--yes", LINTER, "lint", DOCKERFILE.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "npx " + LINTER + " did not finish");
        String report = Files.readString(out, StandardCharsets.UTF_8);
        // it exits 0 on warnings: any line it prints is a finding
        assertEquals(0, p.exitValue(), () -> "the linter failed:\n" + report);
        assertTrue(report.isBlank(), () -> "the Dockerfile has lint findings:\n" + report);
    }

    @Test
    void theEntrypointCarriesTheJvmOptionsForAReadOnlyNonRootContainer() throws IOException {
        List<String> entry = entrypoint();
        assertEquals("/opt/readygate/bin/java", entry.get(0));
        assertEquals(List.of("-jar", "/opt/readygate/readygate.jar"), entry.subList(entry.size() - 2, entry.size()));
        for (String option : List.of("-Xmx64m", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:AOTCache=/opt/readygate/readygate.aot", "-Xlog:aot=off", "-Xlog:cds=off"))
            assertTrue(entry.contains(option), "the ENTRYPOINT lacks " + option + ": " + entry);
        String text = dockerfile();
        assertFalse(text.contains("JAVA_TOOL_OPTIONS=") || text.contains("JDK_JAVA_OPTIONS="), "JVM options belong in the ENTRYPOINT");
    }

    @Test
    void theFinalStageRunsAsANumericNonRootUserWithoutAShell() throws IOException {
        List<String> lines = instructions();
        int last = 0;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("FROM ")) last = i;
        List<String> stage = lines.subList(last, lines.size());
        assertTrue(stage.get(0).startsWith("FROM gcr.io/distroless/"), stage.get(0));
        assertTrue(stage.stream().noneMatch(l -> l.startsWith("RUN ")), "the final stage has no shell to RUN with: " + stage);
        String user = stage.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("");
        assertTrue(user.matches("USER [1-9][0-9]*:[1-9][0-9]*"), "not a numeric non-root user: '" + user + "'");
        String ignore = Files.readString(ROOT.resolve(".dockerignore"), StandardCharsets.UTF_8);
        for (String copied : List.of("!mvnw", "!pom.xml", "!src/main/", "!scripts/", "!Dockerfile"))
            assertTrue(ignore.contains(copied), ".dockerignore keeps " + copied + " out of the context");
    }

    /** docs/container.md shows the launch line in several snippets (ENTRYPOINT, compose entrypoint:): each is the Dockerfile's. */
    @Test
    void theDocsShowTheDockerfilesLaunchLine() throws IOException {
        String launch = "\"" + String.join("\", \"", entrypoint()) + "\"";
        List<String> shown = Files.readAllLines(ROOT.resolve("docs/container.md"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("/opt/readygate/bin/java\"")).toList();
        assertTrue(shown.size() >= 3, "docs/container.md shows the launch line less than 3 times: " + shown);
        for (String line : shown) assertTrue(line.contains("[" + launch), "not the Dockerfile's ENTRYPOINT (" + launch + "):\n" + line);
    }

    /** The ENTRYPOINT's arguments: one line, exec form, plain strings (scripts/build-runtime.sh reads it the same way). */
    static List<String> entrypoint() throws IOException {
        List<String> found = instructions().stream().filter(l -> l.startsWith("ENTRYPOINT ")).toList();
        assertEquals(1, found.size(), "one ENTRYPOINT: " + found);
        String line = found.get(0);
        assertTrue(dockerfile().lines().anyMatch(line::equals), "the ENTRYPOINT must be one line: " + line);
        JsonNode array = new ObjectMapper().readTree(line.substring("ENTRYPOINT ".length()));
        assertTrue(array.isArray(), "not exec form: " + line);
        List<String> args = new ArrayList<>();
        for (JsonNode a : array) {
            assertTrue(a.isTextual() && !a.asText().contains("\"") && !a.asText().contains("\\"), "not a plain string: " + a);
            args.add(a.asText());
        }
        return args;
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    static List<String> instructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : dockerfile().lines().toList()) {
            String l = raw.strip();
            if (l.startsWith("#") || (l.isEmpty() && cur.length() == 0)) continue;
            if (l.endsWith("\\")) {
                cur.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            cur.append(l);
            out.add(cur.toString().strip());
            cur.setLength(0);
        }
        return out;
    }

    static String dockerfile() throws IOException {
        return Files.readString(DOCKERFILE, StandardCharsets.UTF_8);
    }
}
