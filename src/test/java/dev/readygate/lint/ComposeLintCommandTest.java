package dev.readygate.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.report.LintReport;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.JunitSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** readygate lint compose.yaml through the CLI: every format, exit codes, broken files, secrets. */
class ComposeLintCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path STACK = Path.of("src/test/resources/compose/lint/proxy-stack");
    /** The password in the stack's DATABASE_URL. */
    static final String PASSWORD = "Pw0rdX9";

    @TempDir
    Path dir;

    /** The correct stack copied, with nginx's upstream server line pointing at backend:8001 (backend exposes 8000). */
    @BeforeEach
    void wrongPort() throws Exception {
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve("compose.yaml"), Files.readString(STACK.resolve("compose.yaml"))
                .replace("postgres://app:" + PASSWORD + "@db:5432/app", "postgres://app:" + PASSWORD + "@localhost:5432/app"));
        Files.writeString(dir.resolve("nginx/default.conf"), Files.readString(STACK.resolve("nginx/default.conf"))
                .replace("server backend:8000;", "server backend:8001;"));
    }

    private Path compose() {
        return dir.resolve("compose.yaml");
    }

    private String nginx() {
        return dir.resolve("nginx/default.conf").toString();
    }

    @Test
    void textNamesBothFilesAndExitsByFailOn() {
        CliRun r = CliRun.run("lint", compose().toString());
        assertEquals(1, r.code, r.toString());
        List<String> lines = r.out.lines().toList();
        assertEquals(compose() + ":22:7: warning: environment DATABASE_URL of backend dials localhost:5432, which inside backend's container is"
                + " backend itself; db listens on 5432 (" + compose() + ":29:9) [compose/localhost-to-service]", lines.get(0), r.toString());
        assertEquals(nginx() + ":2:5: error: backend listens on 8000 (expose at " + compose() + ":16:9), not 8001; server backend:8001 of upstream"
                + " app at " + nginx() + ":2:5 says 8001 [compose/nginx-port-mismatch]", lines.get(2), r.toString());
        assertEquals("  fix: Write backend:8000 in " + nginx() + ", or make backend listen on 8001 and declare it (expose: [\"8001\"])", lines.get(3));
        assertEquals("2 finding(s): 1 error(s), 1 warning(s), 0 info (2 file(s), 3 service(s), 1 nginx config(s))", lines.get(lines.size() - 1));
        assertEquals("", r.err);
        assertEquals(0, CliRun.run("lint", "--fail-on", "none", compose().toString()).code);
        assertEquals(1, CliRun.run("lint", "--fail-on", "warning", compose().toString()).code);
        CliRun clean = CliRun.run("lint", "--fail-on", "info", STACK.resolve("compose.yaml").toString());
        assertEquals(0, clean.code, clean.toString());
        assertEquals("no findings in " + STACK.resolve("compose.yaml") + " (2 file(s), 3 service(s), 1 nginx config(s))\n", clean.out);
    }

    @Test
    void aFolderAndSeveralFilesAreOneProjectAndProfilesAreHonoured() throws Exception {
        CliRun folder = CliRun.run("lint", dir.toString());
        assertEquals(1, folder.code, folder.toString());
        assertTrue(folder.out.contains("[compose/nginx-port-mismatch]"), folder.toString());
        // a second file (as docker compose -f compose.yaml -f debug.yaml) adds a database of the debug profile, published everywhere
        Path debug = Files.writeString(dir.resolve("debug.yaml"), "services:\n  adminer:\n    image: mysql:8\n    profiles: [debug]\n"
                + "    ports: [\"3306:3306\"]\n");
        String both = compose() + java.io.File.pathSeparator + debug;
        assertFalse(CliRun.run("lint", both).out.contains("database-port-public"));
        CliRun on = CliRun.run("lint", "--profile", "debug", both);
        assertTrue(on.out.contains(debug + ":5:13: warning: adminer, a database (mysql:8), publishes its port 3306 on port 3306 of every interface"), on.toString());
        assertTrue(CliRun.run(Map.of("COMPOSE_PROFILES", "debug"), "lint", both).out.contains("[compose/database-port-public]"));
    }

    @Test
    void jsonHasTheRelatedPlaces() throws Exception {
        CliRun r = CliRun.run("lint", "-o", "json", compose().toString());
        assertEquals(1, r.code, r.toString());
        JsonNode root = JSON.readTree(r.out);
        assertEquals(LintReport.SCHEMA, root.get("$schema").asText());
        assertEquals("compose", root.get("source").asText());
        assertEquals(compose().toString(), root.get("config").asText());
        assertEquals(List.of(compose().toString(), nginx()), JSON.convertValue(root.get("files"), List.class));
        JsonNode f = root.get("findings").get(1);
        assertEquals("compose/nginx-port-mismatch", f.get("ruleId").asText());
        assertEquals(nginx(), f.get("file").asText());
        assertEquals(2, f.get("line").asInt());
        assertEquals(compose().toString(), f.get("related").get(0).get("file").asText());
        assertEquals(16, f.get("related").get(0).get("line").asInt());
        assertEquals(9, f.get("related").get(0).get("column").asInt());
        assertEquals(3, root.get("services").size());
        assertEquals("proxy", root.get("nginx").get(0).get("service").asText());
        assertFalse(r.out.contains(PASSWORD), r.out);
    }

    @Test
    void sarifHasComposeRulesAndRelatedLocations() throws Exception {
        CliRun r = CliRun.run("lint", "-o", "sarif", "--sarif-root", dir.toString(), compose().toString());
        assertEquals(1, r.code, r.toString());
        JsonNode run = JSON.readTree(r.out).get("runs").get(0);
        assertEquals("https://readygate.dev/docs/compose", run.get("tool").get("driver").get("informationUri").asText());
        List<String> ids = new ArrayList<>();
        run.get("tool").get("driver").get("rules").forEach(rule -> ids.add(rule.get("id").asText()));
        assertEquals(Linter.compose().rules().stream().map(Rule::id).toList(), ids);
        JsonNode result = run.get("results").get(1);
        assertEquals("compose/nginx-port-mismatch", result.get("ruleId").asText());
        assertEquals(ids.indexOf("compose/nginx-port-mismatch"), result.get("ruleIndex").asInt());
        assertEquals("error", result.get("level").asText());
        JsonNode at = result.get("locations").get(0).get("physicalLocation");
        assertEquals("nginx/default.conf", at.get("artifactLocation").get("uri").asText());
        assertEquals("%SRCROOT%", at.get("artifactLocation").get("uriBaseId").asText());
        assertEquals(2, at.get("region").get("startLine").asInt());
        JsonNode related = result.get("relatedLocations").get(0);
        assertEquals(1, related.get("id").asInt());
        assertEquals("compose.yaml", related.get("physicalLocation").get("artifactLocation").get("uri").asText());
        assertEquals(16, related.get("physicalLocation").get("region").get("startLine").asInt());
        assertEquals(9, related.get("physicalLocation").get("region").get("startColumn").asInt());
        assertFalse(r.out.contains(PASSWORD), r.out);
    }

    @Test
    void githubAnnotationsAndJunit() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", dir.toString());
        env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
        env.put("GITHUB_OUTPUT", dir.resolve("output.txt").toString());
        Path xml = dir.resolve("lint.xml");
        CliRun r = CliRun.run(env, "lint", "--junit", xml.toString(), compose().toString());
        assertEquals(1, r.code, r.toString());
        List<String> cmds = Stream.concat(r.out.lines(), r.err.lines()).filter(l -> l.startsWith("::")).toList();
        assertEquals(2, cmds.size(), r.toString());
        assertTrue(cmds.get(0).startsWith("::warning file=compose.yaml,line=22,col=7,title=readygate lint%3A compose/localhost-to-service::"), cmds.get(0));
        assertTrue(cmds.get(1).startsWith("::error file=nginx/default.conf,line=2,col=5,title=readygate lint%3A compose/nginx-port-mismatch::"
                + "backend listens on 8000 (expose at compose.yaml:16:9), not 8001"), cmds.get(1));
        assertEquals("ok=false\nfindings=2\nerrors=1\nwarnings=1\ninfo=0\n", Files.readString(dir.resolve("output.txt")));
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("| error | compose/nginx-port-mismatch | nginx/default.conf:2:5 (and compose.yaml:16:9) |"), summary);
        Document doc = JunitSchema.validate(Files.readString(xml));
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("error", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("see also: " + compose() + ":16:9"), failure.getTextContent());
        assertEquals(Linter.compose().rules().size(), doc.getElementsByTagName("testcase").getLength(), "a case per finding, and per rule that found none");
        for (String out : List.of(r.out, r.err, summary, Files.readString(xml))) assertFalse(out.contains(PASSWORD), out);
        // --output github outside Actions: the text, then the commands
        CliRun g = CliRun.run("lint", "-o", "github", compose().toString());
        assertTrue(g.out.startsWith(compose() + ":22:7: warning: "), g.toString());
        assertEquals(1, g.out.lines().filter(l -> l.startsWith("::error file=")).count(), g.toString());
    }

    /** What a value holds is never printed, whatever the format; text output masks a password anyway (cli.RedactingStream). */
    @Test
    void secretsInTheEnvironmentAreNeverPrinted() throws Exception {
        for (String format : List.of("text", "json", "sarif", "github")) {
            CliRun r = CliRun.run("lint", "-o", format, "--fail-on", "none", compose().toString());
            assertEquals(0, r.code, r.toString());
            assertFalse((r.out + r.err).contains(PASSWORD), r.toString());
        }
        // a broken file whose error message would quote the password: it is masked at the output
        Files.writeString(compose(), "services:\n  web:\n    image: node\n    environment:\n      URL: ${DB_URL:?postgres://u:" + PASSWORD + "@db/x}\n");
        CliRun broken = CliRun.run("lint", compose().toString());
        assertEquals(3, broken.code, broken.toString());
        assertTrue(broken.err.startsWith("readygate: " + compose() + ":5:12: required variable DB_URL is not set: postgres://u:***@db/x"), broken.toString());
        assertFalse(broken.err.contains(PASSWORD), broken.toString());
    }

    @Test
    void aBrokenComposeFileIsOneLineAtItsPosition() throws Exception {
        Files.writeString(compose(), "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:0\"\n");
        CliRun r = CliRun.run("lint", compose().toString());
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + compose() + ":5:9: port '8080:0' in service 'web' is not valid; the container port '0' is not a port (1-65535)\n",
                r.err);
        assertEquals("", r.out);
        Files.writeString(compose(), "services:\n  web:\n    depends_on: [webb]\n");
        CliRun d = CliRun.run("lint", "-o", "sarif", compose().toString());
        assertEquals(3, d.code, d.toString());
        assertEquals("readygate: " + compose() + ":3:18: service 'web' depends on undefined service 'webb'; did you mean 'web'?\n", d.err);
        Files.writeString(compose(), "services:\n  web:\n    image: [nginx\n");
        CliRun y = CliRun.run("lint", compose().toString());
        assertEquals(3, y.code, y.toString());
        assertEquals(1, y.err.lines().count(), y.toString());
        assertTrue(y.err.startsWith("readygate: " + compose() + ":"), y.toString());
        assertFalse(y.err.contains("Exception") || y.err.contains("\tat "), y.toString());
    }

    @Test
    void aFolderWithoutAComposeFileIsSaidToBeOne() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.run("lint", empty.toString());
        assertEquals(3, r.code, r.toString());
        assertEquals("readygate: " + empty + ": a folder without a Compose file (compose.yaml, compose.yml, docker-compose.yml,"
                + " docker-compose.yaml) or Kubernetes manifests; lint reads an nginx config, a Compose file, Kubernetes manifests,"
                + " or a folder holding them\n", r.err);
        CliRun missing = CliRun.run("lint", dir.resolve("nope/compose.yaml").toString());
        assertEquals(3, missing.code, missing.toString());
        assertEquals("readygate: " + dir.resolve("nope/compose.yaml") + ": no such file; check the path\n", missing.err);
    }

    @Test
    void helpSaysItReadsComposeFiles() {
        CliRun help = CliRun.run("lint", "--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("Compose projects"), help.out);
        assertTrue(help.out.contains("--profile"), help.out);
        assertTrue(help.out.contains("docs/compose.md"), help.out);
    }
}
