package dev.readygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.JunitSchema;
import dev.readygate.testing.RawServer;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.readygate.lint.LintCommandTest.RISKY;
import static org.junit.jupiter.api.Assertions.*;

/** readygate on GitHub Actions (GITHUB_ACTIONS=true or --output github), --junit FILE and --sarif-root, through the CLI. */
class GithubCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path ws;

    /** The environment of a GitHub runner whose workspace is the temporary directory. */
    Map<String, String> actions() {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", ws.toString());
        env.put("GITHUB_STEP_SUMMARY", ws.resolve("summary.md").toString());
        env.put("GITHUB_OUTPUT", ws.resolve("output.txt").toString());
        return env;
    }

    /** Every line of stdout and stderr the runner would read as a workflow command (leading white space is ignored). */
    static List<String> commands(CliRun r) {
        return Stream.concat(r.out.lines(), r.err.lines()).map(String::stripLeading).filter(l -> l.startsWith("::")).toList();
    }

    String file(String name) throws Exception {
        return Files.readString(ws.resolve(name));
    }

    Path write(String name, String text) throws Exception {
        Path p = ws.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aHostileBodyCannotInjectAWorkflowCommand() throws Exception {
        String body = "down\n::add-mask::x\n%0A::error::injected\r\n::stop-commands::tok\n::warning::w ]]> <x a=\"1\">&amp; \u0001\u0000\u001b[2J";
        try (RawServer hostile = new RawServer((s, server) -> {
            server.readRequest(s);
            RawServer.write(s, "HTTP/1.1 503 Service Unavailable\r\nServer: ::add-mask::banner\r\nX-Note: %0A::error::h\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        })) {
            Path xml = ws.resolve("hostile.xml");
            CliRun r = CliRun.run(actions(), "wait", "--timeout", "1s", "--junit", xml.toString(), "http://127.0.0.1:" + hostile.port() + "/health");
            assertEquals(1, r.code, r::toString);
            List<String> cmds = commands(r);
            assertEquals(1, cmds.size(), r::toString);
            String cmd = cmds.get(0);
            assertTrue(cmd.startsWith("::error title=readygate%3A http%3A//127.0.0.1%3A" + hostile.port() + "/health is not ready::HTTP_STATUS: "), cmd);
            assertTrue(r.out.startsWith("::error "), "on stdout: " + r);
            assertTrue(cmd.contains("add-mask") && cmd.contains("%250A::error::injected"), "the body is there, escaped: " + cmd);
            assertTrue(r.err.contains("NOT READY"), "the text report stays on stderr: " + r);
            assertTrue(file("output.txt").matches("ready=false\nduration=\\d+\\.\\d{3}\ntargets=1\nnot-ready=1\n"), file("output.txt"));
            String summary = file("summary.md");
            assertTrue(summary.contains("| http://127.0.0.1:" + hostile.port() + "/health | :x: no |"), summary);
            assertTrue(summary.contains("- body: "), summary);
            for (String line : summary.split("\n")) assertFalse(line.stripLeading().startsWith("::"), line);
            assertFalse(summary.contains("<x"), summary);
            Document doc = JunitSchema.validate(Files.readString(xml));
            String failure = doc.getElementsByTagName("failure").item(0).getTextContent();
            assertTrue(failure.contains("]]> <x a=\"1\">&amp; "), failure);
        }
    }

    @Test
    void aTargetFromAFileIsAnnotatedAtItsLineRelativeToTheWorkspace() throws Exception {
        int closed = Servers.freePort();
        Path cfg = write("ci/readygate.yaml", "timeout: 500ms\ntargets:\n  - name: db\n    url: tcp://127.0.0.1:" + closed + "\n");
        Path conf = write("nginx/nginx.conf", "events {}\nhttp {\n  server {\n    listen 8080;\n    location / { proxy_pass http://127.0.0.1:" + closed + "; }\n  }\n}\n");
        try (ServerSocket up = Servers.listen()) {
            CliRun r = CliRun.run(actions(), "wait", "--config", cfg.toString(), "--from", conf.toString(), "127.0.0.1:" + up.getLocalPort());
            assertEquals(1, r.code, r::toString);
            List<String> cmds = commands(r);
            assertEquals(2, cmds.size(), r::toString);
            assertTrue(cmds.stream().anyMatch(c -> c.matches("::error file=ci/readygate.yaml,line=4,col=10,title=readygate%3A db \\(tcp%3A//127.0.0.1%3A"
                    + closed + "\\) is not ready::CONNECTION_REFUSED: .*")), r::toString);
            assertTrue(cmds.stream().anyMatch(c -> c.startsWith("::error file=nginx/nginx.conf,line=5,col=18,title=")), r::toString);
            assertTrue(cmds.stream().anyMatch(c -> c.contains("%0Afrom: ci/readygate.yaml:4:10%0A")), r::toString);
            assertTrue(file("summary.md").contains("- from: nginx/nginx.conf:5:18\n"), file("summary.md"));
            assertFalse(file("summary.md").contains(ws.toString()) || cmds.stream().anyMatch(c -> c.contains(ws.toString())),
                    "paths in the workspace are relative to it");
            assertTrue(file("output.txt").contains("ready=false\n") && file("output.txt").contains("targets=3\nnot-ready=2\n"), file("output.txt"));
            assertTrue(file("summary.md").contains("| 127.0.0.1:" + up.getLocalPort()) || file("summary.md").contains("| tcp://127.0.0.1:" + up.getLocalPort()),
                    file("summary.md"));
        }
    }

    @Test
    void withJsonOnStdoutTheCommandsGoToStderrAndOutputGithubWorksOutsideActions() throws Exception {
        int closed = Servers.freePort();
        for (List<String> format : List.of(List.of("--output", "json"), List.of("--report", "-"))) {
            CliRun r = CliRun.run(actions(), Stream.concat(Stream.of("wait", "--timeout", "300ms"),
                    Stream.concat(format.stream(), Stream.of("127.0.0.1:" + closed))).toArray(String[]::new));
            assertEquals(1, r.code, r::toString);
            JsonNode j = JSON.readTree(r.out);
            assertFalse(j.get("ready").asBoolean());
            assertTrue(r.err.lines().anyMatch(l -> l.startsWith("::error title=")), r::toString);
        }
        // --output github without Actions: the commands on stdout, no summary or outputs file to write
        try (ServerSocket up = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--output", "github", "127.0.0.1:" + up.getLocalPort());
            assertEquals(0, r.code, r::toString);
            assertEquals("", r.out, "a ready target is no annotation");
        }
        CliRun r = CliRun.run("wait", "--timeout", "300ms", "-o", "github", "127.0.0.1:" + closed);
        assertTrue(r.out.startsWith("::error title=readygate%3A tcp%3A//127.0.0.1%3A" + closed + " is not ready::CONNECTION_REFUSED"), r::toString);
    }

    @Test
    void filesThatCannotBeWrittenAreOneLineAndExitThreeBeforeWaiting() throws Exception {
        Path missing = ws.resolve("gone");
        try (ServerSocket up = Servers.listen()) {
            String target = "127.0.0.1:" + up.getLocalPort();
            Map<String, String> env = actions();
            env.put("GITHUB_OUTPUT", missing.resolve("out.txt").toString());
            CliRun r = CliRun.run(env, "wait", target);
            assertEquals(3, r.code, r::toString);
            assertEquals("readygate: GITHUB_OUTPUT " + missing.resolve("out.txt") + ": the directory " + missing + " does not exist; create it first\n", r.err);
            assertEquals("", r.out);
            CliRun j = CliRun.run("wait", "--junit", ws.toString(), target);
            assertEquals(3, j.code, j::toString);
            assertEquals("readygate: --junit " + ws + ": is a directory; give a file name\n", j.err);
            Path conf = write("nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://" + target + "; } } }\n");
            for (String cmd : List.of("verify", "lint")) {
                CliRun c = CliRun.run(env, cmd, conf.toString());
                assertEquals(3, c.code, c::toString);
                assertEquals("readygate: GITHUB_OUTPUT " + missing.resolve("out.txt") + ": the directory " + missing + " does not exist; create it first\n", c.err);
                CliRun cj = CliRun.run(cmd, "--junit", missing.resolve("x.xml").toString(), conf.toString());
                assertEquals(3, cj.code, cj::toString);
                assertTrue(cj.err.startsWith("readygate: --junit ") && cj.err.lines().count() == 1, cj::toString);
            }
        }
    }

    /** A file that can be opened but not written to: /dev/full (Linux) fails every write with ENOSPC. */
    static Path full() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");
        return full;
    }

    @Test
    void aReportThatFailsWhenWrittenIsOneLineAndMakesAPassingRunExitThree() throws Exception {
        Path full = full();
        Map<String, String> env = actions();
        env.put("GITHUB_OUTPUT", full.toString());
        try (ServerSocket up = Servers.listen()) {
            CliRun r = CliRun.run(env, "wait", "127.0.0.1:" + up.getLocalPort());
            assertEquals(3, r.code, r::toString);
            assertTrue(r.err.endsWith("readygate: cannot append to GITHUB_OUTPUT (/dev/full): No space left on device\n"), r::toString);
            assertTrue(file("summary.md").contains("| yes |"), "the other reports are still delivered");
            CliRun j = CliRun.run("wait", "--junit", full.toString(), "127.0.0.1:" + up.getLocalPort());
            assertEquals(3, j.code, j::toString);
            assertTrue(j.err.endsWith("\nreadygate: cannot write the JUnit report to /dev/full: No space left on device\n"), j::toString);
        }
        // a blocked run keeps its 1
        CliRun b = CliRun.run(env, "wait", "--timeout", "300ms", "127.0.0.1:" + Servers.freePort());
        assertEquals(1, b.code, b::toString);
        assertTrue(b.err.contains("readygate: cannot append to GITHUB_OUTPUT (/dev/full): "), b::toString);
        // lint and verify: the same
        Path clean = write("clean.conf", "events {}\nhttp { server { listen 80; } }\n");
        CliRun l = CliRun.run(env, "lint", "--junit", full.toString(), clean.toString());
        assertEquals(3, l.code, l::toString);
        assertEquals("readygate: cannot append to GITHUB_OUTPUT (/dev/full): No space left on device\n"
                + "readygate: cannot write the JUnit report to /dev/full: No space left on device\n", l.err);
        CliRun v = CliRun.run(env, "verify", clean.toString());
        assertEquals(3, v.code, v::toString);
        assertTrue(v.err.endsWith("readygate: cannot append to GITHUB_OUTPUT (/dev/full): No space left on device\n"), v::toString);
    }

    @Test
    void junitOfWaitHasATestCasePerTargetAndPassesTheSchema() throws Exception {
        int closed = Servers.freePort();
        Path xml = ws.resolve("wait.xml");
        try (ServerSocket up = Servers.listen()) {
            CliRun r = CliRun.run("wait", "--timeout", "500ms", "--junit", xml.toString(), "127.0.0.1:" + up.getLocalPort(), "127.0.0.1:" + closed);
            assertEquals(1, r.code, r::toString);
            assertEquals("", r.out);
        }
        Document doc = JunitSchema.validate(Files.readString(xml));
        assertEquals(2, doc.getElementsByTagName("testcase").getLength());
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("CONNECTION_REFUSED", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("\nhint: "), failure.getTextContent());
        assertEquals("1", ((Element) doc.getElementsByTagName("property").item(1)).getAttribute("value"), "the exit code");
        // READYGATE_JUNIT works as every setting does
        Path viaEnv = ws.resolve("env.xml");
        CliRun r = CliRun.run(Map.of("READYGATE_JUNIT", viaEnv.toString()), "wait", "--timeout", "300ms", "127.0.0.1:" + closed);
        assertEquals(1, r.code, r::toString);
        JunitSchema.validate(Files.readString(viaEnv));
    }

    @Test
    void verifyOnActionsAnnotatesTheNginxLineAndWritesJunit() throws Exception {
        int closed = Servers.freePort();
        try (ServerSocket up = Servers.listen()) {
            Path conf = write("nginx/nginx.conf", "events {}\nhttp {\n  upstream app {\n    server 127.0.0.1:" + closed + ";\n  }\n  server {\n    listen 8080;\n"
                    + "    location /a/ { proxy_pass http://app; }\n    location /b/ { proxy_pass http://$host; }\n  }\n}\n");
            Path xml = ws.resolve("verify.xml");
            CliRun r = CliRun.run(actions(), "verify", "--timeout", "2s", "--junit", xml.toString(), conf.toString());
            assertEquals(1, r.code, r::toString);
            assertTrue(r.out.startsWith("LOCATION"), "the table first: " + r);
            List<String> cmds = commands(r);
            assertEquals(1, cmds.size(), r::toString);
            assertTrue(cmds.get(0).startsWith("::error file=nginx/nginx.conf,line=4,col=5,title=readygate verify%3A app 127.0.0.1%3A" + closed), cmds.get(0));
            assertTrue(file("output.txt").matches("ok=false\nduration=\\d+\\.\\d{3}\nupstreams=2\nfailing=1\nskipped=1\n"), file("output.txt"));
            assertTrue(file("summary.md").startsWith("### readygate verify "), file("summary.md"));
            Document doc = JunitSchema.validate(Files.readString(xml));
            assertEquals(2, doc.getElementsByTagName("testcase").getLength());
            assertEquals("502", ((Element) doc.getElementsByTagName("failure").item(0)).getAttribute("message").substring(0, 3));
            assertEquals(1, doc.getElementsByTagName("skipped").getLength());
            // --output json: stdout is the JSON document alone
            CliRun j = CliRun.run(actions(), "verify", "--timeout", "2s", "--output", "json", conf.toString());
            assertFalse(JSON.readTree(j.out).get("ok").asBoolean());
            assertEquals(1, commands(j).size(), j::toString);
            assertTrue(j.err.contains("::error file=nginx/nginx.conf,line=4"), j::toString);
        }
    }

    @Test
    void lintOnActionsAnnotatesEveryFindingAndWritesJunit() throws Exception {
        Path conf = write("conf/nginx.conf", RISKY);
        Path xml = ws.resolve("lint.xml");
        CliRun r = CliRun.run(actions(), "lint", "--fail-on", "warning", "--junit", xml.toString(), conf.toString());
        assertEquals(1, r.code, r::toString);
        List<String> cmds = commands(r);
        assertEquals(2, cmds.size(), r::toString);
        assertTrue(cmds.get(0).startsWith("::warning file=conf/nginx.conf,line=3,col=3,title=readygate lint%3A nginx/read-timeout-too-high"
                + "::proxy_read_timeout 300s is above 60s"), cmds.get(0));
        assertTrue(cmds.get(1).startsWith("::warning file=conf/nginx.conf,line=4,col=18,title=readygate lint%3A nginx/"), cmds.get(1));
        assertTrue(cmds.get(0).contains("%0Afix: "), cmds.get(0));
        assertEquals("ok=false\nfindings=2\nerrors=0\nwarnings=2\ninfo=0\n", file("output.txt"));
        assertTrue(file("summary.md").contains("| warning | nginx/read-timeout-too-high |"), file("summary.md"));
        Document doc = JunitSchema.validate(Files.readString(xml));
        assertEquals(2, doc.getElementsByTagName("failure").getLength(), "both warnings fail at --fail-on warning");
        assertTrue(doc.getElementsByTagName("testcase").getLength() > 2, "and every rule that found nothing passes");
        // at the default --fail-on error the warnings pass, with the finding in system-out
        CliRun d = CliRun.run("lint", "--junit", xml.toString(), conf.toString());
        assertEquals(0, d.code, d::toString);
        assertEquals(0, JunitSchema.validate(Files.readString(xml)).getElementsByTagName("failure").getLength());
        // a clean config: a suite of passed checks, not an empty one
        Path clean = write("clean.conf", "events {}\nhttp { server { listen 80; } }\n");
        CliRun c = CliRun.run("lint", "--junit", xml.toString(), clean.toString());
        assertEquals(0, c.code, c::toString);
        assertTrue(JunitSchema.validate(Files.readString(xml)).getElementsByTagName("testcase").getLength() > 0);
        // --output github outside Actions: lint's text, then the commands, on stdout
        CliRun g = CliRun.run("lint", "-o", "github", conf.toString());
        assertEquals(0, g.code, g::toString);
        assertTrue(g.out.startsWith(conf + ":3:3: warning: "), g::toString);
        assertEquals(2, g.out.lines().filter(l -> l.startsWith("::warning file=")).count(), g::toString);
        // SARIF on stdout stays clean; the commands go to stderr
        CliRun s = CliRun.run(actions(), "lint", "-o", "sarif", conf.toString());
        assertEquals("2.1.0", JSON.readTree(s.out).get("version").asText());
        assertEquals(2, commands(s).size(), s::toString);
    }

    @Test
    void onActionsNoTextFromAFileStartsALineAsAWorkflowCommand() throws Exception {
        // an nginx -T dump names its files: here names that are workflow commands, printed first on lint's text lines
        String dump = "# configuration file ::stop-commands::tok:\nevents {}\nhttp {\n  proxy_read_timeout 300s;\n  include ::add-mask::x.conf;\n}\n"
                + "# configuration file ::add-mask::x.conf:\nupstream app { server localhost:3000; }\n"
                + "server { listen 80; location / { proxy_pass http://app; } }\n";
        CliRun r = CliRun.withStdin(dump, actions(), "lint", "-");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("%3A:stop-commands::tok:3:3: warning: proxy_read_timeout 300s"), r::toString);
        List<String> cmds = commands(r);
        assertEquals(2, cmds.size(), r::toString);
        for (String c : cmds) assertTrue(c.startsWith("::warning file=%3A%3Astop-commands%3A%3Atok,line=3,col=3,title=")
                || c.startsWith("::warning file=%3A%3Aadd-mask%3A%3Ax.conf,line=1,col="), c);
        // outside Actions the text is as it is
        assertTrue(CliRun.withStdin(dump, Map.of(), "lint", "-").out.startsWith("::stop-commands::tok:3:3: warning: "));
    }

    @Test
    void sarifPathsAreRelativeToTheRepositoryRootWithAUriBaseId() throws Exception {
        Path conf = write("deploy/my conf/nginx.conf", RISKY);
        for (CliRun r : List.of(CliRun.run("lint", "-o", "sarif", "--sarif-root", ws.toString(), conf.toString()),
                CliRun.run(Map.of("GITHUB_WORKSPACE", ws.toString()), "lint", "-o", "sarif", conf.toString()))) {
            JsonNode run = JSON.readTree(r.out).get("runs").get(0);
            assertEquals(ws.toUri().toString().endsWith("/") ? ws.toUri().toString() : ws.toUri() + "/", run.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText());
            JsonNode loc = run.get("results").get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation");
            assertEquals("deploy/my%20conf/nginx.conf", loc.get("uri").asText(), r::toString);
            assertEquals("%SRCROOT%", loc.get("uriBaseId").asText());
        }
        // a root the file is not under: an absolute file: URI, never ../
        Path other = Files.createDirectories(ws.resolve("other"));
        CliRun r = CliRun.run("lint", "-o", "sarif", "--sarif-root", other.toString(), conf.toString());
        JsonNode loc = JSON.readTree(r.out).get("runs").get(0).get("results").get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertEquals(conf.toUri().toString(), loc.get("uri").asText());
        assertNull(loc.get("uriBaseId"));
        assertFalse(r.out.contains("../"), r::toString);
        CliRun bad = CliRun.run("lint", "-o", "sarif", "--sarif-root", ws.resolve("nope").toString(), conf.toString());
        assertEquals(2, bad.code);
        assertEquals("readygate: --sarif-root " + ws.resolve("nope") + ": not a directory (see 'readygate lint --help')\n", bad.err);
    }
}
