package dev.readygate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Every JSON document readygate prints: pretty-printed by jackson-core's streaming generator, ending in a line break. */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the document's content. */
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /** Streams the document to {@code out} in UTF-8, ending in a line break; {@code out} is flushed, not closed. */
    public static void write(java.io.OutputStream out, Body body) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            body.write(g);
        }
        out.write(System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    public static String render(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w + System.lineSeparator();
    }
}
