package dev.readygate.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.readygate.base.HostPort;
import dev.readygate.base.Version;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Redact;
import dev.readygate.source.nginx.Budgets;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.verify.NginxVerify;

import java.io.IOException;

/** The output of {@code readygate verify}: one row per upstream address (fields in docs/nginx.md); secrets redacted (JSON through {@link Json}). */
public final class VerifyReport {
    public static final String SCHEMA = "https://readygate.dev/schema/verify/v1";

    private VerifyReport() {
    }

    /** "server example.com location /api/" or "server _" or "stream server". */
    public static String location(NginxFacts.Pass p) {
        StringBuilder sb = new StringBuilder();
        if (p.server() != null) {
            String names = p.server().serverNames().isEmpty() ? String.join(",", p.server().listen()) : String.join(",", p.server().serverNames());
            sb.append("server").append(names.isEmpty() ? "" : " " + names);
        }
        if (p.location() != null) sb.append(sb.length() > 0 ? " " : "").append("location ").append(p.location().match());
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /** The CAUSE column: "status 200" for an OK row, the cause (with the status of a relayed one), "-" when there is none. */
    static String cause(NginxVerify.Row r) {
        return switch (r.result()) {
            case OK -> {
                Object status = r.outcome() == null ? null : r.outcome().evidence().get("status");
                yield status != null ? "status " + status : "-";
            }
            case SKIPPED -> "-";
            case UNKNOWN -> r.diagnosis() == null ? "-" : r.diagnosis().cause().name();
            case RELAYED -> r.diagnosis().cause() == dev.readygate.diagnosis.Cause.HTTP_STATUS ? "HTTP_STATUS " + r.diagnosis().variant()
                    : r.diagnosis().cause().name();
            default -> r.diagnosis().cause().name();
        };
    }

    /** The PASS column: "nginx.conf:12:7 proxy_pass http://app". */
    static String pass(NginxFacts.Pass p) {
        return p.origin() + " " + p.directive() + " " + p.argument();
    }

    /** A row that makes verify fail: not OK and not skipped. */
    static boolean failing(NginxVerify.Row r) {
        return r.result() != NginxVerify.Result.OK && r.result() != NginxVerify.Result.SKIPPED;
    }

    static String upstream(NginxVerify.Check c) {
        if (c.server() != null) return c.pass().upstream().name() + " " + c.server().address() + " (" + c.server().origin() + ")";
        if (c.host() == null) return "-";
        return address(c);
    }

    /** host:port of the check ([v6]:port), the host alone when it has no port. */
    private static String address(NginxVerify.Check c) {
        return HostPort.format(c.host(), c.port() > 0 ? c.port() : HostPort.NO_PORT);
    }

    /**
     * A table, one row per upstream address: LOCATION, PASS (file:line and the directive),
     * UPSTREAM (block, server and its file:line), RESULT, CAUSE; the message, hint and note
     * indented under each row; a summary line last.
     */
    public static String text(NginxVerify.Report report) {
        if (report.rows().isEmpty()) return "verify: the config passes requests to no upstream (no proxy_pass, grpc_pass, fastcgi_pass, uwsgi_pass or scgi_pass): nothing to verify\n";
        String[] head = {"LOCATION", "PASS", "UPSTREAM", "RESULT", "CAUSE"};
        java.util.List<String[]> cells = new java.util.ArrayList<>();
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) width[i] = head[i].length();
        for (NginxVerify.Row r : report.rows()) {
            NginxVerify.Check c = r.check();
            NginxFacts.Pass p = c.pass();
            String[] row = {location(p), pass(p), upstream(c), r.result().code(), cause(r)};
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
            cells.add(row);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, head, width);
        for (int k = 0; k < cells.size(); k++) {
            NginxVerify.Row r = report.rows().get(k);
            NginxVerify.Check c = r.check();
            line(sb, cells.get(k), width);
            switch (r.result()) {
                case OK -> {
                }
                case SKIPPED -> sb.append("    skipped: ").append(c.skipped()).append('\n');
                case UNKNOWN -> {
                    if (r.diagnosis() == null) sb.append("    no attempt finished before the deadline (raise --timeout)\n");
                    else sb.append("    ").append(r.diagnosis().message()).append("\n    hint: ").append(r.diagnosis().hint()).append('\n');
                }
                default -> {
                    sb.append("    ").append(r.diagnosis().message()).append('\n');
                    sb.append("    hint: ").append(r.diagnosis().hint()).append('\n');
                }
            }
            if (c.target() != null && c.path() != null) sb.append("    probed: ").append(c.target().display()).append('\n');
            if (c.note() != null) sb.append("    note: ").append(c.note()).append('\n');
        }
        sb.append("verify: ").append(verdict(report)).append('\n');
        return Redact.text(sb.toString()); // nginx facts may hold user:password@ and ?token=
    }

    /** The closing sentence: "every upstream answers as the config expects (2 ok, 0 failing, 1 skipped)". */
    public static String verdict(NginxVerify.Report report) {
        long ok = report.rows().stream().filter(r -> r.result() == NginxVerify.Result.OK).count();
        long bad = report.rows().stream().filter(VerifyReport::failing).count();
        long skipped = report.rows().size() - ok - bad;
        return (bad == 0 && ok == 0 ? "nothing could be probed"
                : bad == 0 ? "every upstream answers as the config expects"
                : bad + " upstream address(es) would fail requests through nginx (502, 504, invalid, relayed error) or could not be checked")
                + " (" + ok + " ok, " + bad + " failing, " + skipped + " skipped)";
    }

    private static void line(StringBuilder sb, String[] row, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            l.append(row[i]);
            if (i < row.length - 1) l.append(" ".repeat(width[i] - row[i].length() + 2));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    public static String json(NginxFacts facts, NginxVerify.Report report, int exitCode) {
        return Json.render(g -> {
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
        });
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
        if (c.host() != null) g.writeStringField("address", address(c));
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
        if (r.outcome() != null && r.outcome().evidence() != null && r.outcome().evidence().get("status") instanceof Number n)
            g.writeNumberField("status", n.intValue());
        else if (r.result() == NginxVerify.Result.RELAYED && d != null && d.evidence().get("status") instanceof Number n)
            g.writeNumberField("status", n.intValue());
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
