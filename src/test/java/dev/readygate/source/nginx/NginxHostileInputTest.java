package dev.readygate.source.nginx;

import dev.readygate.lint.Linter;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Any text either parses or fails with an NginxConfigException; never another exception. */
class NginxHostileInputTest {
    private static final String[] PIECES = {"{", "}", ";", "\"", "'", "\\", "$", "${", "#", "\n", " ", "server", "location", "upstream",
            "proxy_pass", "http://", "https://", "unix:", ":", "[", "]", "a", "80", "include", "_by_lua_block", "content_by_lua_block",
            "--[[", "]]", "proxy_buffers", "proxy_read_timeout", "1h", "set", "$x", "map", "stream", "grpc_pass", "0", "99999", "/"};

    @Test
    void randomTextNeverThrowsAnythingElse() {
        Random rnd = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = rnd.nextInt(40);
            for (int j = 0; j < n; j++) b.append(PIECES[rnd.nextInt(PIECES.length)]).append(rnd.nextInt(3) == 0 ? " " : "");
            String text = b.toString();
            try {
                NginxFacts f = NginxFacts.of(NginxParser.parseText(text, "t.conf"));
                NginxTargets.decls(f, note -> { });
                Linter.nginx().lint(f);
                parsed++;
            } catch (NginxConfigException e) {
                assertTrue(e.getMessage().startsWith("t.conf:") && !e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException e) {
                fail("input " + text.replace("\n", "\\n") + " threw " + e, e);
            }
        }
        assertTrue(parsed > 100, "too few inputs parsed: " + parsed);
    }
}
