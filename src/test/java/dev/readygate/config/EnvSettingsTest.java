package dev.readygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.config.EnvSettings.EnvResult;
import dev.readygate.model.Origin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSettingsTest {
    private static String error(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> EnvSettings.read(env)).getMessage();
    }

    @Test
    void nothingSet() {
        EnvResult r = EnvSettings.read(Map.of("PATH", "/usr/bin", "readygate_lowercase", "ignored"));
        assertEquals(List.of(), r.targets());
        assertEquals(Map.of(), r.settings());
    }

    @Test
    void targetsAreSeparatedByCommasAndWhitespace() {
        EnvResult r = EnvSettings.read(Map.of("READYGATE_TARGETS", " tcp://db:5432,http://api:8080/health\n\tredis:6379 ,, https://x/ "));
        assertEquals(List.of("tcp://db:5432", "http://api:8080/health", "redis:6379", "https://x/"), r.targets());
    }

    @Test
    void everyKeyHasAVariable() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : Keys.names(Keys.Scope.ENV)) env.put(Keys.envName(key), "v-" + key);
        EnvResult r = EnvSettings.read(env);
        assertEquals(List.of("v-targets"), r.targets());
        assertEquals(List.of("timeout", "attempt-timeout", "interval", "max-interval", "successes", "stable-for", "fail-fast",
                "status", "json-pointer", "body-contains", "body-regex", "expect-headers", "method", "body", "headers",
                "max-redirects", "insecure", "ca-cert", "client-cert", "client-key", "max-header-bytes", "max-latency",
                "cert-min-validity", "ip-family", "config", "output", "report", "quiet", "verbose"),
                List.copyOf(r.settings().keySet()));
        assertEquals(new Setting("attempt-timeout", List.of("v-attempt-timeout"), false, Origin.env("READYGATE_ATTEMPT_TIMEOUT")),
                r.settings().get("attempt-timeout"));
        assertEquals("environment READYGATE_FAIL_FAST", r.settings().get("fail-fast").origin().toString());
        assertEquals("v-body-contains", r.settings().get("body-contains").value());
    }

    @Test
    void headersAreOnePerLine() {
        EnvResult r = EnvSettings.read(Map.of(
                "READYGATE_HEADERS", "Authorization: Bearer x\r\nX-A: 1, 2\n\n",
                "READYGATE_EXPECT_HEADERS", "Content-Type: application/json.*"));
        Setting headers = r.settings().get("headers");
        assertEquals(List.of("Authorization: Bearer x", "X-A: 1, 2"), headers.values());
        assertTrue(headers.list());
        assertEquals(List.of("Content-Type: application/json.*"), r.settings().get("expect-headers").values());
    }

    @Test
    void valuesAreKeptAsWritten() {
        EnvResult r = EnvSettings.read(Map.of("READYGATE_BODY", " {\"a\": 1} ", "READYGATE_CONFIG", "ci/readygate.yaml"));
        assertEquals(" {\"a\": 1} ", r.settings().get("body").value());
        assertEquals("ci/readygate.yaml", r.settings().get("config").value());
    }

    @Test
    void unknownVariables() {
        assertEquals("environment READYGATE_ATEMPT_TIMEOUT: unknown variable; did you mean READYGATE_ATTEMPT_TIMEOUT?",
                error(Map.of("READYGATE_ATEMPT_TIMEOUT", "2s")));
        assertEquals("environment READYGATE_TARGET: unknown variable; did you mean READYGATE_TARGETS?",
                error(Map.of("READYGATE_TARGET", "tcp://a:1")));
        assertEquals("environment READYGATE_HEADER: unknown variable; did you mean READYGATE_HEADERS?",
                error(Map.of("READYGATE_HEADER", "X: 1")));
        assertEquals("environment READYGATE_XYZZY: unknown variable; unset it (readygate reads READYGATE_TIMEOUT, READYGATE_TARGETS, "
                + "READYGATE_ATTEMPT_TIMEOUT, READYGATE_INTERVAL, READYGATE_MAX_INTERVAL, READYGATE_SUCCESSES, READYGATE_STABLE_FOR, "
                + "READYGATE_FAIL_FAST, READYGATE_STATUS, READYGATE_JSON_POINTER, READYGATE_BODY_CONTAINS, READYGATE_BODY_REGEX, "
                + "READYGATE_EXPECT_HEADERS, READYGATE_METHOD, READYGATE_BODY, READYGATE_HEADERS, READYGATE_MAX_REDIRECTS, "
                + "READYGATE_INSECURE, READYGATE_CA_CERT, READYGATE_CLIENT_CERT, READYGATE_CLIENT_KEY, READYGATE_MAX_HEADER_BYTES, READYGATE_MAX_LATENCY, READYGATE_CERT_MIN_VALIDITY, READYGATE_IP_FAMILY, READYGATE_CONFIG, "
                + "READYGATE_OUTPUT, READYGATE_REPORT, READYGATE_QUIET, READYGATE_VERBOSE)", error(Map.of("READYGATE_XYZZY", "1")));
    }

    @Test
    void emptyValuesAreErrors() {
        assertEquals("environment READYGATE_INTERVAL: the value is empty; set a value or unset the variable",
                error(Map.of("READYGATE_INTERVAL", "")));
        assertEquals("environment READYGATE_TIMEOUT: the value is empty; set a value or unset the variable",
                error(Map.of("READYGATE_TIMEOUT", "  ")));
        assertEquals("environment READYGATE_TARGETS: the value is empty; set a value or unset the variable",
                error(Map.of("READYGATE_TARGETS", " , \n")));
        assertEquals("environment READYGATE_HEADERS: the value is empty; set a value or unset the variable",
                error(Map.of("READYGATE_HEADERS", "\n\n")));
    }

    @Test
    void unknownNamesComeBeforeEmptyValuesInNameOrder() {
        String message = error(Map.of("READYGATE_INTERVAL", "", "READYGATE_C", "y", "READYGATE_B", "x"));
        assertTrue(message.startsWith("environment READYGATE_B: unknown variable; unset it (readygate reads "), message);
    }
}
