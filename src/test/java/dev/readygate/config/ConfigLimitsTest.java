package dev.readygate.config;

import dev.readygate.registry.Registry;
import dev.readygate.settings.Catalogue;
import dev.readygate.testing.Fifos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The limits of readygate.yaml and READYGATE_*: each a one-line ConfigException, at once. */
class ConfigLimitsTest {
    private static final Catalogue CATALOGUE = Registry.protocols().catalogue();

    @TempDir
    Path dir;

    private String error(Path file, Map<String, String> env) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ConfigException.class, () -> ConfigFile.load(file, env, CATALOGUE)).getMessage());
    }

    @Test
    void aHugeScalarIsRefusedWhereItStarts() throws Exception {
        Path file = dir.resolve("readygate.yaml");
        Files.writeString(file, "targets:\n  - name: " + "a".repeat(900_000) + "\n    url: tcp://db:5432\n");
        assertEquals(file + ":2:11: a value is longer than 8192 characters (readygate's limit); a value is a URL, a header or a short body:"
                + " check the quotes here", error(file, Map.of()));
    }

    @Test
    void aHugeKeyIsRefusedToo() throws Exception {
        Path file = dir.resolve("readygate.yaml");
        Files.writeString(file, "x".repeat(10_000) + ": 1\n");
        assertEquals(file + ":1:1: a value is longer than 8192 characters (readygate's limit); a value is a URL, a header or a short body:"
                + " check the quotes here", error(file, Map.of()));
    }

    @Test
    void aHugeInterpolatedVariableIsRefused() throws Exception {
        Path file = dir.resolve("readygate.yaml");
        Files.writeString(file, "targets:\n  - url: tcp://db:${PORT}\n");
        String message = error(file, Map.of("PORT", "9".repeat(900_000)));
        assertEquals(file + ":2:10: the value is longer than 8192 characters after interpolating ${PORT} (readygate's limit)"
                + " (key 'url' url in target #1); check what PORT holds; a value is a URL, a header or a short body", message);
    }

    @Test
    void aValueJustUnderTheLimitIsRead() throws Exception {
        Path file = dir.resolve("readygate.yaml");
        Files.writeString(file, "targets:\n  - url: http://db:80/${P}\n");
        ConfigFile.load(file, Map.of("P", "a".repeat(Interpolation.MAX_VALUE - "http://db:80/".length())), CATALOGUE);
    }

    @Test
    void aFifoOrADeviceIsRefusedBeforeItIsOpened() throws Exception {
        Path fifo = Fifos.make(dir.resolve("readygate.yaml"));
        assertEquals(fifo + ": not a regular file (a FIFO, device or socket); readygate reads only regular files", error(fifo, Map.of()));
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero))
            assertEquals("/dev/zero: not a regular file (a FIFO, device or socket); readygate reads only regular files", error(zero, Map.of()));
    }

    @Test
    void hugeEnvironmentValuesAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnvSettings.read(
                Map.of("READYGATE_TARGETS", "tcp://" + "a".repeat(70_000) + ":1"), CATALOGUE));
        assertEquals("environment READYGATE_TARGETS: the value is longer than 65536 characters (readygate's limit); check what it holds",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> EnvSettings.read(
                Map.of("READYGATE_TARGETS", "tcp://db:1 tcp://" + "a".repeat(9_000) + ":1"), CATALOGUE));
        assertEquals("environment READYGATE_TARGETS: an entry is longer than 8192 characters (readygate's limit); check what it holds",
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> EnvSettings.read(Map.of("READYGATE_ATTEMPT_TIMEOUT", "1".repeat(9_000)), CATALOGUE));
        assertEquals("environment READYGATE_ATTEMPT_TIMEOUT: an entry is longer than 8192 characters (readygate's limit); check what it holds",
                e.getMessage());
    }
}
