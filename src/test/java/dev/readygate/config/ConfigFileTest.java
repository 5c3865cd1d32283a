package dev.readygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.readygate.model.Origin;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
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
        return ConfigFile.load(file, ENV, CATALOGUE);
    }

    private String error(String yaml) throws IOException {
        Files.writeString(file, yaml);
        return assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV, CATALOGUE)).getMessage();
    }

    private static final Catalogue CATALOGUE = Registry.protocols().catalogue();

    /** The typed value of a key. */
    private static Object val(Settings settings, String key) {
        return value(settings, key).value();
    }

    private static Value<?> value(Settings settings, String key) {
        return settings.find(CATALOGUE.find(key).orElseThrow());
    }

    private static List<String> keys(Settings settings) {
        return settings.values().stream().map(v -> v.key().name()).toList();
    }

    /** A list value as text. */
    private static List<String> texts(Settings settings, String key) {
        return ((List<?>) val(settings, key)).stream().map(String::valueOf).toList();
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
                "max-redirects", "insecure", "ca-cert", "client-cert", "client-key"), keys(doc.settings()));
        assertEquals(Duration.ofSeconds(90), val(doc.settings(), "timeout"));
        assertEquals(Origin.file(f, 2, 10), value(doc.settings(), "timeout").origin());
        assertEquals(Duration.ofSeconds(2), val(doc.settings(), "attempt-timeout"));
        assertEquals(Origin.file(f, 4, 20), value(doc.settings(), "attempt-timeout").origin());
        assertEquals("X-Env", ((dev.readygate.protocol.http.HttpSpec.Header) ((List<?>) val(doc.settings(), "headers")).get(0)).name());
        assertEquals(Origin.file(f, 17, 12), value(doc.settings(), "headers").origin());
        assertEquals(false, val(doc.settings(), "fail-fast"));
        assertEquals(true, val(doc.settings(), "insecure"));
        assertEquals(3, val(doc.settings(), "max-redirects"));

        assertEquals(2, doc.targets().size());
        ConfigTarget db = doc.targets().get(0);
        assertEquals(new ConfigTarget(null, "tcp://db:5432", Origin.file(f, 24, 5), Settings.EMPTY), db);

        ConfigTarget api = doc.targets().get(1);
        assertEquals("api", api.name());
        assertEquals("http://localhost:8080/actuator/health", api.url());
        assertEquals(Origin.file(f, 26, 10), api.origin());
        assertEquals(List.of("status", "json-pointer", "body-contains", "body-regex", "expect-headers", "method", "body", "headers",
                "max-redirects", "insecure", "ca-cert", "client-cert", "client-key", "attempt-timeout", "interval", "max-interval",
                "successes", "stable-for"), keys(api.settings()));
        Settings s = api.settings();
        assertEquals("200-299,401", val(s, "status").toString());
        assertEquals("\"status\"\\s*:\\s*\"UP\"", ((java.util.regex.Pattern) val(s, "body-regex")).pattern());
        assertEquals(List.of("Content-Type: application/json.*"), texts(s, "expect-headers"));
        assertTrue(value(s, "expect-headers").key().list());
        assertEquals("{\"ping\":1}", val(s, "body"));
        assertEquals(List.of("Authorization: Bearer s3cret-token"), ((List<?>) val(s, "headers")).stream()
                .map(h -> ((dev.readygate.protocol.http.HttpSpec.Header) h).name() + ": " + ((dev.readygate.protocol.http.HttpSpec.Header) h).value()).toList());
        assertEquals(false, val(s, "insecure"));
        assertFalse(value(s, "insecure").key().list());
        assertEquals(Path.of("/certs/client.key"), val(s, "client-key"));
        assertEquals(3, val(s, "successes"));
        assertEquals(Origin.file(f, 43, 16), value(s, "successes").origin());
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
        Settings s = doc.targets().get(0).settings();
        assertEquals(1, ((List<?>) val(s, "headers")).size());
        assertEquals(Origin.file(f, 3, 14), value(s, "headers").origin());
        assertEquals(List.of(), val(s, "expect-headers"));
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
        assertEquals(Duration.ofSeconds(90), val(doc.settings(), "timeout"));
        assertEquals("tcp://db:5432", doc.targets().get(0).url());
        assertEquals("http://db:8080/", doc.targets().get(1).url());
        assertEquals("${HOST} costs $5, fallback, [], $HOST, 5$", val(doc.targets().get(1).settings(), "body"));
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
        message = assertThrows(ConfigException.class, () -> ConfigFile.load(file, Map.of("V", "s3cret"), CATALOGUE)).getMessage();
        assertEquals(f + ":1:10: unsupported version (from the environment); this readygate reads version 1: write `version: 1` or remove the line", message);
        Files.writeString(file, "targets:\n  - name: ${N}\n    url: http://a/\n");
        message = assertThrows(ConfigException.class, () -> ConfigFile.load(file, Map.of("N", "s3cret value"), CATALOGUE)).getMessage();
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
        ConfigDocument doc = ConfigFile.load(nested, ENV, CATALOGUE);
        assertEquals(conf.resolve("certs/ca.pem"), val(doc.settings(), "ca-cert"));
        Settings s = doc.targets().get(0).settings();
        assertEquals(conf.resolve("../client.pem"), val(s, "client-cert"));
        assertEquals(Path.of("/abs/client.key"), val(s, "client-key"));
    }

    @Test
    void certPathsOfAFileInTheWorkingDirectoryStayRelative() {
        Path relative = Path.of("target", "config-test-" + ProcessHandle.current().pid() + ".yaml");
        try {
            Files.writeString(relative, "defaults:\n  ca-cert: certs/ca.pem\n");
            ConfigDocument doc = ConfigFile.load(relative, ENV, CATALOGUE);
            assertEquals(Path.of("target", "certs", "ca.pem"), val(doc.settings(), "ca-cert"));
            assertEquals(Origin.file(relative.toString(), 2, 12), value(doc.settings(), "ca-cert").origin());
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
                assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV, CATALOGUE)).getMessage());
        assertEquals(dir + ": is a directory, not a file; give the path of the config file, e.g. " + dir.resolve("readygate.yaml"),
                assertThrows(ConfigException.class, () -> ConfigFile.load(dir, ENV, CATALOGUE)).getMessage());
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

    /**
     * A file without read permission; as root (how CI runs) permissions are not enforced on ordinary
     * files, so a write-only sysctl file stands in: the kernel refuses to read it even to root.
     */
    @Test
    void unreadableFile() throws IOException {
        Files.writeString(file, "targets: [tcp://db:5432]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Path unreadable = file;
        if (Files.isReadable(file)) {
            unreadable = Path.of("/proc/sys/vm/compact_memory");
            assumeTrue(Files.exists(unreadable) && refusesToBeRead(unreadable), "running as root, and no file here that root cannot read");
        }
        Path p = unreadable;
        assertEquals(p + ": cannot read the file (permission denied); check its permissions",
                assertThrows(ConfigException.class, () -> ConfigFile.load(p, ENV, CATALOGUE)).getMessage());
    }

    private static boolean refusesToBeRead(Path p) {
        try (var in = Files.newInputStream(p)) {
            return false;
        } catch (java.nio.file.AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A file that opens but whose read fails (EIO): one line, no stack trace, whoever runs it. */
    @Test
    void aFileWhoseReadFails() {
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.exists(mem), "no /proc");
        assertEquals(mem + ": cannot read the file (IOException); check that it is a readable file",
                assertThrows(ConfigException.class, () -> ConfigFile.load(mem, ENV, CATALOGUE)).getMessage());
    }

    @Test
    void notUtf8() throws IOException {
        Files.write(file, "targets: [tcp://d\u00e9:1]\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ": the file is not UTF-8 text; save it as UTF-8",
                assertThrows(ConfigException.class, () -> ConfigFile.load(file, ENV, CATALOGUE)).getMessage());
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
        assertEquals(2, ((List<?>) val(doc.targets().get(1).settings(), "headers")).size());
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
        Settings s = doc.targets().get(0).settings();
        assertEquals(Duration.ofSeconds(5), val(s, "interval"));
        assertEquals(Origin.file(f, 7, 15), value(s, "interval").origin());
        assertEquals(2, val(s, "successes"));
        assertEquals(Origin.file(f, 3, 14), value(s, "successes").origin());
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
        assertEquals(f + ":1:1: unknown key 'xyz' at the top level; valid keys: version, timeout, from, profile, network, max-concurrency, defaults, targets",
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
