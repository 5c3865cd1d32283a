package dev.readygate.protocol.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import dev.readygate.protocol.http.HttpSpec.JsonPointerExpect;

import java.io.IOException;

/** Checks a JSON Pointer against a body by streaming it with jackson-core (no tree is built). */
final class JsonCheck {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonCheck() {
    }

    /** null when the value at the pointer equals the expected text; otherwise what is wrong, in words. */
    static String check(byte[] body, JsonPointerExpect expect) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank())
            return "is empty, not JSON (expected " + expect + ")";
        String where = expect.pointer().isEmpty() ? "the document" : expect.pointer();
        JsonPointer ptr;
        try {
            ptr = JsonPointer.compile(expect.pointer());
        } catch (IllegalArgumentException e) {
            return "cannot be checked: invalid JSON pointer '" + expect.pointer() + "'";
        }
        try (JsonParser base = FACTORY.createParser(body);
             JsonParser p = new FilteringParserDelegate(base, new JsonPointerBasedFilter(ptr), TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                // no match: distinguish "not JSON" from "pointer absent" by reading the rest
                while (base.nextToken() != null) {
                    // drain to surface syntax errors
                }
                return "is JSON but has no value at " + where + " (expected " + expect + ")";
            }
            String actual;
            switch (t) {
                case VALUE_STRING -> actual = p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> actual = p.getText();
                case VALUE_TRUE -> actual = "true";
                case VALUE_FALSE -> actual = "false";
                case VALUE_NULL -> actual = "null";
                case START_OBJECT -> {
                    return "has an object at " + where + ", not a value (expected " + expect + ")";
                }
                case START_ARRAY -> {
                    return "has an array at " + where + ", not a value (expected " + expect + ")";
                }
                default -> {
                    return "has no value at " + where + " (expected " + expect + ")";
                }
            }
            if (expect.expected().equals(actual)) return null;
            String shown = t == JsonToken.VALUE_STRING ? "\"" + Text.excerpt(actual, 80) + "\"" : Text.excerpt(actual, 80);
            return "has " + where + " = " + shown + " (expected " + expect + ")";
        } catch (IOException | RuntimeException e) {
            return "is not JSON (expected " + expect + "): " + Text.excerpt(firstLine(e.getMessage()), 100);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
