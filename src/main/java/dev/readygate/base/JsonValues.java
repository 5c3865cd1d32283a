package dev.readygate.base;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text another program printed (docker compose's {@code ps} and {@code config}), read into plain values with
 * jackson-core's streaming parser: objects become {@code Map<String, Object>} (in order), arrays {@code List<Object>},
 * strings, {@code Long}/{@code Double}, {@code Boolean} and null. One value, or several in a row (JSON Lines). Nesting is
 * bounded ({@value #MAX_DEPTH}); the caller bounds the text's size.
 */
public final class JsonValues {
    static final int MAX_DEPTH = 64;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();

    private JsonValues() {
    }

    /** JSON that is not well-formed: one line saying where. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        public JsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** Every top-level value of the text, in order (one for a JSON document, one per line for JSON Lines). */
    public static List<Object> all(String text) throws JsonException {
        List<Object> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) out.add(value(p, t));
        } catch (IOException | RuntimeException e) {
            throw new JsonException("not JSON: " + OneLine.collapse(firstLine(e.getMessage())));
        }
        return out;
    }

    /** The one value of the text. */
    public static Object one(String text) throws JsonException {
        List<Object> all = all(text);
        if (all.size() != 1) throw new JsonException(all.isEmpty() ? "no JSON value (empty output)" : "several JSON values where one was expected");
        return all.get(0);
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) l.add(value(p, v));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getText() : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** The value as a map, or an empty one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The value as a list, or an empty one. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The value as text (a number as written), or the fallback for null, a map or a list. */
    public static String text(Object v, String fallback) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : fallback;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
