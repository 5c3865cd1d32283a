package dev.readygate.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.readygate.base.Version;
import dev.readygate.lint.Finding;
import dev.readygate.lint.Linted;
import dev.readygate.lint.Rule;
import dev.readygate.lint.Severity;
import dev.readygate.source.compose.ComposeFacts;
import dev.readygate.source.compose.ComposeProject;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.Upstreams;
import dev.readygate.model.Origin;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lint findings of any source as text, JSON ("readygate/lint" v1) or SARIF 2.1.0; secrets redacted (JSON through {@link Json}). */
public final class LintReport {
    public static final String SCHEMA = "https://readygate.dev/schema/lint/v1";
    public static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private LintReport() {
    }

    /** One line per finding and its fix, then the closing line ({@link Linted#tally}); secrets masked. */
    public static String text(Linted linted) {
        StringBuilder b = new StringBuilder();
        for (Finding f : linted.findings()) {
            b.append(f).append(System.lineSeparator());
            b.append("  fix: ").append(f.fix()).append(System.lineSeparator());
        }
        b.append(linted.tally());
        return Redact.text(b.append(System.lineSeparator()).toString()); // nginx arguments may hold ?access_token=, user:password@
    }

    static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    public static String json(Linted linted, String failOn, int exitCode) {
        return Json.render(jsonBody(linted, failOn, exitCode));
    }

    /** {@link #json} streamed to {@code out}: the report of a config with 50,000 passes is larger than a small heap. */
    public static void json(java.io.OutputStream out, Linted linted, String failOn, int exitCode) throws java.io.IOException {
        Json.write(out, jsonBody(linted, failOn, exitCode));
    }

    /**
     * The findings (each with its related places, {@code related}: the other file:line a finding across files names),
     * then the facts of the source: nginx's targets, passes and unverifiable passes; Compose's services and nginx configs.
     */
    private static Json.Body jsonBody(Linted linted, String failOn, int exitCode) {
        List<Finding> findings = linted.findings();
        return g -> {
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeNumberField("schemaVersion", 1);
            g.writeStringField("readygate", Version.VERSION);
            g.writeStringField("source", linted.source());
            g.writeStringField("config", linted.main());
            g.writeArrayFieldStart("files");
            for (String f : linted.files()) g.writeString(f);
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
                g.writeArrayFieldStart("related");
                for (Origin o : f.related()) {
                    g.writeStartObject();
                    writeOrigin(g, o);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (linted.facts() instanceof NginxFacts facts) nginxFacts(g, facts);
            if (linted.facts() instanceof ComposeFacts facts) composeFacts(g, facts);
            g.writeEndObject();
        };
    }

    private static void composeFacts(JsonGenerator g, ComposeFacts facts) throws IOException {
        g.writeArrayFieldStart("services");
        for (ComposeProject.Service s : facts.project().services()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            if (s.image() != null) g.writeStringField("image", s.image().name());
            g.writeBooleanField("enabled", s.enabled(facts.profiles()));
            g.writeBooleanField("healthcheck", s.healthcheck() != null && !s.healthcheck().disabled());
            writeOrigin(g, s.origin());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("nginx");
        for (ComposeFacts.NginxConfig c : facts.nginx()) {
            g.writeStartObject();
            g.writeStringField("config", c.facts().main());
            g.writeStringField("service", c.service());
            g.writeNumberField("passes", c.facts().passes().size());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void nginxFacts(JsonGenerator g, NginxFacts facts) throws IOException {
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
    public static String sarif(Linted linted, Path root) {
        List<Rule<?>> rules = linted.rules();
        List<Finding> findings = linted.findings();
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
            g.writeStringField("informationUri", "https://readygate.dev/docs/" + linted.source());
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
                physicalLocation(g, f.origin(), root);
                g.writeEndObject();
                g.writeEndArray();
                if (!f.related().isEmpty()) {
                    g.writeArrayFieldStart("relatedLocations");
                    for (int i = 0; i < f.related().size(); i++) {
                        g.writeStartObject();
                        g.writeNumberField("id", i + 1);
                        physicalLocation(g, f.related().get(i), root);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A SARIF physicalLocation: the file relative to the root (uriBaseId %SRCROOT%) or an absolute file: URI, and the region. */
    private static void physicalLocation(JsonGenerator g, Origin o, Path root) throws IOException {
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        String relative = RepoPath.under(root, o.file());
        if (relative != null) {
            g.writeStringField("uri", RepoPath.uriReference(relative));
            g.writeStringField("uriBaseId", SRCROOT);
        } else {
            g.writeStringField("uri", uri(o.file()));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", Math.max(1, o.line()));
        if (o.column() > 0) g.writeNumberField("startColumn", o.column());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static int indexOf(List<Rule<?>> rules, String id) {
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
