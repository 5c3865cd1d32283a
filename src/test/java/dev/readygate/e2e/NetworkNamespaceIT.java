package dev.readygate.e2e;

import dev.readygate.testing.Children;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Causes that need a network of their own, made by the test: a network namespace with only its
 * loopback interface, an unreachable route (the kernel answers EHOSTUNREACH: no packet leaves),
 * and a resolver that never answers, on the namespace's own loopback. Needs root and iproute2
 * (.ci/run installs it); fails when CI=true and they are missing, else is skipped.
 */
@Timeout(90)
class NetworkNamespaceIT {
    @TempDir
    Path dir;
    String ns;
    Process dns;

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer in 20 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
        return out;
    }

    @BeforeEach
    void namespace() throws Exception {
        ns = "readygate-it-" + ProcessHandle.current().pid();
        try {
            run("ip", "netns", "add", ns);
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) fail("CI needs network namespaces (root, iproute2): " + e.getMessage());
            assumeTrue(false, "no network namespaces here: " + e.getMessage());
        }
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "ip", "route", "add", "unreachable", "10.255.255.0/24");
        Path etc = Files.createDirectories(Path.of("/etc/netns", ns));
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.53\noptions timeout:1 attempts:1\n");
    }

    @AfterEach
    void remove() throws Exception {
        if (dns != null) dns.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        if (ns == null) return;
        try {
            run("ip", "netns", "delete", ns);
        } catch (IOException ignored) {
            // not made
        }
        Path etc = Path.of("/etc/netns", ns);
        Files.deleteIfExists(etc.resolve("resolv.conf"));
        Files.deleteIfExists(etc);
    }

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** readygate run inside the namespace; returns stderr, after asserting the exit code. */
    String readygate(int expectedExit, String... args) throws Exception {
        String jar = System.getProperty("readygate.jar", "target/readygate.jar");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, java(), "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        Children.isolated(pb);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "readygate did not exit in 30 s");
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), err);
        return err;
    }

    @Test
    void noRouteToTheHostIsHostUnreachable() throws Exception {
        String err = readygate(1, "wait", "--timeout", "3s", "-q", "tcp://10.255.255.1:80"); // the deadline counts from the process start
        assertTrue(err.contains("HOST_UNREACHABLE: no route to 10.255.255.1:80"), err);
    }

    @Test
    void aResolverThatNeverAnswersIsDnsTimeoutNotDnsNotFound() throws Exception {
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        dns = new ProcessBuilder("ip", "netns", "exec", ns, java(), "-cp", classes, "dev.readygate.testing.SilentDns", "127.0.0.53", "53", "60")
                .redirectErrorStream(true).start();
        String first = new String(dns.getInputStream().readNBytes("listening".length()), StandardCharsets.UTF_8);
        assertEquals("listening", first, "the silent resolver did not start");
        String err = readygate(1, "wait", "--timeout", "4s", "-q", "tcp://db.readygate-it.example:5432");
        assertTrue(err.contains("DNS_TIMEOUT"), err);
        assertTrue(!err.contains("DNS_NOT_FOUND"), "a silent resolver says nothing about the name:\n" + err);
    }
}
