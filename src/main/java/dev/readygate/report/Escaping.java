package dev.readygate.report;

import dev.readygate.model.Redact;

import java.util.function.IntFunction;

/** Text from a target or a file made safe for one output format: redacted first, then escaped code point by code point. */
final class Escaping {
    private Escaping() {
    }

    /**
     * @param replace what a code point becomes in the format, or null to keep it (a lone surrogate is passed as
     *                the code point of its char)
     */
    static String escape(String s, IntFunction<String> replace) {
        if (s == null) return "";
        String r = Redact.text(s);
        StringBuilder b = new StringBuilder(r.length() + 16);
        for (int i = 0; i < r.length(); ) {
            int cp = r.codePointAt(i);
            String piece = replace.apply(cp);
            if (piece == null) b.appendCodePoint(cp);
            else b.append(piece);
            i += Character.charCount(cp);
        }
        return b.toString();
    }
}
