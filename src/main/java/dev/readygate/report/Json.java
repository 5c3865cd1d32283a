package dev.readygate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.readygate.model.Redact;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Every JSON document readygate prints (wait --output json, --report FILE, verify, lint json and
 * SARIF, listeners): pretty-printed by jackson-core's streaming generator, ending in a line break.
 * Every string value passes through {@link Redact#text}: no report carries a password, a token
 * query value or a credential header, whichever field it is in.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the document's content. */
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /**
     * Streams the document to {@code out} in UTF-8, ending in a line break; {@code out} is flushed, not closed.
     * Nothing is held in memory: a report of ten thousand targets fits in a small heap.
     */
    public static void write(java.io.OutputStream out, Body body) throws IOException {
        try (JsonGenerator g = new Redacting(FACTORY.createGenerator(out))) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            body.write(g);
        }
        out.write(System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    public static String render(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new Redacting(FACTORY.createGenerator(w))) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w + System.lineSeparator();
    }

    /** Redacts every string value it writes (names of fields are readygate's own). */
    private static final class Redacting extends JsonGeneratorDelegate {
        Redacting(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            delegate.writeString(Redact.text(text));
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            writeString(new String(text, offset, len));
        }

        @Override
        public void writeStringField(String fieldName, String value) throws IOException {
            writeFieldName(fieldName);
            writeString(value);
        }
    }
}
