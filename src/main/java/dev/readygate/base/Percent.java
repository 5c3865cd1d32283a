package dev.readygate.base;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of one URI component (RFC 3986: a '+' is a plus, not a space), written once. */
public final class Percent {
    private Percent() {
    }

    /** @throws IllegalArgumentException at a broken %-escape */
    public static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** As {@link #decode}, but the text as written when an escape is broken. */
    public static String decodeOrAsIs(String raw) {
        try {
            return decode(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
