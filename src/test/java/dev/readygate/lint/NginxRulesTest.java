package dev.readygate.lint;

import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.NginxParser;
import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule: a config that triggers it (with the exact finding) and one that does not. Bodies go inside http { }, from line 3. */
class NginxRulesTest {
    @TempDir
    Path dir;

    static List<Finding> lint(String httpBody, String ruleId) {
        NginxFacts f = NginxFacts.of(NginxParser.parseText(RealNginx.wrapHttp(httpBody), "t.conf"));
        return Linter.nginx().lint(f).stream().filter(x -> x.ruleId().equals(ruleId)).toList();
    }

    static Stream<Arguments> positives() {
        return Stream.of(
                Arguments.of("nginx/read-timeout-too-high", "proxy_read_timeout 5m;\nserver { location / { proxy_pass http://127.0.0.1:8080; } }\n",
                        "t.conf:3:1: warning: proxy_read_timeout 5m is above 60s (in effect for proxy_pass http://127.0.0.1:8080 at t.conf:4:23):"
                                + " a hung upstream holds each client 5m before a 504 [nginx/read-timeout-too-high]"),
                Arguments.of("nginx/connect-timeout-too-high", "server { location / { proxy_connect_timeout 30; proxy_pass http://127.0.0.1:8080; } }\n",
                        "t.conf:3:23: warning: proxy_connect_timeout 30 is above 10s (in effect for proxy_pass http://127.0.0.1:8080 at t.conf:3:49):"
                                + " a down or filtered upstream is noticed only after 30s [nginx/connect-timeout-too-high]"),
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_buffer_size 64k;\nserver { location / { proxy_pass http://127.0.0.1:8080; } }\n",
                        "t.conf:3:1: error: nginx -t fails: \"proxy_busy_buffers_size\" must be less than the size of all \"proxy_buffers\" minus one buffer"
                                + " (proxy_buffer_size 64k makes the default proxy_busy_buffers_size 128k, but proxy_buffers 8 4k leaves 28k after one buffer;"
                                + " in effect for the server at t.conf:4:1) [nginx/proxy-buffers-too-small]"),
                Arguments.of("nginx/ssl-verify-without-ca", "server { location / { proxy_ssl_verify on; proxy_ssl_server_name on; proxy_pass https://127.0.0.1:8443; } }\n",
                        "t.conf:3:23: error: nginx -t fails: no proxy_ssl_trusted_certificate for proxy_ssl_verify (in effect for proxy_pass"
                                + " https://127.0.0.1:8443 at t.conf:3:70) [nginx/ssl-verify-without-ca]"),
                Arguments.of("nginx/upstream-with-port", "upstream app { server 127.0.0.1:8081; }\nserver { location / { proxy_pass http://app:8080; } }\n",
                        "t.conf:4:23: error: nginx -t fails: upstream \"app\" may not have port 8080 (proxy_pass http://app:8080;"
                                + " the upstream is at t.conf:3:1) [nginx/upstream-with-port]"),
                Arguments.of("nginx/upstream-localhost", "upstream app { server localhost:3000; }\nserver { location / { proxy_pass http://app; } }\n",
                        "t.conf:3:16: warning: upstream app has server localhost:3000: localhost is 127.0.0.1 and ::1 (nginx tries both),"
                                + " and inside a container it is nginx itself [nginx/upstream-localhost]"),
                Arguments.of("nginx/https-no-verify", "server { location / { proxy_ssl_server_name on; proxy_pass https://api.internal; } }\n",
                        "t.conf:3:49: warning: proxy_pass https://api.internal does not verify the upstream's certificate"
                                + " (proxy_ssl_verify is off) [nginx/https-no-verify]"),
                Arguments.of("nginx/https-no-sni", "proxy_ssl_verify on;\nproxy_ssl_trusted_certificate ca.pem;\nserver { location / { proxy_pass https://api.internal; } }\n",
                        "t.conf:5:23: warning: proxy_pass https://api.internal sends no SNI (proxy_ssl_server_name is off) [nginx/https-no-sni]"),
                Arguments.of("nginx/unused-upstream", "upstream api_v1 { server 127.0.0.1:8081; }\nupstream api { server 127.0.0.1:8082; }\n"
                                + "server { location / { proxy_pass http://api; } }\n",
                        "t.conf:3:1: warning: no *_pass uses upstream api_v1 [nginx/unused-upstream]"),
                Arguments.of("nginx/pass-not-upstream", "server { location / { proxy_pass http://backend:8000; } }\n",
                        "t.conf:3:23: info: proxy_pass http://backend:8000: backend is not an upstream block; resolved by DNS at start"
                                + " (nginx fails to start if it does not resolve, and keeps the first address) [nginx/pass-not-upstream]"),
                Arguments.of("nginx/tls-on-plain-port", "upstream app { server 10.0.0.5:8080; }\nserver { location / { proxy_pass https://app; } }\n",
                        "t.conf:3:16: info: proxy_pass https://app at t.conf:4:23 speaks TLS to server 10.0.0.5:8080 of upstream app,"
                                + " a port that usually serves plain HTTP [nginx/tls-on-plain-port]"),
                Arguments.of("nginx/plain-on-tls-port", "server { location / { proxy_pass http://10.0.0.5:443; } }\n",
                        "t.conf:3:23: info: proxy_pass http://10.0.0.5:443 speaks plain HTTP to 10.0.0.5:443, a port that usually serves TLS"
                                + " [nginx/plain-on-tls-port]"),
                Arguments.of("nginx/unverifiable-pass", "server { location / { proxy_pass http://$upstream_host; } }\n",
                        "t.conf:3:23: info: proxy_pass http://$upstream_host cannot be checked: built from $upstream_host, known only per request"
                                + " [nginx/unverifiable-pass]"));
    }

    static Stream<Arguments> negatives() {
        return Stream.of(
                Arguments.of("nginx/read-timeout-too-high", "proxy_read_timeout 60s;\nserver { location / { proxy_pass http://127.0.0.1:8080; } }\n"),
                Arguments.of("nginx/connect-timeout-too-high", "server { location / { proxy_connect_timeout 5s; proxy_pass http://127.0.0.1:8080; } }\n"),
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_buffer_size 16k;\nproxy_buffers 3 16k;\nserver { location / { proxy_pass http://127.0.0.1:8080; } }\n"),
                Arguments.of("nginx/ssl-verify-without-ca", "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n"
                        + "server { location / { proxy_ssl_verify on; proxy_pass https://127.0.0.1:8443; } }\n"),
                Arguments.of("nginx/upstream-with-port", "upstream app { server 127.0.0.1:8081; }\nserver { location / { proxy_pass http://app; } }\n"),
                Arguments.of("nginx/upstream-localhost", "upstream app { server 127.0.0.1:3000; }\nserver { location / { proxy_pass http://app; } }\n"),
                Arguments.of("nginx/https-no-verify", "server { location / { proxy_ssl_verify on; proxy_ssl_trusted_certificate ca.pem; proxy_pass https://api; } }\n"),
                Arguments.of("nginx/https-no-sni", "server { location / { proxy_ssl_server_name on; proxy_pass https://api; } }\n"),
                Arguments.of("nginx/unused-upstream", "upstream api { server 127.0.0.1:8082; }\nserver { location / { proxy_pass http://api; } }\n"),
                Arguments.of("nginx/pass-not-upstream", "upstream backend { server backend:8000; }\nserver { location / { proxy_pass http://backend; } }\n"),
                Arguments.of("nginx/tls-on-plain-port", "server { location / { proxy_pass https://10.0.0.5:8443; } }\n"),
                Arguments.of("nginx/plain-on-tls-port", "server { location / { proxy_pass http://10.0.0.5:8080; } }\n"),
                Arguments.of("nginx/unverifiable-pass", "server { set $b 10.0.0.5:8080; location / { proxy_pass http://$b; } }\n"));
    }

    @ParameterizedTest(name = "{0} finds")
    @MethodSource("positives")
    void ruleFinds(String ruleId, String body, String expected) {
        List<Finding> found = lint(body, ruleId);
        assertEquals(1, found.size(), found.toString());
        assertEquals(expected, found.get(0).toString());
        assertTrue(!found.get(0).fix().isBlank());
    }

    @ParameterizedTest(name = "{0} stays quiet")
    @MethodSource("negatives")
    void ruleStaysQuiet(String ruleId, String body) {
        assertEquals(List.of(), lint(body, ruleId));
    }

    /** "above 10s": exactly 10s is quiet, one millisecond more is found. */
    @ParameterizedTest(name = "proxy_connect_timeout {0}: {1} finding")
    @CsvSource({"10s, 0", "10000ms, 0", "9s, 0", "10001ms, 1", "11, 1"})
    void connectTimeoutRuleStartsAboveTenSeconds(String value, int findings) {
        List<Finding> found = lint("server { location / { proxy_connect_timeout " + value + "; proxy_pass http://127.0.0.1:8080; } }\n",
                "nginx/connect-timeout-too-high");
        assertEquals(findings, found.size(), found.toString());
    }

    @Test
    void unusedUpstreamSuggestsThePassThatMayHaveMeantIt() {
        assertEquals("t.conf:3:1: warning: no *_pass uses upstream backend; did a pass mean it? (it says backnd)"
                        + " [nginx/unused-upstream]",
                lint("upstream backend { server 10.0.0.5:8080; }\nserver { location / { proxy_pass http://backnd; } }\n", "nginx/unused-upstream")
                        .get(0).toString());
        assertEquals(Severity.INFO, lint("upstream backend { server 10.0.0.5:8080; }\nserver { location / { proxy_pass http://$b; } }\n",
                "nginx/unused-upstream").get(0).severity());
    }

    @Test
    void everyRuleHasAPositiveAndANegativeFixture() {
        Set<String> pos = new HashSet<>(), neg = new HashSet<>();
        positives().forEach(a -> pos.add((String) a.get()[0]));
        negatives().forEach(a -> neg.add((String) a.get()[0]));
        Set<String> ids = new HashSet<>();
        for (Rule r : Linter.nginx().rules()) {
            assertTrue(r.id().matches("nginx/[a-z0-9-]+"), r.id());
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
        }
        assertEquals(ids, pos);
        assertEquals(ids, neg);
    }

    /** Rules that say "nginx -t fails" must agree with the real nginx, both ways. */
    static Stream<Arguments> nginxTRules() {
        return Stream.of(
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_buffer_size 64k;\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://127.0.0.1:8080; } }\n", true),
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_buffer_size 16k;\nproxy_buffers 3 16k;\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://127.0.0.1:8080; } }\n", false),
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_buffer_size 16k;\nproxy_buffers 2 16k;\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://127.0.0.1:8080; } }\n", true),
                Arguments.of("nginx/proxy-buffers-too-small", "proxy_busy_buffers_size 2k;\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://127.0.0.1:8080; } }\n", true),
                Arguments.of("nginx/proxy-buffers-too-small", "server { listen 127.0.0.1:18080; location / { proxy_buffers 1 4k; proxy_pass http://127.0.0.1:8080; } }\n", true),
                Arguments.of("nginx/ssl-verify-without-ca", "server { listen 127.0.0.1:18080; location / { proxy_ssl_verify on; proxy_pass https://127.0.0.1:8443; } }\n", true),
                Arguments.of("nginx/upstream-with-port", "upstream app { server 127.0.0.1:8081; }\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://app:8080; } }\n", true),
                Arguments.of("nginx/upstream-with-port", "upstream app { server 127.0.0.1:8081; }\nserver { listen 127.0.0.1:18080; location / { proxy_pass http://app; } }\n", false));
    }

    @ParameterizedTest(name = "{0} #{index} agrees with nginx -t")
    @MethodSource("nginxTRules")
    void nginxTAgrees(String ruleId, String body, boolean fails) throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, RealNginx.wrapHttp(body));
        RealNginx.Result r = RealNginx.test(conf, dir);
        assertEquals(fails ? 1 : 0, r.exit(), r.toString());
        List<Finding> found = lint(body, ruleId);
        assertEquals(fails ? 1 : 0, found.size(), found + " vs nginx: " + r.err());
        if (fails) {
            String nginxSays = r.emerg() == null ? r.err().lines().findFirst().orElse("") : r.emerg();
            String text = nginxSays.replaceFirst("^nginx: \\[emerg\\] ", "").replaceFirst("^\\S+:\\d+: ", "");
            assertTrue(found.get(0).message().contains(text), found.get(0).message() + " should contain nginx's '" + text + "'");
        }
    }
}
