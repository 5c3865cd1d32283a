package dev.readygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.config.EnvSettings.EnvResult;
import dev.readygate.model.Origin;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.Place;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSettingsTest {
    private static final Catalogue CATALOGUE = Registry.protocols().catalogue();

    private static Value<?> value(Settings settings, String key) {
        return settings.find(CATALOGUE.find(key).orElseThrow());
    }
    private static String error(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> EnvSettings.read(env, CATALOGUE)).getMessage();
    }

    @Test
    void nothingSet() {
        EnvResult r = EnvSettings.read(Map.of("PATH", "/usr/bin", "readygate_lowercase", "ignored"), CATALOGUE);
        assertEquals(List.of(), r.targets());
        assertTrue(r.settings().isEmpty());
    }

    @Test
    void targetsAreSeparatedByCommasAndWhitespace() {
        EnvResult r = EnvSettings.read(Map.of("READYGATE_TARGETS", " tcp://db:5432,http://api:8080/health\n\tredis:6379 ,, https://x/ "), CATALOGUE);
        assertEquals(List.of("tcp://db:5432", "http://api:8080/health", "redis:6379", "https://x/"), r.targets());
    }

    @Test
    void everyKeyHasAVariable() {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.putAll(Map.of("timeout", "90s", "attempt-timeout", "1s", "interval", "1s", "max-interval", "2s", "successes", "2",
                "stable-for", "1s", "fail-fast", "true", "ip-family", "4", "status", "2xx", "json-pointer", "/a=b"));
        valid.putAll(Map.of("expect-headers", "A: b", "method", "POST", "headers", "A: b", "max-redirects", "1", "insecure", "yes",
                "max-header-bytes", "4k", "max-latency", "1s", "cert-min-validity", "1d", "quiet", "1", "verbose", "0"));
        valid.put("max-concurrency", "100");
        valid.put("fail-fast-grace", "3s");
        valid.put("password-env", "DB_PASSWORD");
        valid.put("network", "true");
        valid.put("min-endpoints", "2");
        valid.put("require-auth-ok", "true");
        valid.put("mongo-role", "any");
        valid.put("primary", "true");
        Map<String, String> env = new LinkedHashMap<>();
        for (var key : CATALOGUE.keys(Place.ENV)) env.put(key.envName(), valid.getOrDefault(key.name(), "v-" + key.name()));
        env.put("READYGATE_TARGETS", "v-targets");
        EnvResult r = EnvSettings.read(env, CATALOGUE);
        assertEquals(List.of("v-targets"), r.targets());
        // every key of the catalogue (core, every protocol's, the run's) is read from its variable, in catalogue order
        assertEquals(CATALOGUE.keys(Place.ENV).stream().map(k -> k.name()).toList(),
                r.settings().values().stream().map(v -> v.key().name()).toList());
        assertTrue(r.settings().values().size() > 35, "the core and the protocols' keys");
        assertEquals(java.time.Duration.ofSeconds(1), value(r.settings(), "attempt-timeout").value());
        assertEquals(Origin.env("READYGATE_ATTEMPT_TIMEOUT"), value(r.settings(), "attempt-timeout").origin());
        assertEquals("environment READYGATE_FAIL_FAST", value(r.settings(), "fail-fast").origin().toString());
        assertEquals("v-body-contains", value(r.settings(), "body-contains").value());
    }

    @Test
    void badValuesNameTheVariable() {
        assertEquals("environment READYGATE_TIMEOUT: 'soon' is not a duration; write e.g. 250ms, 2s, 1m30s",
                error(Map.of("READYGATE_TIMEOUT", "soon")));
    }

    @Test
    void headersAreOnePerLine() {
        EnvResult r = EnvSettings.read(Map.of(
                "READYGATE_HEADERS", "Authorization: Bearer x\r\nX-A: 1, 2\n\n",
                "READYGATE_EXPECT_HEADERS", "Content-Type: application/json.*"), CATALOGUE);
        List<?> headers = (List<?>) value(r.settings(), "headers").value();
        assertEquals(2, headers.size());
        assertEquals("X-A", ((dev.readygate.protocol.http.HttpSpec.Header) headers.get(1)).name());
        assertEquals("1, 2", ((dev.readygate.protocol.http.HttpSpec.Header) headers.get(1)).value());
        assertEquals(List.of("Content-Type: application/json.*"),
                ((List<?>) value(r.settings(), "expect-headers").value()).stream().map(String::valueOf).toList());
    }

    @Test
    void valuesAreKeptAsWritten() {
        EnvResult r = EnvSettings.read(Map.of("READYGATE_BODY", " {\"a\": 1} ", "READYGATE_CONFIG", "ci/readygate.yaml"), CATALOGUE);
        assertEquals(" {\"a\": 1} ", value(r.settings(), "body").value());
        assertEquals(java.nio.file.Path.of("ci/readygate.yaml"), value(r.settings(), "config").value());
    }

    @Test
    void unknownVariables() {
        assertEquals("environment READYGATE_ATEMPT_TIMEOUT: unknown variable; did you mean READYGATE_ATTEMPT_TIMEOUT?",
                error(Map.of("READYGATE_ATEMPT_TIMEOUT", "2s")));
        assertEquals("environment READYGATE_TARGET: unknown variable; did you mean READYGATE_TARGETS?",
                error(Map.of("READYGATE_TARGET", "tcp://a:1")));
        assertEquals("environment READYGATE_HEADER: unknown variable; did you mean READYGATE_HEADERS?",
                error(Map.of("READYGATE_HEADER", "X: 1")));
    }

    /** A READYGATE_* name close to none readygate reads (READYGATE_VERSION from an image build) is a warning, not an error. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"READYGATE_VERSION", "READYGATE_XYZZY", "READYGATE_B", "READYGATE_IMAGE_TAG"})
    void unknownVariablesThatAreNoTypoAreWarnings(String variable) {
        EnvResult r = EnvSettings.read(Map.of(variable, "1.2.3", "READYGATE_TIMEOUT", "5s"), CATALOGUE);
        assertEquals(java.time.Duration.ofSeconds(5), value(r.settings(), "timeout").value());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("environment " + variable + ": not a readygate setting, ignored (readygate reads "
                + "READYGATE_TIMEOUT, READYGATE_TARGETS, "), r.warnings().get(0));
        assertEquals(1, r.warnings().get(0).lines().count());
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
        String message = error(Map.of("READYGATE_INTERVAL", "", "READYGATE_TIMEOUTS", "y", "READYGATE_QUIETT", "x"));
        assertEquals("environment READYGATE_QUIETT: unknown variable; did you mean READYGATE_QUIET?", message);
    }
}
