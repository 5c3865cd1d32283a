package dev.readygate.source.nginx;

import dev.readygate.testing.Fifos;
import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What readygate refuses to read, and the limits that keep a hostile config from hanging it or running it out of memory. */
class NginxLimitsTest {
    private static final String REFUSED = " refused (not a regular file: readygate reads only regular files, not FIFOs, devices or sockets)";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String error(Path conf) {
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxFacts.load(conf));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static String nested(int depth) {
        return "http {\n" + "location / {\n".repeat(depth - 1) + "}\n".repeat(depth);
    }

    @Test
    void blocksNestedTooDeepAreAnErrorAtTheLineThatOpensOneTooMany() throws Exception {
        Path deep = write("deep.conf", nested(2000));
        assertEquals(deep + ":65: blocks nested deeper than 64 (readygate's limit)", error(deep));
        Path ok = write("ok.conf", nested(NginxParser.MAX_NESTING));
        assertEquals(0, NginxFacts.load(ok).passes().size());
    }

    @Test
    void nestingCountsAcrossIncludes() throws Exception {
        Path conf = write("nginx.conf", "http {\nserver {\ninclude inner.conf;\n}\n}\n");
        Path inner = write("inner.conf", "location / {\n".repeat(63) + "}\n".repeat(63));
        assertEquals(inner + ":63: blocks nested deeper than 64 (readygate's limit)", error(conf));
    }

    @Test
    void devicesAreRefusedAsTheMainConfigAndAsAnInclude() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertEquals("/dev/zero: open() \"/dev/zero\"" + REFUSED, error(zero));
            Path conf = write("nginx.conf", "http {\n  include /dev/zero;\n}\n");
            assertEquals(conf + ":2: open() \"/dev/zero\"" + REFUSED, error(conf));
            Path rnd = write("rnd.conf", "include /dev/urandom;\n");
            assertEquals(rnd + ":1: open() \"/dev/urandom\"" + REFUSED, error(rnd));
        });
    }

    @Test
    void fifosAreRefusedBeforeTheyAreOpened() throws Exception {
        Path fifo = Fifos.make(dir.resolve("pipe.conf"));
        Path conf = write("nginx.conf", "http {\n  include pipe.conf;\n}\n");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertEquals(fifo + ": open() \"" + fifo + "\"" + REFUSED, error(fifo));
            assertEquals(conf + ":2: open() \"" + fifo + "\"" + REFUSED, error(conf));
        });
    }

    @Test
    void aDirectoryIsRefusedAsAnInclude() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Path conf = write("nginx.conf", "include conf.d;\n");
        assertEquals(conf + ":1: open() \"" + dir.resolve("conf.d") + "\" failed (21: Is a directory)", error(conf));
    }

    @Test
    void theFilesTogetherAreCapped() throws Exception {
        String filler = ("#" + "x".repeat(1023) + "\n").repeat(3 * 1024); // 3 MiB of comments
        for (int i = 0; i < 3; i++) write("part" + i + ".conf", filler);
        Path conf = write("nginx.conf", "include part0.conf;\ninclude part1.conf;\ninclude part2.conf;\n");
        assertEquals(conf + ":3: the config and its includes are larger than 8388608 bytes together (readygate's limit)", error(conf));
    }

    @Test
    void directivesAreCapped() throws Exception {
        Path conf = write("many.conf", "a;\n".repeat(NginxParser.MAX_DIRECTIVES + 1));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertEquals(conf + ":150001: more than 150000 directives (readygate's limit)", error(conf)));
    }

    /** Measured by hand with java -Xmx64m -jar target/readygate.jar lint (see docs/nginx.md); here: it completes. */
    @Test
    void fiftyThousandLocationsParse() throws Exception {
        StringBuilder b = new StringBuilder("http {\n  proxy_read_timeout 5s;\n  server {\n    listen 80;\n");
        for (int i = 0; i < 50_000; i++)
            b.append("    location /p").append(i).append(" { proxy_pass http://127.0.0.1:").append(8000 + i % 1000).append("; }\n");
        b.append("  }\n}\n");
        Path conf = write("big.conf", b.toString());
        NginxFacts f = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> NginxFacts.load(conf));
        assertEquals(50_000, f.passes().size());
        assertEquals(Duration.ofSeconds(5), f.passes().get(49_999).budgets().readTimeout());
        assertTrue(f.passes().get(0).budgets() == f.passes().get(49_999).budgets(), "passes in blocks that set nothing share their budgets");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "server { listen 99999; }",
            "server { listen 0; }",
            "server { listen 127.0.0.1:70000; }",
            "server { listen [::1]:65536; }",
            "server { listen 127.0.0.1:; }",
            "server { listen 80; location / { proxy_pass http://127.0.0.1:70000; } }",
            "server { listen 80; location / { proxy_pass http://127.0.0.1:0/; } }",
            "server { listen 80; location / { proxy_pass http://db:abc; } }",
            "server { listen 80; location / { proxy_pass https://user@[::1]:99999; } }",
            "server { listen 80; location / { grpc_pass 127.0.0.1:70000; } }",
            "server { listen 80; location / { fastcgi_pass 127.0.0.1:99999; } }"})
    void invalidPortsAreConfigErrorsWithNginxsWords(String server) throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp(server + "\n"));
        String ours = error(conf);
        RealNginx.require();
        RealNginx.Result nginx = RealNginx.test(conf, dir);
        assertFalse(nginx.ok(), nginx.toString());
        assertEquals(nginx.emerg(), ours);
    }

    @Test
    void aPortFromAVariableIsLeftToNginxAtRunTime() {
        NginxFacts f = NginxFacts.of(NginxParser.parseText(
                "server { listen 80; location / { set $p 70000; proxy_pass http://127.0.0.1:$p; } }\n", "t.conf"));
        assertFalse(f.passes().get(0).isVerifiable());
    }
}
