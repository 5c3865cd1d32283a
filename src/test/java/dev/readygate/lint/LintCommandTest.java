package dev.readygate.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.report.LintReport;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class LintCommandTest {
    static final Path CORPUS = Corpus.ROOT;

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path p = dir.resolve("nginx.conf");
        Files.writeString(p, text);
        return p;
    }

    /** Two warnings (read timeout, an upstream server by name); shared with the CI-report tests. */
    public static final String RISKY = """
            events {}
            http {
              proxy_read_timeout 300s;
              upstream app { server localhost:3000; }
              server {
                listen 80;
                location / { proxy_pass http://app; }
              }
            }
            """;

    @Test
    void textListsFindingsAndFailsOnWarningsWhenAsked() throws Exception {
        Path conf = write(RISKY);
        CliRun r = CliRun.run("lint", conf.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(conf + ":3:3: warning: proxy_read_timeout 300s is above 60s (in effect for proxy_pass http://app at " + conf + ":7:18):"
                + " a hung upstream holds each client 5m before a 504 [nginx/read-timeout-too-high]", r.out.lines().findFirst().orElse(""), r.toString());
        assertTrue(r.out.contains(conf + ":4:18: warning: upstream app has server localhost:3000"), r.toString());
        assertTrue(r.out.endsWith("2 finding(s): 0 error(s), 2 warning(s), 0 info (1 file(s), 1 pass(es), 1 target(s))\n"), r.toString());
        assertEquals("", r.err);
        assertEquals(1, CliRun.run("lint", "--fail-on", "warning", conf.toString()).code);
        assertEquals(0, CliRun.run("lint", "--fail-on", "none", conf.toString()).code);
    }

    @Test
    void corpusConfigs() {
        Path golang = CORPUS.resolve("compose/nginx-golang-mysql/proxy/nginx.conf");
        CliRun r = CliRun.run("lint", golang.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(golang + ":5:9: info: proxy_pass http://backend:8000: backend is not an upstream block; resolved by DNS at start"
                + " (nginx fails to start if it does not resolve, and keeps the first address) [nginx/pass-not-upstream]", r.out.lines().findFirst().orElse(""));
        assertEquals(1, CliRun.run("lint", "--fail-on", "info", golang.toString()).code);
        CliRun h5bp = CliRun.run("lint", "--fail-on", "info", CORPUS.resolve("nginx/h5bp/nginx.conf").toString());
        assertEquals(0, h5bp.code, h5bp.toString());
        assertTrue(h5bp.out.startsWith("no findings in " + CORPUS.resolve("nginx/h5bp/nginx.conf") + " ("), h5bp.toString());
    }

    @Test
    void unreadableOrBrokenConfigsExit3WithOneLine() throws Exception {
        Path conf = write("events {}\nhttp {\n  server {\n    listen 80\n    location / { }\n  }\n}\n");
        CliRun r = CliRun.run("lint", conf.toString());
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + conf + ":5: directive \"listen\" is not terminated by \";\"\n", r.err);
        assertEquals("", r.out);

        Path missing = dir.resolve("nope.conf");
        CliRun m = CliRun.run("lint", missing.toString());
        assertEquals(3, m.code, m.toString());
        assertEquals("readygate: " + missing + ": open() \"" + missing + "\" failed (2: No such file or directory)\n", m.err);
    }

    @Test
    void usageErrorsExit2() throws Exception {
        Path conf = write(RISKY);
        CliRun f = CliRun.run("lint", "--format", "sarf", conf.toString());
        assertEquals(2, f.code, f.toString());
        assertEquals("readygate: --format: 'sarf' is not one of text, json, sarif, github; did you mean sarif? (see 'readygate lint --help')\n", f.err);
        assertEquals(2, CliRun.run("lint", "--fail-on", "fatal", conf.toString()).code);
        assertEquals(2, CliRun.run("lint").code);
        CliRun help = CliRun.run("lint", "--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("--fail-on"), help.toString());
    }

    /** lint takes -o/--output like every other command; --format stays as the older name. Errors name what was typed. */
    @ParameterizedTest
    @CsvSource({"-o", "--output", "--format"})
    void formatOptionHasEveryName(String option) throws Exception {
        Path conf = write(RISKY);
        CliRun r = CliRun.run("lint", option, "json", conf.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(LintReport.SCHEMA, new ObjectMapper().readTree(r.out).path("$schema").asText(), r.toString());
        CliRun bad = CliRun.run("lint", option, "sarf", conf.toString());
        assertEquals(2, bad.code, bad.toString());
        assertEquals("readygate: " + option + ": 'sarf' is not one of text, json, sarif, github; did you mean sarif? (see 'readygate lint --help')\n",
                bad.err);
    }

    @Test
    void sarifHasRulesResultsAndLocations() throws Exception {
        Path conf = write(RISKY);
        CliRun r = CliRun.run("lint", "--format", "sarif", conf.toString());
        assertEquals(0, r.code, r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out);
        assertEquals("2.1.0", root.get("version").asText());
        assertEquals("https://json.schemastore.org/sarif-2.1.0.json", root.get("$schema").asText());
        JsonNode run = root.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertEquals("readygate", driver.get("name").asText());
        List<String> ids = new ArrayList<>();
        driver.get("rules").forEach(rule -> {
            ids.add(rule.get("id").asText());
            assertTrue(rule.get("shortDescription").get("text").asText().length() > 10);
            assertTrue(List.of("error", "warning", "note").contains(rule.get("defaultConfiguration").get("level").asText()));
        });
        assertEquals(Linter.nginx().rules().stream().map(Rule::id).toList(), ids);
        JsonNode results = run.get("results");
        assertEquals(2, results.size());
        JsonNode first = results.get(0);
        assertEquals("nginx/read-timeout-too-high", first.get("ruleId").asText());
        assertEquals(ids.indexOf("nginx/read-timeout-too-high"), first.get("ruleIndex").asInt());
        assertEquals("warning", first.get("level").asText());
        assertTrue(first.get("message").get("text").asText().startsWith("proxy_read_timeout 300s is above 60s"));
        JsonNode loc = first.get("locations").get(0).get("physicalLocation");
        assertEquals(conf.toUri().toString(), loc.get("artifactLocation").get("uri").asText());
        assertEquals(3, loc.get("region").get("startLine").asInt());
        assertEquals(3, loc.get("region").get("startColumn").asInt());
    }

    @Test
    void sarifUrisOfRelativePathsStayRelative() {
        Path golang = CORPUS.resolve("compose/nginx-golang-mysql/proxy/nginx.conf");
        CliRun r = CliRun.run("lint", "--format", "sarif", golang.toString());
        assertTrue(r.out.contains("\"uri\" : \"src/test/resources/corpus/compose/nginx-golang-mysql/proxy/nginx.conf\""), r.toString());
        assertTrue(r.out.contains("\"level\" : \"note\""), r.toString());
    }

    @Test
    void jsonReport() throws Exception {
        Path conf = write(RISKY);
        CliRun r = CliRun.run("lint", "--format", "json", "--fail-on", "warning", conf.toString());
        assertEquals(1, r.code, r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out);
        assertEquals(1, root.get("exitCode").asInt());
        assertEquals("warning", root.get("failOn").asText());
        assertEquals(2, root.get("summary").get("warning").asInt());
        assertEquals("nginx/read-timeout-too-high", root.get("findings").get(0).get("ruleId").asText());
        assertEquals(3, root.get("findings").get(0).get("line").asInt());
        assertEquals("http://localhost:3000", root.get("targets").get(0).get("url").asText());
        assertEquals(4, root.get("targets").get(0).get("line").asInt());
        JsonNode pass = root.get("passes").get(0);
        assertEquals("app", pass.get("upstream").asText());
        assertEquals(300_000, pass.get("budgets").get("readTimeoutMs").asLong());
        assertEquals(60_000, pass.get("budgets").get("connectTimeoutMs").asLong());
        assertEquals(4096, pass.get("budgets").get("bufferSize").asLong());
    }

    @Test
    void aComposeServiceNameWithAnUnderscoreIsATarget() throws Exception {
        // compose service names may hold an underscore, which java.net.URI takes for no host: once an internal error
        Path conf = write("events {}\nhttp { server { location / { proxy_pass http://my_app:8080; } } }\n");
        CliRun r = CliRun.run("lint", "--format", "json", conf.toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(1, new ObjectMapper().readTree(r.out).get("targets").size(), r.toString());
        CliRun t = CliRun.run("lint", conf.toString());
        assertTrue(t.out.contains("1 pass(es), 1 target(s)"), t.toString());
    }

    @Test
    void readsNginxDashTFromStdin() {
        String dump = "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n\n"
                + "# configuration file /etc/nginx/conf.d/app.conf:\nserver {\n  location / {\n    proxy_pass https://api.internal;\n  }\n}\n\n";
        CliRun r = CliRun.withStdin(dump, "lint", "--fail-on", "warning", "-");
        assertEquals(1, r.code, r.toString());
        assertTrue(r.out.startsWith("/etc/nginx/conf.d/app.conf:3:5: warning: proxy_pass https://api.internal sends no SNI"), r.toString());
        CliRun broken = CliRun.withStdin("# configuration file /etc/nginx/nginx.conf:\nhttp {\n", "lint", "-");
        assertEquals(3, broken.code);
        assertEquals("readygate: /etc/nginx/nginx.conf:2: unexpected end of file, expecting \"}\"\n", broken.err);
    }
}
