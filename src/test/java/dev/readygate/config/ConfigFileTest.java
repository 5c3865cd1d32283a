package dev.readygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.readygate.model.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    private static final Map<String, String> ENV = Map.of("API_TOKEN", "s3cret-token", "HOST", "db", "EMPTY", "");

    @TempDir
    Path dir;
    Path file;
    String f;

    @BeforeEach
    void setUp() {
        file = dir.resolve("readygate.yaml");
        f = file.toString();
    }

    private ConfigDocument load(String yaml) throws IOException {
        Files.writeString(file, yaml);
        return ConfigFile.load(file, ENV);
    }

    private String error(String yaml) throws IOException {
        Files.writeString(file, yaml);
        return assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV)).getMessage();
    }

    private static List<String> values(Map<String, Setting> settings, String key) {
        return settings.get(key).values();
    }

    // ---- valid files

    @Test
    void fullFileWithEveryKey() throws IOException {
        ConfigDocument doc = load("""
                version: 1
                timeout: 90s
                defaults:
                  attempt-timeout: 2s
                  interval: 60ms
                  max-interval: 2s
                  successes: 1
                  stable-for: 0s
                  fail-fast: false
                  status: 200-299
                  json-pointer: /status=UP
                  body-contains: UP
                  body-regex: UP|OK
                  expect-headers: ["Content-Type: .*"]
                  method: HEAD
                  body: x
                  headers: ["X-Env: ci"]
                  max-redirects: 3
                  insecure: true
                  ca-cert: /etc/ssl/ca.pem
                  client-cert: /etc/ssl/c.pem
                  client-key: /etc/ssl/c.key
                targets:
                  - tcp://db:5432
                  - name: api
                    url: http://localhost:8080/actuator/health
                    status: 200-299,401
                    json-pointer: /status=UP
                    body-contains: UP
                    body-regex: '"status"\\s*:\\s*"UP"'
                    expect-headers: ["Content-Type: application/json.*"]
                    method: GET
                    body: '{"ping":1}'
                    headers: ["Authorization: Bearer ${API_TOKEN}"]
                    max-redirects: 5
                    insecure: false
                    ca-cert: /certs/ca.pem
                    client-cert: /certs/client.pem
                    client-key: /certs/client.key
                    attempt-timeout: 1s
                    interval: 100ms
                    max-interval: 1s
                    successes: 3
                    stable-for: 5s
                """);
        assertEquals(file, doc.file());
        assertEquals(List.of("timeout", "attempt-timeout", "interval", "max-interval", "successes", "stable-for", "fail-fast",
                "status", "json-pointer", "body-contains", "body-regex", "expect-headers", "method", "body", "headers",
                "max-redirects", "insecure", "ca-cert", "client-cert", "client-key"), List.copyOf(doc.settings().keySet()));
        Setting timeout = doc.settings().get("timeout");
        assertEquals(new Setting("timeout", List.of("90s"), false, Origin.file(f, 2, 10)), timeout);
        assertEquals("90s", timeout.value());
        assertEquals(new Setting("attempt-timeout", List.of("2s"), false, Origin.file(f, 4, 20)), doc.settings().get("attempt-timeout"));
        assertEquals(new Setting("headers", List.of("X-Env: ci"), true, Origin.file(f, 17, 12)), doc.settings().get("headers"));
        assertEquals("false", doc.settings().get("fail-fast").value());
        assertEquals("true", doc.settings().get("insecure").value());
        assertEquals("3", doc.settings().get("max-redirects").value());

        assertEquals(2, doc.targets().size());
        ConfigTarget db = doc.targets().get(0);
        assertEquals(new ConfigTarget(null, "tcp://db:5432", Origin.file(f, 24, 5), Map.of()), db);

        ConfigTarget api = doc.targets().get(1);
        assertEquals("api", api.name());
        assertEquals("http://localhost:8080/actuator/health", api.url());
        assertEquals(Origin.file(f, 26, 10), api.origin());
        assertEquals(List.of("status", "json-pointer", "body-contains", "body-regex", "expect-headers", "method", "body", "headers",
                "max-redirects", "insecure", "ca-cert", "client-cert", "client-key", "attempt-timeout", "interval", "max-interval",
                "successes", "stable-for"), List.copyOf(api.settings().keySet()));
        Map<String, Setting> s = api.settings();
        assertEquals("200-299,401", s.get("status").value());
        assertEquals("\"status\"\\s*:\\s*\"UP\"", s.get("body-regex").value());
        assertEquals(List.of("Content-Type: application/json.*"), values(s, "expect-headers"));
        assertTrue(s.get("expect-headers").list());
        assertEquals("{\"ping\":1}", s.get("body").value());
        assertEquals(List.of("Authorization: Bearer s3cret-token"), values(s, "headers"));
        assertEquals("false", s.get("insecure").value());
        assertFalse(s.get("insecure").list());
        assertEquals("/certs/client.key", s.get("client-key").value());
        assertEquals(new Setting("successes", List.of("3"), false, Origin.file(f, 43, 16)), s.get("successes"));
    }

    @Test
    void shorthandTargetsAndFlowLists() throws IOException {
        ConfigDocument doc = load("targets: [tcp://db:5432, 'localhost:6379', https://api.example.com/health]\n");
        assertEquals(List.of("tcp://db:5432", "localhost:6379", "https://api.example.com/health"),
                doc.targets().stream().map(ConfigTarget::url).toList());
        assertEquals(Origin.file(f, 1, 26), doc.targets().get(1).origin());
        assertTrue(doc.settings().isEmpty());
    }

    @Test
    void emptyTargetsAreLeftToTheCommandLine() throws IOException {
        assertEquals(List.of(), load("timeout: 1m\ntargets: []\n").targets());
        assertEquals(List.of(), load("timeout: 1m\ntargets:\n").targets());
        assertEquals(List.of(), load("defaults:\n  interval: 1s\n").targets());
    }

    @Test
    void aSingleStringIsAOneElementListAndEmptyListsAreKept() throws IOException {
        ConfigDocument doc = load("""
                targets:
                  - url: http://a/
                    headers: "Accept: text/plain"
                    expect-headers: []
                """);
        Map<String, Setting> s = doc.targets().get(0).settings();
        assertEquals(new Setting("headers", List.of("Accept: text/plain"), true, Origin.file(f, 3, 14)), s.get("headers"));
        assertEquals(List.of(), values(s, "expect-headers"));
        assertNull(s.get("expect-headers").value());
    }

    @Test
    void interpolatesFromTheEnvironment() throws IOException {
        ConfigDocument doc = load("""
                timeout: ${TIMEOUT:-90s}
                targets:
                  - tcp://${HOST}:5432
                  - url: http://${HOST}:8080/
                    body: '$${HOST} costs $$5, ${EMPTY:-fallback}, [${EMPTY}], $HOST, 5$'
                """);
        assertEquals("90s", doc.settings().get("timeout").value());
        assertEquals("tcp://db:5432", doc.targets().get(0).url());
        assertEquals("http://db:8080/", doc.targets().get(1).url());
        assertEquals("${HOST} costs $5, fallback, [], $HOST, 5$", doc.targets().get(1).settings().get("body").value());
    }

    @Test
    void unsetVariableIsAnErrorWithItsLine() throws IOException {
        assertEquals(f + ":3:15: environment variable NOPE is not set (key 'headers' in target 'api'); set it, or write ${NOPE:-default}",
                error("targets:\n  - name: api\n    headers: ['X-A: ${NOPE}']\n    url: http://a/\n"));
        assertEquals(f + ":2:5: environment variable NOPE is not set (target #1); set it, or write ${NOPE:-default}",
                error("targets:\n  - tcp://${NOPE}:1\n"));
        assertEquals(f + ":1:10: unclosed '${' (key 'timeout' at the top level); write ${NAME} or ${NAME:-default}, and $$ for a literal $",
                error("timeout: ${TIMEOUT\n"));
        assertEquals(f + ":1:10: '${1X}' is not a variable reference (key 'timeout' at the top level); "
                + "write ${NAME} or ${NAME:-default}, and $$ for a literal $ (NAME: letters, digits and _)",
                error("timeout: ${1X}\n"));
    }

    @Test
    void neverEchoesAnInterpolatedValue() throws IOException {
        String message = error("targets:\n  - name: ${API_TOKEN}x\n    url: http://a/\n  - name: ${API_TOKEN}x\n    url: http://b/\n");
        assertEquals(f + ":4:11: duplicate target name (from the environment) (first at line 2); give each target a unique name", message);
        Files.writeString(file, "version: ${V}\n");
        message = assertThrows(ConfigException.class, () -> ConfigFile.load(file, Map.of("V", "s3cret"))).getMessage();
        assertEquals(f + ":1:10: unsupported version (from the environment); this readygate reads version 1: write `version: 1` or remove the line", message);
        Files.writeString(file, "targets:\n  - name: ${N}\n    url: http://a/\n");
        message = assertThrows(ConfigException.class, () -> ConfigFile.load(file, Map.of("N", "s3cret value"))).getMessage();
        assertEquals(f + ":2:11: target name (from the environment) is not valid; use only letters, digits, '.', '_' and '-'", message);
    }

    @Test
    void certPathsResolveAgainstTheConfigDirectory() throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path nested = conf.resolve("readygate.yaml");
        Files.writeString(nested, """
                defaults:
                  ca-cert: certs/ca.pem
                targets:
                  - url: https://a/
                    client-cert: ../client.pem
                    client-key: /abs/client.key
                """);
        ConfigDocument doc = ConfigFile.load(nested, ENV);
        assertEquals(conf.resolve("certs/ca.pem").toString(), doc.settings().get("ca-cert").value());
        Map<String, Setting> s = doc.targets().get(0).settings();
        assertEquals(conf.resolve("../client.pem").toString(), s.get("client-cert").value());
        assertEquals("/abs/client.key", s.get("client-key").value());
    }

    @Test
    void certPathsOfAFileInTheWorkingDirectoryStayRelative() {
        Path relative = Path.of("target", "config-test-" + ProcessHandle.current().pid() + ".yaml");
        try {
            Files.writeString(relative, "defaults:\n  ca-cert: certs/ca.pem\n");
            ConfigDocument doc = ConfigFile.load(relative, ENV);
            assertEquals(Path.of("target", "certs", "ca.pem").toString(), doc.settings().get("ca-cert").value());
            assertEquals(Origin.file(relative.toString(), 2, 12), doc.settings().get("ca-cert").origin());
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            relative.toFile().delete();
        }
    }

    // ---- the file itself

    @Test
    void missingDirectoryTooLargeEmpty() throws IOException {
        assertEquals(f + ": no such file; check the path",
                assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV)).getMessage());
        assertEquals(dir + ": is a directory, not a file; give the path of the config file, e.g. " + dir.resolve("readygate.yaml"),
                assertThrows(ConfigException.class, () -> ConfigFile.load(dir, ENV)).getMessage());
        assertEquals(f + ": the file is empty; write at least `targets: [tcp://host:port]`", error(""));
        assertEquals(f + ": the file is empty; write at least `targets: [tcp://host:port]`", error("\n  \n"));
        assertEquals(f + ": the file is empty; write at least `targets: [tcp://host:port]`", error("# only a comment\n---\n"));
    }

    @Test
    void twoMebibyteFileIsRefusedBeforeParsing() throws IOException {
        String line = "# " + "x".repeat(1022) + "\n";
        assertEquals(f + ": the file is larger than 1 MiB; a readygate config is a few KB, check that this is the right file",
                error("targets: [tcp://db:5432]\n" + line.repeat(2048)));
    }

    @Test
    void unreadableFile() throws IOException {
        Files.writeString(file, "targets: [tcp://db:5432]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "running as root: permissions are not enforced");
        assertEquals(f + ": cannot read the file (permission denied); check its permissions",
                assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV)).getMessage());
    }

    @Test
    void notUtf8() throws IOException {
        Files.write(file, "targets: [tcp://d\u00e9:1]\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ": the file is not UTF-8 text; save it as UTF-8",
                assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV)).getMessage());
    }

    // ---- YAML

    @Test
    void yamlSyntaxErrorsAreOneLineWithPosition() throws IOException {
        assertEquals(f + ":2:8: invalid YAML: expected ',' or ']', but got : (while parsing a flow sequence); "
                + "check the indentation, quotes and brackets here", error("targets: [a\ntimeout: 1s\n"));
        assertEquals(f + ":3:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) "
                + "(while scanning for the next token); check the indentation, quotes and brackets here",
                error("targets:\n  - tcp://a:1\n\t- tcp://b:2\n"));
    }

    @Test
    void duplicateKeys() throws IOException {
        assertEquals(f + ":4:3: duplicate key 'interval' in defaults (first at line 2); remove one of them",
                error("defaults:\n  interval: 1s\n  successes: 2\n  interval: 2s\n"));
        assertEquals(f + ":3:1: duplicate key 'targets' at the top level (first at line 1); remove one of them",
                error("targets: []\ntimeout: 1s\ntargets: []\n"));
    }

    @Test
    void billionLaughsFailsFast() throws IOException {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        yaml.append("targets: *i\n");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error(yaml.toString()));
        assertEquals(f + ":7:23: more than 50 aliases to lists or mappings (a YAML alias bomb?); "
                + "write the values out instead of using so many aliases", message);
    }

    @Test
    void aliasesUnderTheLimitAreNeverExpanded() throws IOException {
        // 36 aliases (under the limit) describe 9^5 leaves; the loader stops at the first list where a url belongs
        StringBuilder yaml = new StringBuilder("targets: [&a [lol,lol,lol,lol,lol,lol,lol,lol,lol]");
        for (char c = 'b'; c <= 'e'; c++) {
            yaml.append(", &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, "*" + (char) (c - 1)))).append("]");
        }
        yaml.append("]\n");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error(yaml.toString()));
        assertEquals(f + ":1:11: target #1 is a list; write a url (`- tcp://db:5432`) or a mapping (`- url: ...`)", message);
    }

    @Test
    void aFewAliasesAreFine() throws IOException {
        ConfigDocument doc = load("""
                targets:
                  - url: http://a/
                    headers: &h ["X-A: 1", "X-B: 2"]
                  - url: http://b/
                    headers: *h
                """);
        assertEquals(List.of("X-A: 1", "X-B: 2"), doc.targets().get(1).settings().get("headers").values());
    }

    @Test
    void mergeKeysWorkAndExplicitKeysWin() throws IOException {
        ConfigDocument doc = load("""
                defaults: &common
                  interval: 1s
                  successes: 2
                targets:
                  - url: http://a/
                    <<: *common
                    interval: 5s
                """);
        Map<String, Setting> s = doc.targets().get(0).settings();
        assertEquals(new Setting("interval", List.of("5s"), false, Origin.file(f, 7, 15)), s.get("interval"));
        assertEquals(new Setting("successes", List.of("2"), false, Origin.file(f, 3, 14)), s.get("successes"));
    }

    @Test
    void undefinedAlias() throws IOException {
        assertEquals(f + ":1:11: invalid YAML: found undefined alias nope; check the indentation, quotes and brackets here",
                error("targets: [*nope]\n"));
    }

    @Test
    void deepNestingFailsFast() throws IOException {
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> error("targets: " + "[".repeat(100_000) + "\n"));
        assertEquals(f + ":1:29: lists and mappings are nested more than 20 deep; a readygate config needs 4 levels, "
                + "check the brackets and indentation", message);
    }

    // ---- keys and shapes

    @Test
    void unknownKeysSayWhereAndSuggest() throws IOException {
        assertEquals(f + ":4:3: unknown key 'atempt-timeout' in defaults; did you mean 'attempt-timeout'?",
                error("version: 1\ntimeout: 1m\ndefaults:\n  atempt-timeout: 2s\n"));
        assertEquals(f + ":1:1: unknown key 'target' at the top level; did you mean 'targets'?", error("target: [tcp://a:1]\n"));
        assertEquals(f + ":4:5: unknown key 'stauts' in target 'api'; did you mean 'status'?",
                error("targets:\n  - url: http://a/\n    name: api\n    stauts: 200\n"));
        assertEquals(f + ":4:5: unknown key 'bodycontains' in target #2; did you mean 'body-contains'?",
                error("targets:\n  - tcp://a:1\n  - url: http://a/\n    bodycontains: UP\n"));
        assertEquals(f + ":1:1: unknown key 'xyz' at the top level; valid keys: version, timeout, defaults, targets",
                error("xyz: 1\n"));
    }

    @Test
    void keysInTheWrongPlaceSayWhereTheyBelong() throws IOException {
        assertEquals(f + ":3:5: key 'fail-fast' is not allowed in target #1; it applies to all targets: put it under defaults",
                error("targets:\n  - url: http://a/\n    fail-fast: true\n"));
        assertEquals(f + ":2:3: key 'url' is not allowed in defaults; put it in an entry of targets",
                error("defaults:\n  url: http://a/\n"));
        assertEquals(f + ":1:1: key 'interval' is not allowed at the top level; put it under defaults or in a target",
                error("interval: 1s\n"));
        assertEquals(f + ":2:3: key 'targets' is not allowed in defaults; write it at the top level (check the indentation)",
                error("defaults:\n  targets: []\n"));
        assertEquals(f + ":1:1: key 'output' is not allowed at the top level; set it on the command line or with READYGATE_OUTPUT",
                error("output: json\n"));
    }

    @Test
    void wrongShapesNameTheKeyAndTheExpectedShape() throws IOException {
        assertEquals(f + ":1:1: the top level is a list, not a mapping of keys; write `version:`, `timeout:`, `defaults:` and "
                + "`targets:` at the top level, e.g. `targets: [tcp://host:port]`", error("- tcp://a:1\n"));
        assertEquals(f + ":1:11: key 'defaults' must be a mapping, not a list; write `defaults:` followed by indented `key: value` lines",
                error("defaults: [interval]\n"));
        assertEquals(f + ":1:10: key 'targets' must be a list, not a string; write `targets: [tcp://db:5432]` or one `- url` line per target",
                error("targets: tcp://db:5432\n"));
        assertEquals(f + ":2:11: key 'status' in defaults must be a single value, not a list; "
                + "write one value, and quote it if it contains ': ' or starts with '{' or '['",
                error("defaults:\n  status: [200, 401]\n"));
        assertEquals(f + ":3:11: key 'body' in target #1 must be a single value, not a mapping; "
                + "write one value, and quote it if it contains ': ' or starts with '{' or '['",
                error("targets:\n  - url: http://a/\n    body: {\"ping\": 1}\n"));
        assertEquals(f + ":3:14: key 'headers' in target #1 must be a list of strings, not a mapping; "
                + "write headers: [\"Name: value\"] and quote each entry",
                error("targets:\n  - url: http://a/\n    headers: {Accept: text/plain}\n"));
        assertEquals(f + ":4:9: an entry of 'headers' in target #1 is a mapping, not a string; quote each entry, e.g. - \"Accept: application/json\"",
                error("targets:\n  - url: http://a/\n    headers:\n      - Authorization: Bearer x\n"));
        assertEquals(f + ":2:12: key 'interval' in defaults has no value; write a value or remove the key",
                error("defaults:\n  interval:\n"));
        assertEquals(f + ":2:5: target #1 is a list; write a url (`- tcp://db:5432`) or a mapping (`- url: ...`)",
                error("targets:\n  - [tcp://a:1]\n"));
    }

    @Test
    void targetsNeedAStringUrl() throws IOException {
        assertEquals(f + ":3:5: target 'api' has no url; add `url: tcp://HOST:PORT` or `url: http://HOST:PORT/PATH`",
                error("targets:\n  - tcp://a:1\n  - name: api\n    status: 200\n"));
        assertEquals(f + ":2:10: url in target #1 is a number, not a url string; write it as tcp://HOST:PORT or http://HOST:PORT/PATH",
                error("targets:\n  - url: 8080\n"));
        assertEquals(f + ":2:5: target #1 is a number, not a url string; write it as tcp://HOST:PORT or http://HOST:PORT/PATH",
                error("targets:\n  - 5432\n"));
        assertEquals("tcp://a:1", load("targets:\n  - !!str tcp://a:1\n  - url: !custom tcp://b:1\n").targets().get(0).url());
        assertEquals(f + ":2:4: target #1 is empty; write a url such as tcp://db:5432, or remove it",
                error("targets:\n  -\n  - tcp://a:1\n"));
    }

    @Test
    void targetNamesAreUniqueAndSimple() throws IOException {
        assertEquals(f + ":6:11: duplicate target name 'api' (first at line 2); give each target a unique name",
                error("targets:\n  - name: api\n    url: http://a/\n  - name: db\n    url: tcp://db:1\n  - name: api\n    url: http://b/\n"));
        assertEquals(f + ":2:11: target name 'my api' is not valid; use only letters, digits, '.', '_' and '-'",
                error("targets:\n  - name: my api\n    url: http://a/\n"));
        assertEquals("v1.2_x-y", load("targets:\n  - name: v1.2_x-y\n    url: http://a/\n").targets().get(0).name());
    }

    @Test
    void versionMustBeOne() throws IOException {
        assertEquals(f + ":1:10: unsupported version '2'; this readygate reads version 1: write `version: 1` or remove the line",
                error("version: 2\ntargets: []\n"));
        assertEquals(List.of(), load("version: 1\n").targets());
        assertEquals(List.of(), load("version: \"1\"\n").targets());
    }
}
