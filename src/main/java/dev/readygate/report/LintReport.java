package dev.readygate.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.readygate.base.Version;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Rule;
import dev.readygate.lint.Severity;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.Upstreams;
import dev.readygate.model.Origin;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lint findings as text, JSON ("readygate/lint" v1) or SARIF 2.1.0; secrets redacted (JSON through {@link Json}). */
public final class LintReport {
    public static final String SCHEMA = "https://readygate.dev/schema/lint/v1";
    public static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private LintReport() {
    }

    public static String text(NginxFacts facts, List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f).append(System.lineSeparator());
            b.append("  fix: ").append(f.fix()).append(System.lineSeparator());
        }
        b.append(tally(facts, findings));
        return Redact.text(b.append(System.lineSeparator()).toString()); // nginx arguments may hold ?access_token=, user:password@
    }

    /** The closing line: "2 finding(s): 1 error(s), 1 warning(s), 0 info (1 file(s), 3 pass(es), 2 target(s))". */
    public static String tally(NginxFacts facts, List<Finding> findings) {
        long e = count(findings, Severity.ERROR), w = count(findings, Severity.WARNING), i = count(findings, Severity.INFO);
        String facts1 = facts.files().size() + " file(s), " + facts.passes().size() + " pass(es), " + Upstreams.targets(facts).size() + " target(s)";
        if (findings.isEmpty()) return "no findings in " + facts.main() + " (" + facts1 + ")";
        return findings.size() + " finding(s): " + e + " error(s), " + w + " warning(s), " + i + " info (" + facts1 + ")";
    }

    static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    public static String json(NginxFacts facts, List<Finding> findings, String failOn, int exitCode) {
        return Json.render(jsonBody(facts, findings, failOn, exitCode));
    }

    /** {@link #json} streamed to {@code out}: the report of a config with 50,000 passes is larger than a small heap. */
    public static void json(java.io.OutputStream out, NginxFacts facts, List<Finding> findings, String failOn, int exitCode)
            throws java.io.IOException {
        Json.write(out, jsonBody(facts, findings, failOn, exitCode));
    }

    private static Json.Body jsonBody(NginxFacts facts, List<Finding> findings, String failOn, int exitCode) {
        return g -> {
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeNumberField("schemaVersion", 1);
            g.writeStringField("readygate", Version.VERSION);
            g.writeStringField("config", facts.main());
            g.writeArrayFieldStart("files");
            for (String f : facts.files()) g.writeString(f);
            g.writeEndArray();
            g.writeStringField("failOn", failOn);
            g.writeNumberField("exitCode", exitCode);
            g.writeObjectFieldStart("summary");
            for (Severity s : Severity.values()) g.writeNumberField(s.code(), count(findings, s));
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("ruleId", f.ruleId());
                g.writeStringField("severity", f.severity().code());
                g.writeStringField("message", f.message());
                g.writeStringField("fix", f.fix());
                writeOrigin(g, f.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("targets");
            for (Target t : Upstreams.targets(facts)) {
                g.writeStartObject();
                g.writeStringField("url", t.display());
                writeOrigin(g, t.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("passes");
            for (NginxFacts.Pass p : facts.passes()) {
                g.writeStartObject();
                g.writeStringField("directive", p.directive());
                g.writeStringField("argument", p.argument());
                if (p.scheme() == null) g.writeNullField("scheme");
                else g.writeStringField("scheme", p.scheme());
                if (p.upstream() != null) g.writeStringField("upstream", p.upstream().name());
                else if (p.host() != null) g.writeStringField("host", p.host());
                if (p.port() > 0) g.writeNumberField("port", p.port());
                if (p.unixPath() != null) g.writeStringField("unix", p.unixPath());
                writeOrigin(g, p.origin());
                dev.readygate.source.nginx.Budgets b = p.budgets();
                g.writeObjectFieldStart("budgets");
                g.writeNumberField("connectTimeoutMs", b.connectTimeout().toMillis());
                g.writeNumberField("readTimeoutMs", b.readTimeout().toMillis());
                if (!b.stream()) {
                    g.writeNumberField("bufferSize", b.bufferSize());
                    g.writeStringField("buffers", b.buffersNumber() + " " + b.buffersSize());
                    g.writeBooleanField("sslVerify", b.sslVerify());
                    g.writeBooleanField("sslServerName", b.sslServerName());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("unverifiable");
            for (NginxFacts.Pass p : facts.unverifiable()) {
                g.writeStartObject();
                g.writeStringField("directive", p.directive());
                g.writeStringField("argument", p.argument());
                g.writeStringField("reason", p.unverifiable());
                writeOrigin(g, p.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        };
    }

    private static void writeOrigin(JsonGenerator g, Origin o) throws IOException {
        g.writeStringField("file", o.file());
        g.writeNumberField("line", o.line());
        g.writeNumberField("column", o.column());
    }

    /** The uriBaseId of paths relative to the repository root (the name GitHub code scanning and other SARIF tools use). */
    public static final String SRCROOT = "%SRCROOT%";

    /**
     * SARIF 2.1.0: one run, tool.driver with every rule, one result per finding. A file under {@code root} (the
     * repository root, {@link RepoPath#root}) is a relative URI with uriBaseId {@link #SRCROOT}, never with "../"; a
     * file outside it is an absolute file: URI.
     */
    public static String sarif(List<Rule> rules, List<Finding> findings, Path root) {
        return Json.render(g -> {
            g.writeStartObject();
            g.writeStringField("$schema", SARIF_SCHEMA);
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "readygate");
            g.writeStringField("version", Version.VERSION);
            g.writeStringField("informationUri", "https://readygate.dev/docs/nginx");
            g.writeArrayFieldStart("rules");
            for (Rule r : rules) {
                g.writeStartObject();
                g.writeStringField("id", r.id());
                g.writeObjectFieldStart("shortDescription");
                g.writeStringField("text", r.summary());
                g.writeEndObject();
                g.writeObjectFieldStart("help");
                g.writeStringField("text", r.fix());
                g.writeEndObject();
                g.writeObjectFieldStart("defaultConfiguration");
                g.writeStringField("level", r.severity().sarifLevel());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("originalUriBaseIds");
            g.writeObjectFieldStart(SRCROOT);
            g.writeStringField("uri", RepoPath.rootUri(root));
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("ruleId", f.ruleId());
                int index = indexOf(rules, f.ruleId());
                if (index >= 0) g.writeNumberField("ruleIndex", index);
                g.writeStringField("level", f.severity().sarifLevel());
                g.writeObjectFieldStart("message");
                g.writeStringField("text", f.message() + ". Fix: " + f.fix());
                g.writeEndObject();
                g.writeArrayFieldStart("locations");
                g.writeStartObject();
                g.writeObjectFieldStart("physicalLocation");
                g.writeObjectFieldStart("artifactLocation");
                String relative = RepoPath.under(root, f.origin().file());
                if (relative != null) {
                    g.writeStringField("uri", RepoPath.uriReference(relative));
                    g.writeStringField("uriBaseId", SRCROOT);
                } else {
                    g.writeStringField("uri", uri(f.origin().file()));
                }
                g.writeEndObject();
                g.writeObjectFieldStart("region");
                g.writeNumberField("startLine", Math.max(1, f.origin().line()));
                if (f.origin().column() > 0) g.writeNumberField("startColumn", f.origin().column());
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static int indexOf(List<Rule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) if (rules.get(i).id().equals(id)) return i;
        return -1;
    }

    /** A file outside the repository root: an absolute file: URI ("-", stdin without file names, stays as it is). */
    static String uri(String file) {
        if (file == null) return "";
        if (file.equals("-")) return file;
        try {
            return Path.of(file).toAbsolutePath().normalize().toUri().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return RepoPath.uriReference(file);
        }
    }
}
