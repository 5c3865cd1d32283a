package dev.readygate.source.nginx;

import dev.readygate.testing.Corpus;
import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NginxParserTest {
    static final Path CORPUS = Corpus.ROOT;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<Directive> text(String s) {
        return NginxParser.parseText(s, "t.conf").directives();
    }

    // ---- the tokenizer ----

    @Test
    void readsQuotesEscapesVariablesAndComments() {
        List<Directive> ds = text("""
                # a comment
                log_format main '$remote_addr "$request"' "a\\"b" 'it\\'s' x\\ y;  # trailing comment
                set $u "${scheme}://up";
                return 200 "a;b{c}";
                """);
        assertEquals(3, ds.size());
        Directive log = ds.get(0);
        assertEquals("log_format", log.name());
        assertEquals(List.of("main", "$remote_addr \"$request\"", "a\"b", "it's", "x\\ y"), log.args());
        assertEquals("t.conf:2:1", log.origin().toString());
        assertEquals(List.of("$u", "${scheme}://up"), ds.get(1).args());
        assertEquals(List.of("200", "a;b{c}"), ds.get(2).args());
    }

    @Test
    void readsAnyBlockAndNestedOrigins() {
        List<Directive> ds = text("""
                http {
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  types { text/html html htm; }
                  server {
                    listen 80;
                    location / {
                      if ($request_method = POST) { return 405; }
                      proxy_pass http://app:8080;
                    }
                  }
                }
                """);
        Directive http = ds.get(0);
        assertEquals(List.of("map", "types", "server"), http.block().stream().map(Directive::name).toList());
        Directive map = http.block().get(0);
        assertEquals(List.of("default", ""), List.of(map.block().get(0).name(), map.block().get(1).name()));
        Directive location = http.children("server").get(0).children("location").get(0);
        assertEquals(List.of("($request_method", "=", "POST)"), location.children("if").get(0).args());
        Directive pass = location.children("proxy_pass").get(0);
        assertEquals("t.conf:8:7", pass.origin().toString());
    }

    @Test
    void luaBlockBodiesAreOpaque() {
        List<Directive> ds = text("""
                location / {
                  content_by_lua_block {
                    local t = { a = "}", b = '{' } -- a } in a comment
                    ngx.say([[ } ]])
                  }
                  proxy_pass http://x:1;
                }
                """);
        Directive loc = ds.get(0);
        assertEquals(List.of("content_by_lua_block", "proxy_pass"), loc.block().stream().map(Directive::name).toList());
        assertTrue(loc.block().get(0).rawBody().contains("ngx.say([[ } ]])"));
    }

    // ---- errors: our message, and nginx's own for the same file ----

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("extra closing brace", "server {\n listen 8080;\n}\n}\n", 7, "unexpected \"}\""),
                Arguments.of("missing closing brace", "server {\n listen 8080;\n", 6, "unexpected end of file, expecting \"}\""),
                Arguments.of("missing semicolon before a block", "server {\n listen 8080\n location / { }\n}\n", 5,
                        "directive \"listen\" is not terminated by \";\""),
                Arguments.of("missing semicolon before }", "server {\n listen 8080;\n server_name x\n}\n", 6, "unexpected \"}\""),
                Arguments.of("unterminated quote", "server {\n listen 8080;\n return 200 \"abc;\n}\n", 8,
                        "unexpected end of file, expecting \";\" or \"}\""),
                Arguments.of("text after a quote", "server {\n listen 8080;\n return 200 \"a\"b;\n}\n", 5, "unexpected \"b\""),
                Arguments.of("block directive with ;", "server;\n", 3, "directive \"server\" has no opening \"{\""),
                Arguments.of("lone semicolon", "server { listen 8080; ; }\n", 3, "unexpected \";\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenConfigsFailWithNginxWording(String what, String httpBody, int line, String message) throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp(httpBody));
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxParser.parse(conf));
        assertEquals(conf + ":" + line + ": " + message, e.getMessage());
        RealNginx.Result nginx = RealNginx.test(conf, dir);
        assertEquals(1, nginx.exit(), nginx.toString());
        assertEquals(e.getMessage(), nginx.emerg(), "nginx disagrees");
    }

    @Test
    void missingIncludeFailsLikeNginx() throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp("  include conf.d/missing.conf;\n"));
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxParser.parse(conf));
        assertEquals(conf + ":3: open() \"" + dir.resolve("conf.d/missing.conf") + "\" failed (2: No such file or directory)", e.getMessage());
        RealNginx.Result nginx = RealNginx.test(conf, dir);
        assertEquals(e.getMessage(), nginx.emerg());
    }

    @Test
    void errorsInIncludedFilesNameThatFile() throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp("  include conf.d/*.conf;\n"));
        Path bad = write("conf.d/bad.conf", "server {\n  listen 8080;\n  location / {\n}\n");
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxParser.parse(conf));
        assertEquals(bad + ":5: unexpected end of file, expecting \"}\"", e.getMessage());
        assertEquals(e.getMessage(), RealNginx.test(conf, dir).emerg());
    }

    @Test
    void includeCycleIsReportedWithTheChain() throws Exception {
        Path conf = write("nginx.conf", "events {}\nhttp {\n  include a.conf;\n}\n");
        Path a = write("a.conf", "# a\ninclude b.conf;\n");
        Path b = write("b.conf", "include a.conf;\n");
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxParser.parse(conf));
        assertEquals(b + ":1: include cycle: " + a + " -> " + b + " -> " + a, e.getMessage());
    }

    @Test
    void includesResolveAgainstTheMainConfigDirectoryInSortedGlobOrder() throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp("  include sites/*.conf;\n  include nomatch/*.conf;\n"));
        write("sites/b.conf", "server { listen 8082; include snippets/x.conf; }\n");
        write("sites/a.conf", "server { listen 8081; }\n");
        write("sites/.hidden.conf", "server { listen 8083; }\n");
        write("sites/c.txt", "this is not included\n");
        write("snippets/x.conf", "server_name x;\n");
        NginxParser.Config c = NginxParser.parse(conf);
        Directive http = c.directives().get(1);
        List<Directive> servers = http.children("server");
        assertEquals(List.of("8081", "8082"), servers.stream().map(s -> s.children("listen").get(0).arg(0)).toList());
        assertEquals(dir.resolve("snippets/x.conf") + ":1:1", servers.get(1).children("server_name").get(0).origin().toString());
        assertEquals(List.of(conf.toString(), dir.resolve("sites/a.conf").toString(), dir.resolve("sites/b.conf").toString(),
                dir.resolve("snippets/x.conf").toString()), c.files());
        assertTrue(RealNginx.test(conf, dir).ok());
    }

    @Test
    void fileSizeAndIncludeDepthAreCapped() throws Exception {
        Path big = write("big.conf", "#".repeat((int) NginxParser.MAX_FILE_BYTES + 1));
        assertEquals(big + ": file is larger than 4194304 bytes (readygate's limit)",
                assertThrows(NginxConfigException.class, () -> NginxParser.parse(big)).getMessage());
        for (int i = 0; i < 20; i++) write("d" + i + ".conf", "include d" + (i + 1) + ".conf;\n");
        write("d20.conf", "");
        Path d0 = dir.resolve("d0.conf");
        assertEquals(dir.resolve("d16.conf") + ":1: includes nested deeper than 16 (readygate's limit)",
                assertThrows(NginxConfigException.class, () -> NginxParser.parse(d0)).getMessage());
    }

    // ---- nginx -T ----

    @Test
    void readsTheOutputOfNginxDashT() throws Exception {
        Path conf = write("nginx.conf", RealNginx.wrapHttp("  include conf.d/*.conf;\n  upstream app { server 127.0.0.1:9001; }\n"));
        write("conf.d/site.conf", "server {\n  listen 8080;\n  location / { proxy_pass http://app; }\n}\n");
        RealNginx.Result dump = RealNginx.dump(conf, dir);
        assertTrue(dump.ok(), dump.toString());
        NginxParser.Config c = NginxParser.parseDump(new ByteArrayInputStream(dump.out().getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(conf.toAbsolutePath().toString(), c.main());
        NginxFacts f = NginxFacts.of(c);
        assertEquals(1, f.passes().size());
        assertEquals(dir.toAbsolutePath().resolve("conf.d/site.conf") + ":3:16", f.passes().get(0).origin().toString());
        assertEquals("app", f.passes().get(0).upstream().name());
    }

    @Test
    void aSavedDumpFileIsReadAsADump() throws Exception {
        Path saved = write("dump.txt", "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                + "# configuration file /etc/nginx/nginx.conf:\nhttp {\n  include conf.d/*.conf;\n}\n\n"
                + "# configuration file /etc/nginx/conf.d/a.conf:\nserver { location / { proxy_pass http://a:1; } }\n\n");
        NginxFacts f = NginxFacts.load(saved);
        assertEquals(List.of("/etc/nginx/nginx.conf", "/etc/nginx/conf.d/a.conf"), f.files());
        assertEquals("http://a:1 @/etc/nginx/conf.d/a.conf:1:23", Upstreams.targets(f).get(0).display() + " @" + Upstreams.targets(f).get(0).origin());
    }

    @Test
    void h5bpIncludesAreExpandedExactlyAsNginxDoes() throws Exception {
        Path copy = dir.resolve("h5bp");
        Path src = CORPUS.resolve("nginx/h5bp");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        // a copy nginx -t accepts without root: blank out (keeping line numbers) what writes outside the copy
        Path main = copy.resolve("nginx.conf");
        Files.writeString(main, String.join("\n", Files.readAllLines(main).stream()
                .map(l -> l.matches("\\s*(user|pid|error_log|access_log)\\s.*") ? "" : l).toList()) + "\n");
        RealNginx.Result dump = RealNginx.dump(main, dir);
        assertTrue(dump.ok(), dump.toString());
        NginxParser.Config ours = NginxParser.parse(main);
        NginxParser.Config theirs = NginxParser.parseDump(dump.out(), "-");
        assertEquals(theirs.files(), ours.files());
        assertEquals(theirs.directives(), ours.directives());
    }

    @Test
    void textWithoutDumpMarkersIsOneFile() {
        NginxParser.Config c = NginxParser.parseDump("server { listen 80; }\n", "-");
        assertEquals("-", c.main());
        assertEquals("-:1:1", c.directives().get(0).origin().toString());
    }

    // ---- the corpus ----

    @Test
    void everyNginxConfigInTheCorpusParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".conf") || p.getFileName().toString().equals("mime.types")).sorted().toList();
        }
        assertTrue(files.size() > 40, "corpus not found at " + CORPUS.toAbsolutePath() + ": " + files);
        for (Path p : files) {
            NginxParser.Config c = NginxParser.parseFragment(p);
            assertTrue(!c.directives().isEmpty() || Files.readString(p).lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#")), p.toString());
        }
    }

    @Test
    void h5bpParsesWithItsIncludesAndHasNoTargets() {
        Path main = CORPUS.resolve("nginx/h5bp/nginx.conf");
        NginxParser.Config c = NginxParser.parse(main);
        assertTrue(c.files().contains(CORPUS.resolve("nginx/h5bp/mime.types").toString()), c.files().toString());
        assertTrue(c.files().contains(CORPUS.resolve("nginx/h5bp/conf.d/no-ssl.default.conf").toString()), c.files().toString());
        assertTrue(c.files().stream().noneMatch(f -> f.endsWith(".default.conf") && f.contains("/.")), "hidden files are not globbed");
        NginxFacts f = NginxFacts.load(main);
        assertEquals(List.of(), Upstreams.targets(f));
        assertEquals(List.of(), f.passes());
        assertEquals(List.of(), f.upstreams());
    }

    @Test
    void noTokenErrorLeavesNullRawBody() {
        assertNull(text("a b;").get(0).rawBody());
    }
}
