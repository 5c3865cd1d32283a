package dev.readygate.source.nginx;

import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.settings.Declaration;
import dev.readygate.source.Loaded;
import dev.readygate.source.SkipNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The one walk pass -> upstream -> address, and its one set of skip rules. */
class UpstreamsTest {
    @TempDir
    Path dir;

    private static List<Upstreams.Address> walk(String text) {
        return Upstreams.of(NginxFacts.of(NginxParser.parseText(text, "t.conf")));
    }

    /** "dial SCHEME HOST:PORT @LINE", or "SKIP HOST:PORT @LINE: why" (HOST:PORT is - when there is none). */
    private static String row(Upstreams.Address a) {
        String at = (a.host() == null ? "-" : a.host() + ":" + a.port()) + " @" + a.origin().line();
        return a.dialable() ? "dial " + a.scheme() + " " + at : a.skip() + " " + at + ": " + a.why();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("a host:port", "server { location / { proxy_pass http://app:8080; } }", List.of("dial http app:8080 @1")),
                arguments("https without a port is 443", "server { location / {\nproxy_pass https://api.internal/v1/; } }",
                        List.of("dial https api.internal:443 @2")),
                arguments("each server of an upstream block, at its line",
                        "upstream app {\nserver a:1;\nserver b:2 down;\nserver unix:/run/app.sock;\nserver c; }\nserver { location / { proxy_pass http://app; } }",
                        List.of("dial http a:1 @2", "DOWN b:2 @3: marked down: nginx sends it nothing", "UNIX_SOCKET - @4: a unix socket (/run/app.sock)",
                                "dial http c:80 @5")),
                arguments("a unix socket pass", "server { location / { proxy_pass http://unix:/run/app.sock:/v1/; } }",
                        List.of("UNIX_SOCKET - @1: a unix socket (/run/app.sock)")),
                arguments("per-request variables", "server { location / { proxy_pass http://$http_host; } }",
                        List.of("UNVERIFIABLE - @1: built from $http_host, known only per request")),
                arguments("a literal set is substituted", "server { set $up app; location / { proxy_pass http://$up:81; } }",
                        List.of("dial http app:81 @1")),
                arguments("non-HTTP passes are dialled as tcp",
                        "server { location /g { grpc_pass grpc://127.0.0.1:50051; } location ~ \\.php$ { fastcgi_pass php:9000; } }",
                        List.of("dial tcp 127.0.0.1:50051 @1", "dial tcp php:9000 @1")),
                arguments("no port and no default one", "server { location / { grpc_pass grpc://backend; } }",
                        List.of("NO_PORT backend:-1 @1: no port: nginx's default port for grpc is unknown here")),
                arguments("a compose service name with an underscore", "server { location / { proxy_pass http://my_app:8080; } }",
                        List.of("dial http my_app:8080 @1")),
                arguments("stream upstreams", "stream {\nupstream db { server db1:5432; }\nserver { listen 5432; proxy_pass db; } }",
                        List.of("dial tcp db1:5432 @2")),
                arguments("IPv6 literals", "server { location / { proxy_pass http://[::1]:8080; } }", List.of("dial http ::1:8080 @1")),
                arguments("nothing to dial", "server { location / { return 200; } }", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void oneSetOfSkipRules(String what, String config, List<String> expected) {
        assertEquals(expected, walk(config).stream().map(UpstreamsTest::row).toList());
    }

    @Test
    void httpAddressesCarryNginxsRulesAndTcpOnesNone() {
        List<Upstreams.Address> a = walk("server { proxy_buffer_size 16k; location / { proxy_pass https://a:1; proxy_read_timeout 5s; }"
                + " location /g { grpc_pass b:2; } }");
        assertEquals(16384, a.get(0).rules().maxHeaderBytes());
        assertEquals(java.time.Duration.ofSeconds(5), a.get(0).rules().maxLatency());
        assertEquals("https://a:1", a.get(0).target().display());
        assertNull(a.get(1).rules());
        assertEquals("tcp://b:2", a.get(1).target().display());
    }

    @Test
    void theTrustedCertificateIsReadFromTheMainConfigsDirectory() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "not checked here");
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\nhttp { proxy_ssl_verify on; server {\n"
                + "location /r { proxy_pass https://a:1; proxy_ssl_trusted_certificate ca.pem; }\n"
                + "location /b { proxy_pass https://b:1; proxy_ssl_trusted_certificate " + dir.resolve("ca.pem") + "; }\n"
                + "location /m { proxy_pass https://c:1; proxy_ssl_trusted_certificate missing.pem; } } }\n");
        List<Upstreams.Address> a = Upstreams.of(NginxFacts.load(conf));
        assertEquals(dir.resolve("ca.pem").toAbsolutePath(), a.get(0).rules().caCert().toAbsolutePath());
        assertEquals(dir.resolve("ca.pem"), a.get(1).rules().caCert());
        assertNull(a.get(2).rules().caCert());
        assertTrue(a.get(2).rules().caNote().startsWith("proxy_ssl_trusted_certificate missing.pem (" + conf + ":5:"), a.get(2).rules().caNote());
        // a config on stdin without a file name has no directory: only an absolute name can be read
        String text = "location /r { proxy_pass https://a:1; proxy_ssl_verify on; proxy_ssl_trusted_certificate ca.pem; }\n"
                + "location /b { proxy_pass https://b:1; proxy_ssl_verify on; proxy_ssl_trusted_certificate " + dir.resolve("ca.pem") + "; }\n";
        List<Upstreams.Address> s = Upstreams.of(NginxFacts.loadDump(new ByteArrayInputStream(("server {\n" + text + "}\n").getBytes()), "-"));
        assertNull(s.get(0).rules().caCert());
        assertNotNull(s.get(0).rules().caNote());
        assertEquals(dir.resolve("ca.pem"), s.get(1).rules().caCert());
    }

    @Test
    void waitFromDeclaresTheDialableAddressesAndNotesEverySkip() throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                events {}
                http {
                  upstream app { server a:1; server b:2 down; server unix:/run/app.sock; }
                  server {
                    location / { proxy_pass http://app; proxy_buffer_size 8k; }
                    location /again { proxy_pass http://app; }
                    location /h { proxy_pass http://$http_host; }
                    location /g { grpc_pass grpc://g:50051; }
                  }
                }
                """);
        Loaded<NginxFacts> r = new NginxSource().load(conf.toString(), InputStreamNever.INSTANCE);
        assertEquals(List.of("http://a:1", "tcp://g:50051"), r.declarations().stream().map(Declaration::url).toList());
        // the strictest budgets of the two passes that reach a:1
        assertEquals(4096, r.declarations().get(0).own().get(HttpProtocol.MAX_HEADER_BYTES));
        assertEquals(conf + ":3:18", r.declarations().get(0).origin().toString());
        assertTrue(r.declarations().get(1).own().isEmpty());
        assertEquals(List.of(
                "skipped server b:2 of upstream app at " + conf + ":3:30: marked down: nginx sends it nothing",
                "skipped server unix:/run/app.sock of upstream app at " + conf + ":3:47: a unix socket (/run/app.sock)",
                "skipped proxy_pass http://$http_host at " + conf + ":7:19: built from $http_host, known only per request"),
                r.skipped().stream().map(SkipNote::message).toList());
        assertEquals(conf + ":7:19", r.skipped().get(2).origin().toString());
        assertEquals(4, r.facts().passes().size());
    }

    /** A stdin that fails the test when a source reads it for a file. */
    private static final class InputStreamNever extends java.io.InputStream {
        static final InputStreamNever INSTANCE = new InputStreamNever();

        @Override
        public int read() {
            throw new AssertionError("stdin read for a file");
        }
    }
}
