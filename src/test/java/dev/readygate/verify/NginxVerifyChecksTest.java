package dev.readygate.verify;

import dev.readygate.protocol.http.HttpSpec;

import dev.readygate.diagnosis.Cause;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.Upstreams;
import dev.readygate.model.IpFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What verify would probe for a config, without opening a socket (no resolver in these configs). */
class NginxVerifyChecksTest {
    @TempDir
    Path dir;

    private List<NginxVerify.Check> checks(String http) throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\nhttp {\n" + http + "}\n");
        return NginxVerify.checks(NginxFacts.load(conf), Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_REFUSED,502", "TLS_ON_PLAIN_PORT,502", "PLAIN_ON_TLS_PORT,invalid", "HEADERS_TOO_LARGE,502", "PREMATURE_CLOSE,502",
            "DNS_NOT_FOUND,502", "ADDRESS_FAMILY_MISMATCH,502", "SLOW,504", "READ_TIMEOUT,504", "CONNECT_TIMEOUT,504", "DNS_TIMEOUT,504"})
    void whatNginxAnswers(Cause cause, String code) {
        assertEquals(code, NginxVerify.resultFor(cause).code());
    }

    @Test
    void pathBudgetsAndFamilyOfEachProbe() throws Exception {
        List<NginxVerify.Check> c = checks("""
                upstream app { server 127.0.0.1:3000; server 127.0.0.1:3001 down; server unix:/run/app.sock; }
                server {
                  listen 80;
                  proxy_buffer_size 16k;
                  location /api/ { proxy_pass http://app/v1/; proxy_read_timeout 5s; }
                  location / { proxy_pass https://127.0.0.1:8443; }
                  location /h { proxy_pass http://$http_host; }
                  location /g { grpc_pass grpc://127.0.0.1:50051; }
                }
                """);
        assertEquals(6, c.size(), c.toString());
        NginxVerify.Check api = c.get(0);
        assertEquals("http://127.0.0.1:3000/v1/", api.target().display());
        assertEquals(IpFamily.ALL, api.target().ipFamily());
        assertEquals(16384, api.target().spec(HttpSpec.class, null).budgets().maxHeaderBytes());
        assertEquals(Duration.ofSeconds(5), api.target().spec(HttpSpec.class, null).budgets().maxLatency());
        // any answer but a 5xx passes: nginx relays a 5xx, so requests fail
        assertTrue(api.target().spec(HttpSpec.class, null).status().contains(404) && !api.target().spec(HttpSpec.class, null).status().contains(503));
        assertEquals(0, api.target().spec(HttpSpec.class, null).maxRedirects());
        assertTrue(api.target().spec(HttpSpec.class, null).tls().insecure(), "proxy_ssl_verify is off by default");
        assertNull(api.note());
        assertEquals("marked down: nginx sends it nothing", c.get(1).skipped());
        assertTrue(c.get(2).skipped().startsWith("a unix socket"), c.get(2).toString());
        NginxVerify.Check tls = c.get(3);
        assertEquals("https://127.0.0.1:8443/", tls.target().display());
        assertTrue(tls.note().contains("probing /"), tls.note());
        assertEquals(Duration.ofSeconds(60), tls.target().spec(HttpSpec.class, null).budgets().maxLatency());
        assertTrue(c.get(4).skipped().contains("$http_host"), c.get(4).toString());
        NginxVerify.Check grpc = c.get(5);
        assertEquals("tcp", grpc.target().scheme());
        assertFalse(grpc.target().isHttp());
    }

    @Test
    void verifyChecksWhatTheWalkGivesAndSkipsWhatItSkips() throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "events {}\nhttp {\n"
                + "upstream app { server 127.0.0.1:3000; server 127.0.0.1:3001 down; server unix:/run/app.sock; }\n"
                + "server { location / { proxy_pass http://app; } location /h { proxy_pass http://$http_host; }"
                + " location /g { grpc_pass grpc://backend; } location /u { proxy_pass http://my_app:8080; } }\n}\n");
        NginxFacts facts = NginxFacts.load(conf);
        List<Upstreams.Address> walk = Upstreams.of(facts);
        List<NginxVerify.Check> c = NginxVerify.checks(facts, Duration.ofSeconds(1));
        assertEquals(walk.size(), c.size(), c.toString());
        for (int i = 0; i < walk.size(); i++) {
            assertEquals(walk.get(i).origin(), c.get(i).addressOrigin(), c.get(i).toString());
            assertEquals(walk.get(i).why(), c.get(i).skipped(), c.get(i).toString());
            assertEquals(walk.get(i).dialable(), c.get(i).target() != null, c.get(i).toString());
        }
        assertEquals(2, c.stream().filter(x -> x.target() != null).count(), "127.0.0.1:3000 and my_app:8080");
    }

    @Test
    void nginxsOwnListenersAreExcludedFromTheDidYouMean() throws Exception {
        Path conf = dir.resolve("own.conf");
        Files.writeString(conf, """
                events {}
                http {
                  server { listen 127.0.0.1:8080; listen [::1]:8443 ssl; location / { proxy_pass http://127.0.0.1:3000; } }
                  server { listen 9000; }
                  server { listen *:9001; }
                  server { listen unix:/run/app.sock; }
                  server { server_name default.test; }
                }
                """);
        dev.readygate.net.LocalExplain.Exclusions ex = NginxVerify.exclusions(NginxFacts.load(conf));
        assertEquals(List.of("127.0.0.1:8080", "0:0:0:0:0:0:0:1:8443", "*:9000", "*:9001", "*:80", "*:8000"), ex.listen().stream()
                .map(a -> (a.getAddress().isAnyLocalAddress() ? "*" : a.getAddress().getHostAddress()) + ":" + a.getPort()).toList());
        assertEquals(java.util.Set.of("nginx"), ex.commands());
    }
}
