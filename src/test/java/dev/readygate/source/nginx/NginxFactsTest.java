package dev.readygate.source.nginx;

import dev.readygate.model.Target;
import dev.readygate.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NginxFactsTest {
    static final Path COMPOSE = Corpus.of("compose");

    private static NginxFacts facts(String text) {
        return NginxFacts.of(NginxParser.parseText(text, "t.conf"));
    }

    private static List<String> targets(NginxFacts f) {
        return Upstreams.targets(f).stream().map(t -> t.display() + " @" + t.origin()).toList();
    }

    // ---- the corpus ----

    @Test
    void nodejsRedisUpstreamGivesOneTargetPerServer() {
        Path conf = COMPOSE.resolve("nginx-nodejs-redis/nginx/nginx.conf");
        NginxFacts f = NginxFacts.load(conf);
        assertEquals(List.of("http://web1:5000 @" + conf + ":2:3", "http://web2:5000 @" + conf + ":3:3"), targets(f));
        NginxFacts.Pass p = f.passes().get(0);
        assertEquals("loadbalancer", p.upstream().name());
        assertEquals(List.of("80"), p.server().listen());
        assertEquals(List.of("localhost"), p.server().serverNames());
        assertEquals("/", p.location().match());
        assertEquals(conf + ":10:5", p.origin().toString());
    }

    @Test
    void golangMysqlProxyPassesToBackend() {
        Path conf = COMPOSE.resolve("nginx-golang-mysql/proxy/nginx.conf");
        assertEquals(List.of("http://backend:8000 @" + conf + ":5:9"), targets(NginxFacts.load(conf)));
    }

    @Test
    void flaskConfigsBuiltFromTemplateVariablesAreUnverifiable() {
        for (Path conf : List.of(COMPOSE.resolve("nginx-flask-mongo/nginx/nginx.conf"), COMPOSE.resolve("nginx-wsgi-flask/nginx/default.conf"))) {
            NginxFacts f = NginxFacts.load(conf);
            assertEquals(List.of(), Upstreams.targets(f), conf.toString());
            assertFalse(f.passes().isEmpty());
            for (NginxFacts.Pass p : f.passes()) {
                assertEquals("http://$FLASK_SERVER_ADDR", p.argument());
                assertEquals("built from $FLASK_SERVER_ADDR, which the config does not define (filled in by a template, e.g. envsubst?"
                        + " check the rendered config or use nginx -T)", p.unverifiable());
            }
        }
        assertEquals(2, NginxFacts.load(COMPOSE.resolve("nginx-wsgi-flask/nginx/default.conf")).unverifiable().size());
    }

    // ---- budgets ----

    @Test
    void budgetsInheritFromHttpToServerToLocation() {
        NginxFacts f = facts("""
                http {
                  proxy_read_timeout 90s;
                  proxy_buffer_size 16k;
                  server {
                    proxy_connect_timeout 5s;
                    location /a { proxy_pass http://a:1; }
                    location /b {
                      proxy_read_timeout 1h30m;
                      location /b/c { proxy_pass http://c:1; proxy_connect_timeout 500ms; }
                      proxy_pass http://b:1;
                    }
                  }
                  server { location / { proxy_pass http://d:1; } }
                }
                """);
        Budgets a = f.passes().get(0).budgets(), c = f.passes().get(1).budgets(), b = f.passes().get(2).budgets(), d = f.passes().get(3).budgets();
        assertEquals(Duration.ofSeconds(90), a.readTimeout());
        assertEquals("t.conf:2:3", a.readTimeoutSetting().origin().toString());
        assertEquals(Duration.ofSeconds(5), a.connectTimeout());
        assertEquals(16384, a.bufferSize());
        assertEquals(Duration.ofMinutes(90), b.readTimeout());
        assertEquals(Duration.ofSeconds(5), b.connectTimeout());
        assertEquals(Duration.ofMinutes(90), c.readTimeout());
        assertEquals(Duration.ofMillis(500), c.connectTimeout());
        assertEquals(Duration.ofSeconds(60), d.connectTimeout());
        assertTrue(d.setting("connect_timeout").isDefault());
        assertEquals(Duration.ofSeconds(90), d.readTimeout());
        assertEquals(List.of("a", "c", "b", "d"), f.passes().stream().map(NginxFacts.Pass::host).toList());
    }

    @Test
    void defaultsAreNginxDefaults() {
        Budgets b = facts("server { location / { proxy_pass https://x; } }").passes().get(0).budgets();
        assertEquals(Duration.ofSeconds(60), b.connectTimeout());
        assertEquals(Duration.ofSeconds(60), b.readTimeout());
        assertEquals(4096, b.bufferSize());
        assertEquals(8, b.buffersNumber());
        assertEquals(4096, b.buffersSize());
        assertEquals(8192, b.busyBuffersSize());
        assertFalse(b.sslVerify());
        assertFalse(b.sslServerName());
        assertNull(b.sslTrustedCertificate());
    }

    @Test
    void otherModulesUseTheirOwnBudgets() {
        NginxFacts f = facts("""
                server {
                  proxy_read_timeout 5s;
                  grpc_read_timeout 7s;
                  location /g { grpc_pass grpcs://api:50051; }
                  location ~ \\.php$ { fastcgi_pass php:9000; }
                  location /u { uwsgi_pass unix:/run/app.sock; }
                }
                """);
        NginxFacts.Pass g = f.passes().get(0), php = f.passes().get(1), u = f.passes().get(2);
        assertEquals("grpcs", g.scheme());
        assertEquals(Duration.ofSeconds(7), g.budgets().readTimeout());
        assertEquals(Duration.ofSeconds(60), php.budgets().readTimeout());
        assertEquals("~ \\.php$", php.location().match());
        assertEquals("/run/app.sock", u.unixPath());
        assertEquals(List.of("tcp://api:50051 @t.conf:4:17", "tcp://php:9000 @t.conf:5:23"), targets(f));
        assertEquals(List.of(new NginxFacts.UnixSocket("/run/app.sock", u.origin())), f.unixSockets());
    }

    // ---- upstreams, variables, resolvers ----

    @Test
    void upstreamServerParameters() {
        NginxFacts f = facts("""
                upstream app {
                  server app1:8080 weight=5 max_fails=3 fail_timeout=30s;
                  server app2 backup;
                  server 10.0.0.3:8080 down;
                  server [::1]:9000 resolve;
                  server unix:/run/app.sock;
                }
                server { location / { proxy_pass http://app; } }
                """);
        NginxFacts.Upstream u = f.upstreams().get(0);
        NginxFacts.UpstreamServer s1 = u.servers().get(0);
        assertEquals(List.of("app1", "8080", "5", "3", "PT30S"), List.of(s1.host(), "" + s1.port(), "" + s1.weight(), "" + s1.maxFails(), s1.failTimeout().toString()));
        assertTrue(u.servers().get(1).backup());
        assertEquals(80, u.servers().get(1).port());
        assertTrue(u.servers().get(2).down());
        assertTrue(u.servers().get(3).resolve());
        assertEquals("::1", u.servers().get(3).host());
        assertEquals("/run/app.sock", u.servers().get(4).unixPath());
        assertEquals(List.of("http://app1:8080 @t.conf:2:3", "http://app2:80 @t.conf:3:3", "http://[::1]:9000 @t.conf:5:3"), targets(f));
    }

    @Test
    void literalSetValuesAreResolvedOtherVariablesAreNot() {
        NginxFacts f = facts("""
                map $http_x_env $backend { default blue:8080; green green:8080; }
                server {
                  set $api api:9000;
                  resolver 127.0.0.11 valid=10s;
                  location /api { proxy_pass http://$api/v1; }
                  location /m { proxy_pass http://$backend; }
                  location /h { proxy_pass http://$host:8080; }
                }
                """);
        List<NginxFacts.Pass> p = f.passes();
        assertEquals("http://api:9000/v1", p.get(0).resolved());
        assertEquals(9000, p.get(0).port());
        assertEquals("127.0.0.11 valid=10s", p.get(0).resolvers().get(0).value());
        assertEquals("built from $backend, a map at t.conf:1:1; its value depends on the request", p.get(1).unverifiable());
        assertEquals("built from $host, known only per request", p.get(2).unverifiable());
        assertEquals(List.of("http://api:9000 @t.conf:5:19"), targets(f));
        assertEquals(1, f.resolvers().size());
    }

    @Test
    void streamProxyPassIsTcp() {
        NginxFacts f = facts("""
                events {}
                stream {
                  upstream db { server db1:5432; }
                  server { listen 5432; proxy_pass db; proxy_timeout 30s; }
                  server { listen 6379; proxy_pass redis:6379; }
                }
                """);
        assertEquals(List.of("tcp://db1:5432 @t.conf:3:17", "tcp://redis:6379 @t.conf:5:25"), targets(f));
        assertEquals(Duration.ofSeconds(30), f.passes().get(0).budgets().readTimeout());
    }

    @Test
    void unixSocketsAreListedNotTargets() {
        NginxFacts f = facts("server { location /api { proxy_pass http://unix:/run/app.sock:/v1/; } location / { fastcgi_pass unix:/run/php/php-fpm.sock; } }");
        assertEquals(List.of("/run/app.sock", "/run/php/php-fpm.sock"), f.unixSockets().stream().map(NginxFacts.UnixSocket::path).toList());
        assertEquals(List.of(), Upstreams.targets(f));
        assertEquals("http", f.passes().get(0).scheme());
    }

    @Test
    void aStreamFragmentIsReadAsStream() {
        NginxFacts f = facts("upstream db { server db1:5432; }\nserver { listen 5432; proxy_pass db; }\n");
        assertEquals(List.of("tcp://db1:5432 @t.conf:1:15"), targets(f));
        assertTrue(f.upstreams().get(0).stream());
    }

    @Test
    void targetsAreTargets() {
        Target t = Upstreams.targets(facts("server { location / { proxy_pass https://api.internal:8443/x; } }")).get(0);
        assertEquals("https", t.scheme());
        assertEquals("api.internal:8443", t.endpoint().toString());
        assertTrue(t.isHttp());
    }

    // ---- nginx's value syntax ----

    @ParameterizedTest
    @CsvSource({"10s,10000", "1m,60000", "500ms,500", "1h30m,5400000", "75,75000", "1d,86400000", "2w,1209600000"})
    void times(String text, long ms) {
        assertEquals(ms, NginxValues.time(text).toMillis());
    }

    @ParameterizedTest
    @CsvSource({"4k,4096", "16K,16384", "1m,1048576", "512,512", "2g,2147483648"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, NginxValues.size(text));
    }

    @Test
    void invalidValues() {
        assertEquals("invalid time value \"10x\"", assertThrows(IllegalArgumentException.class, () -> NginxValues.time("10x")).getMessage());
        assertEquals("invalid size value \"4kb\"", assertThrows(IllegalArgumentException.class, () -> NginxValues.size("4kb")).getMessage());
        assertEquals("90s", NginxValues.formatTime(Duration.ofSeconds(90)));
        assertEquals("2m", NginxValues.formatTime(Duration.ofSeconds(120)));
        assertEquals("16k", NginxValues.formatSize(16384));
    }
}
