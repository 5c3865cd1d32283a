package dev.readygate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted {@code docker} of src/test/resources/compose-up (see its README) in a folder of its own, first on the PATH
 * of the environment a test runs readygate with, and the scenario it follows: what up, config, ps (over time), logs and
 * down print and exit with. Every call's arguments are in {@link #calls()}.
 */
public final class FakeDocker {
    private final Path dir;
    private final Path bin;

    public FakeDocker(Path temp) {
        try {
            this.dir = Files.createDirectories(temp.resolve("scenario"));
            this.bin = Files.createDirectories(temp.resolve("bin"));
            Files.createDirectories(dir.resolve("ps"));
            Files.createDirectories(dir.resolve("logs"));
            Path docker = bin.resolve("docker");
            Files.writeString(docker, resource("docker"));
            Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = FakeDocker.class.getResourceAsStream("/compose-up/" + name)) {
            if (in == null) throw new IllegalStateException("no resource compose-up/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment to run readygate with: the fake first on the PATH, its scenario folder. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("FAKE_DOCKER_DIR", dir.toString());
        return env;
    }

    public Path dir() {
        return dir;
    }

    /** The project of config.json with its published ports at these loopback ports. */
    public FakeDocker config(int webPort, int dbPort) {
        write("config.json", resource("config.json").replace("@WEB_PORT@", String.valueOf(webPort)).replace("@DB_PORT@", String.valueOf(dbPort)));
        write("services", "db migrate web");
        return this;
    }

    /** What ps prints from {@code ms} after up on: these containers, one JSON object per line. */
    public FakeDocker ps(int ms, String... containers) {
        write("ps/" + ms + ".json", String.join("\n", containers) + (containers.length == 0 ? "" : "\n"));
        return this;
    }

    /** ps as one JSON array (Compose v2.20 and earlier). */
    public FakeDocker psArray(int ms, String... containers) {
        write("ps/" + ms + ".json", "[" + String.join(",", containers) + "]\n");
        return this;
    }

    /** One container of the project shop, in the shape ps --format json prints it. */
    public static String container(String service, String state, String health, int exitCode, String status, String publishers) {
        return resource("ps-container.json").strip().replace("@SERVICE@", service).replace("@NAME@", "shop-" + service + "-1")
                .replace("@IMAGE@", service + ":latest").replace("@STATE@", state).replace("@HEALTH@", health)
                .replace("@EXIT@", String.valueOf(exitCode)).replace("@STATUS@", status).replace("@ONEOFF@", "False")
                .replace("@PUBLISHERS@", publishers);
    }

    public static String running(String service, String health) {
        return container(service, "running", health, 0, "Up 4 seconds" + (health.isEmpty() ? "" : " (" + (health.equals("starting") ? "health: starting" : health) + ")"), "null");
    }

    public static String exited(String service, int code) {
        return container(service, "exited", "", code, "Exited (" + code + ") 2 seconds ago", "null");
    }

    public FakeDocker log(String service, String... lines) {
        write("logs/" + service + ".log", String.join("\n", lines) + "\n");
        return this;
    }

    /** `up` prints this on stderr and exits with the code. */
    public FakeDocker upFails(int code, String stderr) {
        write("up.err", stderr + "\n");
        write("up.exit", String.valueOf(code));
        return this;
    }

    public FakeDocker file(String name, String content) {
        write(name, content);
        return this;
    }

    /** Every call's arguments (after "docker"), in order. */
    public List<String> calls() {
        try {
            Path log = dir.resolve("calls.log");
            return Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
