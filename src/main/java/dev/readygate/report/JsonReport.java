package dev.readygate.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.readygate.base.Version;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.report.Verdict;
import dev.readygate.gate.GateResult;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;
import dev.readygate.wait.History;
import dev.readygate.wait.WaitOutcome;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The JSON report, schema "readygate/report" version 1 (docs/json-schema.md). */
public final class JsonReport {
    public static final String SCHEMA = "https://readygate.dev/schema/report/v1";
    public static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    /** The report as text (tests, small runs); {@link #write} streams it. */
    public static String render(GateResult result, int exitCode) {
        return Json.render(body(result, exitCode));
    }

    /** Streams the report to {@code out} (flushed, not closed). */
    public static void write(java.io.OutputStream out, GateResult result, int exitCode) throws IOException {
        Json.write(out, body(result, exitCode));
    }

    private static Json.Body body(GateResult result, int exitCode) {
        return g -> {
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("readygate", Version.VERSION);
            g.writeBooleanField("ready", result.ready());
            g.writeStringField("reason", result.reason());
            g.writeNumberField("exitCode", exitCode);
            g.writeStringField("startedAt", result.startedAt().toString());
            g.writeNumberField("elapsedMs", result.elapsedMs());
            if (result.timeout() == null) g.writeNullField("timeoutMs");
            else g.writeNumberField("timeoutMs", result.timeout().toMillis());
            g.writeArrayFieldStart("targets");
            for (WaitOutcome o : result.outcomes()) writeTarget(g, o);
            g.writeEndArray();
            g.writeEndObject();
        };
    }

    private static void writeTarget(JsonGenerator g, WaitOutcome o) throws IOException {
        Target t = o.planned().target();
        g.writeStartObject();
        g.writeStringField("name", Redact.text(t.name()));
        g.writeStringField("url", t.display());
        g.writeStringField("scheme", t.scheme());
        g.writeStringField("origin", t.origin().toString());
        g.writeBooleanField("ready", o.ready());
        g.writeStringField("stop", o.stop().code());
        g.writeNumberField("attempts", o.attempts());
        g.writeNumberField("waitedMs", o.waitedMs());
        if (o.readyAt() == null) g.writeNullField("readyAt");
        else g.writeStringField("readyAt", o.readyAt().toString());
        if (o.ready() && !o.evidence().isEmpty()) {
            g.writeFieldName("evidence");
            writeValue(g, o.evidence());
        }
        String conclusion = Verdict.conclude(o);
        if (conclusion == null) g.writeNullField("conclusion");
        else g.writeStringField("conclusion", Redact.text(conclusion));
        g.writeFieldName("lastDiagnosis");
        if (o.last() == null) g.writeNull();
        else writeDiagnosis(g, o.last());
        g.writeArrayFieldStart("history");
        for (History.Entry e : o.history()) {
            g.writeStartObject();
            g.writeStringField("cause", e.last().cause().name());
            g.writeStringField("phase", e.last().phase().code());
            if (!e.last().variant().isEmpty()) g.writeStringField("variant", e.last().variant());
            g.writeStringField("message", Redact.text(e.last().message()));
            g.writeNumberField("count", e.count());
            g.writeNumberField("firstSeenMs", e.firstSeenMs());
            g.writeNumberField("lastSeenMs", e.lastSeenMs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("warnings");
        for (Diagnosis w : o.warnings()) writeDiagnosis(g, w);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeDiagnosis(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeStartObject();
        g.writeStringField("cause", d.cause().name());
        g.writeStringField("phase", d.phase().code());
        if (!d.variant().isEmpty()) g.writeStringField("variant", d.variant());
        g.writeBooleanField("permanent", d.permanent());
        g.writeStringField("message", Redact.text(d.message()));
        g.writeStringField("hint", Redact.text(d.hint()));
        g.writeFieldName("evidence");
        writeValue(g, d.evidence());
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) writeValue(g, x);
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(Redact.text(v.toString()));
        }
    }
}
