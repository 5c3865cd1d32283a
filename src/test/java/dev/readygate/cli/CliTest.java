package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void version() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.startsWith("readygate "), r::toString);
    }

    @Test
    void helpListsExitCodesAndDefaults() {
        CliRun r = CliRun.run("wait", "--help");
        assertEquals(0, r.code, r::toString);
        assertEquals("", r.err, "help must print no warnings");
        String flat = r.out.replaceAll("\\s+", " ");
        for (String s : new String[] {"Exit codes:", "0 every target is ready", "1 blocked", "2 usage error", "3 configuration error",
                "4 internal error", "(default: 60s)", "(default: 2s)", "(default: 60ms)", "READYGATE_TARGETS", "-- COMMAND"})
            assertTrue(flat.contains(s), "help lacks '" + s + "'\n" + r);
        // picocli interpolates ${...} in help text: a ${VAR} written in a description prints as "null"
        for (String command : new String[] {"wait", "lint", "verify", "listeners"}) {
            String help = CliRun.run(command, "--help").out;
            assertFalse(help.matches("(?s).*(?<!/dev/)\\bnull\\b.*"), command + " --help prints 'null':\n" + help);
        }
    }

    @Test
    void readyTargetExitsZero() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--timeout", "5s", "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
            // every line starts "readygate:", so the ready head and the target's ready line, not the word
            assertTrue(r.err.contains("readygate: ready after "), r::toString);
            assertTrue(r.err.contains("\n  ready     tcp://127.0.0.1:" + s.getLocalPort() + "  1 attempt"), r::toString);
            assertFalse(r.err.contains("NOT READY"), r::toString);
        }
    }

    @Test
    void blockedTargetExitsOneWithCauseHintAndStory() {
        int port = Servers.freePort();
        CliRun r = CliRun.run("wait", "--timeout", "400ms", "tcp://127.0.0.1:" + port);
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("readygate: blocked: 0 of 1 ready when the deadline (400ms) passed"), r::toString);
        assertTrue(r.err.contains("NOT READY tcp://127.0.0.1:" + port), r::toString);
        assertTrue(r.err.contains("CONNECTION_REFUSED: connection refused by 127.0.0.1:" + port + ": nothing listens there"), r::toString);
        assertTrue(r.err.contains("=> it never accepted a connection (CONNECTION_REFUSED x"), r::toString);
        assertTrue(r.err.contains("; next: nothing listens on that port yet"), r::toString);
        assertTrue(r.err.contains("history: CONNECTION_REFUSED x"), r::toString);
        assertFalse(r.err.contains("timed out"), r::toString);
    }

    @Test
    void aListenerThatGoesAwayInsideTheStabilityWindowIsFlapping() throws Exception {
        ServerSocket s = Servers.listen();
        int port = s.getLocalPort();
        Thread closer = new Thread(() -> {
            try {
                s.accept().close(); // the first attempt connects...
                Thread.sleep(200);
                s.close();          // ...then the service goes away
            } catch (Exception ignored) {
                // closed
            }
        });
        closer.start();
        CliRun r = CliRun.run("wait", "--timeout", "1500ms", "--stable-for", "1s", "--output", "json", "127.0.0.1:" + port);
        closer.join(5000);
        s.close();
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("FLAPPING x1"), r::toString);
        JsonNode t = JSON.readTree(r.out).get("targets").get(0);
        assertEquals("FLAPPING", t.get("history").get(0).get("cause").asText());
        JsonNode ev = t.get("history").get(0);
        assertTrue(ev.get("message").asText().startsWith("was ready at"), r::toString);
        assertTrue(t.get("conclusion").asText().startsWith("it came up and went down again once"), r::toString);
    }

    @Test
    void quietPrintsNothingWhenReady() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "-q", "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
            assertEquals("", r.err, r::toString);
            assertEquals("", r.out, r::toString);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--timeout 2 db:1                         | 2 | readygate: --timeout: '2' has no unit; write e.g. 2s or 2ms",
            "--timeout 0s db:1                        | 2 | readygate: --timeout: '0s' would give up at once; write e.g. 60s, or none to wait forever",
            "--attempt-timeout soon db:1              | 2 | readygate: --attempt-timeout: 'soon' is not a duration; write e.g. 250ms, 2s, 1m30s",
            "--successes 0 db:1                       | 2 | readygate: --successes: '0' is not a whole number from 1 to 1000000",
            "--interval 1s --max-interval 10ms db:1   | 2 | readygate: --max-interval (10ms) must not be below interval (1s)",
            "--status abc http://h/                   | 2 | readygate: --status: 'abc' in status set 'abc' is not an HTTP status (100-599); write e.g. 200-299,401",
            "--body x http://h/                       | 2 | readygate: --body is sent with POST only; add --method POST",
            "--method PUT http://h/                   | 2 | readygate: --method: 'PUT' is not a supported method; use GET, HEAD or POST",
            "--body-regex ( http://h/                 | 2 | readygate: --body-regex: '(' is not a valid regex: Unclosed group near index 1",
            "--json-pointer status=UP http://h/       | 2 | readygate: --json-pointer: JSON pointer 'status' must start with '/'; write e.g. /status=UP",
            "--header NoColon http://h/               | 2 | readygate: --header: header '***' has no ':' after its name; write 'Name: value'",
            "--ca-cert /nonexistent.pem https://h/    | 3 | readygate: --ca-cert: file '/nonexistent.pem' does not exist",
            "--output yaml db:1                       | 2 | readygate: --output: 'yaml' is not a format; use text, json or github",
            "amqp://db:5672                           | 2 | readygate: target 'amqp://db:5672': unsupported scheme 'amqp'; supported: tcp://, http://, https://, postgres://, postgresql://, mysql://, mariadb://, redis://, rediss://, mongodb://, compose:, k8s:",
            "db                                       | 2 | readygate: target 'db' has no port; write tcp://db:PORT",
            "5432                                     | 2 | readygate: target '5432' is a port without a host; write tcp://localhost:5432 for this machine, or tcp://HOST:5432",
            "tcp://256.0.0.1:1234                     | 2 | readygate: target 'tcp://256.0.0.1:1234': '256.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1",
            "127.0.0.1:-1                             | 2 | readygate: target '127.0.0.1:-1': port -1 is out of range 1-65535",
            "tcp:my_db                                | 2 | readygate: target 'tcp:my_db' has no port; write tcp://my_db:PORT",
            "http:my_db:8080                          | 2 | readygate: target 'http:my_db:8080' has no '//' after 'http:'; write http://my_db:8080",
            "tcp://u:pw@my_db:1/x                     | 2 | readygate: target 'tcp://u:***@my_db:1/x': a tcp target has no path; did you mean http://u:***@my_db:1/x ?",
            "--bogus db:1                             | 2 | readygate: Unknown option: '--bogus' (see 'readygate wait --help')",
            "--status 200 db:1                        | 2 | readygate: --status: applies to http(s) targets only, and tcp://db:1 is tcp",
            "--insecure db:1 tcp://db:2               | 2 | readygate: --insecure: applies to http(s)/postgres/postgresql/mysql/mariadb/redis(s)/mongodb targets only, and no target is (tcp://db:1 is tcp, tcp://db:2 is tcp)"})
    void badArgumentsGiveOneLineAndExitTwo(String args, int code, String message) {
        CliRun r = CliRun.run(("wait " + args).split(" "));
        assertEquals(code, r.code, r::toString);
        assertEquals(message, r.err.strip(), r::toString);
        assertFalse(r.err.contains("Exception"), r::toString);
    }

    /** A mistyped subcommand or option gets one line with the closest name, if one is close; never a list. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "wiat db:1                     | readygate: Unmatched arguments from index 0: 'wiat', 'db:1'; did you mean wait? (see 'readygate --help')",
            "lsteners                      | readygate: Unmatched argument at index 0: 'lsteners'; did you mean listeners? (see 'readygate --help')",
            "veryfy x                      | readygate: Unmatched arguments from index 0: 'veryfy', 'x'; did you mean verify? (see 'readygate --help')",
            "foo                           | readygate: Unmatched argument at index 0: 'foo' (see 'readygate --help')",
            "wait --timout 1s db:1         | readygate: Unknown option: '--timout'; did you mean --timeout? (see 'readygate wait --help')",
            "wait --attempt-timout=1s db:1 | readygate: Unknown option: '--attempt-timout=1s'; did you mean --attempt-timeout? (see 'readygate wait --help')",
            "wait --heder a db:1           | readygate: Unknown option: '--heder'; did you mean --header? (see 'readygate wait --help')",
            "wait --bogus db:1             | readygate: Unknown option: '--bogus' (see 'readygate wait --help')",
            "wait -x db:1                  | readygate: Unknown option: '-x' (see 'readygate wait --help')",
            "lint --outptu json x          | readygate: Unknown options: '--outptu', 'x'; did you mean --output? (see 'readygate lint --help')",
            "listeners --prot 80           | readygate: Unknown options: '--prot', '80'; did you mean --port? (see 'readygate listeners --help')"})
    void mistypedCommandsAndOptionsGetDidYouMean(String args, String message) {
        CliRun r = CliRun.run(args.trim().split(" "));
        assertEquals(2, r.code, r::toString);
        assertEquals(message, r.err.strip(), r::toString);
    }

    /** A certificate file that cannot be used is a configuration error (exit 3), wherever the option naming it was written. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--ca-cert MISSING                          |                  | readygate: --ca-cert: file 'MISSING' does not exist",
            "--ca-cert DIR                              |                  | readygate: --ca-cert: file 'DIR' does not exist",
            "--client-cert MISSING --client-key PEM     |                  | readygate: --client-cert: file 'MISSING' does not exist",
            "--client-cert PEM --client-key MISSING     |                  | readygate: --client-key: file 'MISSING' does not exist",
            "                                           | READYGATE_CA_CERT | readygate: environment READYGATE_CA_CERT: file 'MISSING' does not exist",
            "--ca-cert PEM                              |                  | readygate: https://h/: "})
    void certificateFilesThatCannotBeUsedExitThree(String args, String envVariable, String message, @TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("not-a-certificate.pem"), "not PEM\n");
        String missing = dir.resolve("missing.pem").toString();
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("wait", "--timeout", "1s"));
        if (args != null) {
            for (String a : args.trim().split(" +"))
                argv.add(a.replace("MISSING", missing).replace("DIR", dir.toString()).replace("PEM", pem.toString()));
        }
        argv.add("https://h/");
        Map<String, String> env = envVariable == null ? Map.of() : Map.of(envVariable, missing);
        CliRun r = CliRun.run(env, argv.toArray(String[]::new));
        assertEquals(3, r.code, r::toString);
        assertTrue(r.err.startsWith(message.replace("MISSING", missing).replace("DIR", dir.toString())), r::toString);
        assertEquals(1, r.err.strip().lines().count(), r::toString);
    }

    @Test
    void anHttpOptionFromTheEnvironmentThatNoTargetReadsIsAUsageError() {
        CliRun r = CliRun.run(Map.of("READYGATE_STATUS", "200"), "wait", "db:1");
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: environment READYGATE_STATUS: applies to http(s) targets only, and tcp://db:1 is tcp", r.err.strip(), r::toString);
    }

    @Test
    void helpListsTheTargetFormsOfEveryProtocol() {
        String help = CliRun.run("wait", "--help").out;
        for (var p : dev.readygate.registry.Registry.protocols().all())
            for (String[] form : p.forms()) assertTrue(help.contains(form[0]) && help.contains(form[1]), help);
    }

    @Test
    void noTargets() {
        CliRun r = CliRun.run("wait");
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.startsWith("readygate: no targets; give at least one"), r::toString);
    }

    @Test
    void nothingAfterDoubleDash() {
        CliRun r = CliRun.run("wait", "db:1", "--");
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.startsWith("readygate: nothing after '--'"), r::toString);
    }

    @Test
    void jsonReportOnStdoutFollowsTheSchema() throws Exception {
        int port = Servers.freePort();
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--timeout", "300ms", "--output", "json", "127.0.0.1:" + s.getLocalPort(), "127.0.0.1:" + port);
            assertEquals(1, r.code, r::toString);
            JsonNode j = JSON.readTree(r.out);
            assertEquals(1, j.get("schemaVersion").asInt());
            assertFalse(j.get("ready").asBoolean());
            assertEquals("deadline", j.get("reason").asText());
            assertEquals(1, j.get("exitCode").asInt());
            assertEquals(300, j.get("timeoutMs").asInt());
            JsonNode ok = j.get("targets").get(0);
            assertTrue(ok.get("ready").asBoolean());
            assertTrue(ok.get("readyAt").isTextual());
            assertEquals("IPv4", ok.get("evidence").get("family").asText());
            JsonNode bad = j.get("targets").get(1);
            assertFalse(bad.get("ready").asBoolean());
            assertEquals("tcp://127.0.0.1:" + port, bad.get("url").asText());
            assertEquals("command line", bad.get("origin").asText());
            assertEquals("CONNECTION_REFUSED", bad.get("lastDiagnosis").get("cause").asText());
            assertEquals("connect", bad.get("lastDiagnosis").get("phase").asText());
            assertFalse(bad.get("lastDiagnosis").get("hint").asText().isEmpty());
            assertEquals("127.0.0.1:" + port, bad.get("lastDiagnosis").get("evidence").get("address").asText());
            JsonNode h = bad.get("history").get(0);
            assertEquals("CONNECTION_REFUSED", h.get("cause").asText());
            assertTrue(h.get("count").asInt() >= 1);
            assertTrue(h.get("lastSeenMs").asLong() >= h.get("firstSeenMs").asLong());
        }
    }

    @Test
    void reportFileIsWrittenWithTextOutputToo(@TempDir Path dir) throws Exception {
        try (ServerSocket s = Servers.listen()) {
            Path f = dir.resolve("report.json");
            CliRun r = CliRun.run("wait", "--report", f.toString(), "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
            assertEquals("", r.out);
            assertTrue(JSON.readTree(f.toFile()).get("ready").asBoolean());
        }
    }

    /** --report - is stdout, never a file named '-'; with --output json the report is written once. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--report -                 | ",
            "--report - --output json   | ",
            "-o json --report=-         | ",
            "                           | -",
            "--output json              | -"})
    void reportDashIsStdoutWrittenOnce(String args, String envReport) throws Exception {
        try (ServerSocket s = Servers.listen()) {
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("wait"));
            if (args != null) argv.addAll(java.util.List.of(args.trim().split(" +")));
            argv.add("127.0.0.1:" + s.getLocalPort());
            Map<String, String> env = envReport == null ? Map.of() : Map.of("READYGATE_REPORT", envReport);
            CliRun r = CliRun.run(env, argv.toArray(String[]::new));
            assertEquals(0, r.code, r::toString);
            var docs = JSON.readerFor(JsonNode.class).readValues(r.out).readAll();
            assertEquals(1, docs.size(), r::toString);
            assertTrue(((JsonNode) docs.get(0)).get("ready").asBoolean(), r::toString);
            assertFalse(Files.exists(Path.of("-")), "no file named '-'");
        }
    }

    @Test
    void anUnwritableReportFailsBeforeWaiting(@TempDir Path dir) {
        Path f = dir.resolve("missing-dir").resolve("r.json");
        CliRun r = CliRun.run("wait", "--report", f.toString(), "127.0.0.1:" + Servers.freePort());
        assertEquals(3, r.code, r::toString);
        assertEquals("readygate: --report " + f + ": the directory " + f.getParent() + " does not exist; create it first", r.err.strip());
    }

    @Test
    void aReportThatCannotBeWrittenAfterWaitingIsSaidTheOtherReportsStayAndItExitsThree(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("report.json");
        Files.createSymbolicLink(f, dir.resolve("gone").resolve("report.json")); // passes the checks before waiting
        Path marker = dir.resolve("ran");
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--output", "json", "--report", f.toString(), "127.0.0.1:" + s.getLocalPort(),
                    "--", "touch", marker.toString());
            assertEquals(3, r.code, r::toString);
            assertEquals(0, JSON.readTree(r.out).get("exitCode").asInt(), r::toString);
            assertTrue(r.err.contains("\nreadygate: ready after "), r::toString);
            assertTrue(r.err.contains("\nreadygate: cannot write the report to " + f + ": "), r::toString);
            assertFalse(Files.exists(marker), "the command must not run when a report is lost");
        }
    }

    @Test
    void secretsNeverAppear(@TempDir Path dir) throws Exception {
        int port = Servers.freePort();
        Path f = dir.resolve("r.json");
        CliRun r = CliRun.run("wait", "--timeout", "300ms", "--verbose", "--output", "json", "--report", f.toString(),
                "--header", "Authorization: Bearer tok-SECRET-1", "--header", "Cookie: session=SECRET-2",
                "http://admin:SECRET-3@127.0.0.1:" + port + "/health?api_key=SECRET-4");
        assertEquals(1, r.code, r::toString);
        String all = r.out + r.err + Files.readString(f);
        for (String secret : new String[] {"tok-SECRET-1", "SECRET-2", "SECRET-3", "SECRET-4"})
            assertFalse(all.contains(secret), "leaked " + secret + "\n" + r);
        assertTrue(all.contains("http://admin:***@127.0.0.1:" + port + "/health?api_key=***"), r::toString);
    }

    @Test
    void commandRunsOnlyWhenReadyAndItsExitCodeIsReturned(@TempDir Path dir) throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "-q", "127.0.0.1:" + s.getLocalPort(), "--", "sh", "-c", "exit 7");
            assertEquals(7, r.code, r::toString);
        }
        Path marker = dir.resolve("ran");
        CliRun r = CliRun.run("wait", "--timeout", "200ms", "127.0.0.1:" + Servers.freePort(), "--", "touch", marker.toString());
        assertEquals(1, r.code, r::toString);
        assertFalse(Files.exists(marker), "the command must not run after a timeout");
    }

    @Test
    void commandNotFoundIs127() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "-q", "127.0.0.1:" + s.getLocalPort(), "--", "no-such-command-xyz");
            assertEquals(127, r.code, r::toString);
            assertEquals("readygate: cannot run 'no-such-command-xyz': command not found; check the command after -- and your PATH", r.err.strip());
        }
    }

    @Test
    void timeoutNoneIsAccepted() throws Exception {
        try (ServerSocket s = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--timeout", "none", "--output", "json", "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.code, r::toString);
            assertTrue(JSON.readTree(r.out).get("timeoutMs").isNull());
        }
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRun r = CliRun.run(Map.of());
        assertEquals(2, r.code, r::toString);
    }
}
