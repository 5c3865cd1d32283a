package dev.readygate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.readygate.Version;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.source.nginx.Budgets;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.verify.NginxVerify;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The output of {@code readygate verify}: one row per upstream address (fields in docs/nginx.md). */
public final class VerifyReport {
    public static final String SCHEMA = "https://readygate.dev/schema/verify/v1";
    private static final JsonFactory FACTORY = new JsonFactory();

    private VerifyReport() {
    }

    /** "server example.com location /api/" or "server _" or "stream server". */
    public static String location(NginxFacts.Pass p) {
        StringBuilder sb = new StringBuilder();
        if (p.server() != null) {
            sb.append("server ").append(p.server().serverNames().isEmpty() ? String.join(",", p.server().listen()) : String.join(",", p.server().serverNames()));
        }
        if (p.location() != null) sb.append(sb.length() > 0 ? " " : "").append("location ").append(p.location().match());
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static String upstream(NginxVerify.Check c) {
        if (c.server() != null) return "upstream " + c.pass().upstream().name() + " server " + c.server().address() + " (" + c.server().origin() + ")";
        if (c.host() == null) return c.pass().argument();
        return (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + c.port();
    }

    public static String text(NginxVerify.Report report) {
        StringBuilder sb = new StringBuilder();
        int ok = 0, bad = 0, skipped = 0;
        for (NginxVerify.Row r : report.rows()) {
            NginxVerify.Check c = r.check();
            NginxFacts.Pass p = c.pass();
            sb.append(location(p)).append(" (").append(p.origin()).append(": ").append(p.directive()).append(' ').append(p.argument()).append(")\n");
            sb.append("  -> ").append(upstream(c)).append(c.path() != null ? " path " + c.path() : "").append('\n');
            switch (r.result()) {
                case OK -> {
                    ok++;
                    sb.append("  ok");
                    Object status = r.outcome() == null ? null : r.outcome().evidence().get("status");
                    if (status != null) sb.append(" (status ").append(status).append(')');
                    sb.append('\n');
                }
                case UNKNOWN -> {
                    bad++;
                    sb.append("  unknown: no attempt finished before the deadline (raise --timeout)\n");
                }
                case SKIPPED -> {
                    skipped++;
                    sb.append("  skipped: ").append(c.skipped()).append('\n');
                }
                default -> {
                    bad++;
                    Diagnosis d = r.diagnosis();
                    sb.append("  ").append(r.result().code()).append(' ').append(d.cause().name()).append(": ").append(d.message()).append('\n');
                    sb.append("  hint: ").append(d.hint()).append('\n');
                }
            }
            if (c.note() != null) sb.append("  note: ").append(c.note()).append('\n');
        }
        sb.append(bad == 0 ? "verify: every upstream answers as the config expects" : "verify: " + bad + " upstream address(es) would make nginx answer 502/504 (or could not be checked)")
                .append(" (").append(ok).append(" ok, ").append(bad).append(" failing, ").append(skipped).append(" skipped)\n");
        return sb.toString();
    }

    public static String json(NginxFacts facts, NginxVerify.Report report, int exitCode) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("readygate", Version.VERSION);
            g.writeStringField("config", facts.main());
            g.writeNumberField("exitCode", exitCode);
            g.writeBooleanField("ok", !report.anyFailure());
            g.writeNumberField("elapsedMs", report.gate().elapsedMs());
            g.writeArrayFieldStart("upstreams");
            for (NginxVerify.Row r : report.rows()) row(g, r);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    private static void row(JsonGenerator g, NginxVerify.Row r) throws IOException {
        NginxVerify.Check c = r.check();
        NginxFacts.Pass p = c.pass();
        g.writeStartObject();
        g.writeStringField("location", location(p));
        if (p.location() != null) g.writeStringField("locationOrigin", p.location().origin().toString());
        else g.writeNullField("locationOrigin");
        g.writeStringField("directive", p.directive());
        g.writeStringField("argument", p.argument());
        g.writeStringField("origin", p.origin().toString());
        if (p.upstream() != null) g.writeStringField("upstream", p.upstream().name());
        else g.writeNullField("upstream");
        if (c.server() != null) g.writeStringField("serverOrigin", c.server().origin().toString());
        else g.writeNullField("serverOrigin");
        if (c.host() != null) g.writeStringField("address", (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + (c.port() > 0 ? ":" + c.port() : ""));
        else g.writeNullField("address");
        if (c.target() != null) g.writeStringField("url", c.target().display());
        else g.writeNullField("url");
        g.writeStringField("result", r.result().code());
        Diagnosis d = r.diagnosis();
        if (d != null) {
            g.writeStringField("cause", d.cause().name());
            g.writeStringField("message", d.message());
            g.writeStringField("hint", d.hint());
        } else {
            g.writeNullField("cause");
            g.writeNullField("message");
            g.writeNullField("hint");
        }
        if (r.outcome() != null && r.outcome().evidence().get("status") instanceof Number n) g.writeNumberField("status", n.intValue());
        if (c.skipped() != null) g.writeStringField("skipped", c.skipped());
        if (c.note() != null) g.writeStringField("note", c.note());
        Budgets b = p.budgets();
        g.writeObjectFieldStart("budgets");
        setting(g, "bufferSize", b.setting("buffer_size"));
        g.writeNumberField("bufferSizeBytes", b.bufferSize());
        setting(g, "readTimeout", b.readTimeoutSetting());
        g.writeNumberField("readTimeoutMs", b.readTimeout().toMillis());
        setting(g, "connectTimeout", b.setting("connect_timeout"));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void setting(JsonGenerator g, String name, Budgets.Setting s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("directive", s.directive());
        g.writeStringField("value", s.value());
        if (s.isDefault()) g.writeNullField("origin");
        else g.writeStringField("origin", s.origin().toString());
        g.writeEndObject();
    }
}
