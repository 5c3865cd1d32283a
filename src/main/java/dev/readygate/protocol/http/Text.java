package dev.readygate.protocol.http;

import dev.readygate.base.OneLine;
import dev.readygate.model.Redact;

/** Printable, bounded excerpts of what a server sent. */
final class Text {
    private Text() {
    }

    /** Escapes control characters (\n, \r, \t, \xNN, \\uNNNN), keeps at most max output characters, redacts URL secrets. */
    static String excerpt(String s, int max) {
        if (s == null) return "";
        // redact first (on a window a little longer than what can be shown), then escape and cut
        s = Redact.text(s.length() > max * 4L + 64 ? s.substring(0, max * 4 + 64) : s);
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        boolean cut = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String piece = OneLine.escape(c, true);
            if (piece == null) piece = String.valueOf(c);
            if (sb.length() + piece.length() > max) {
                cut = true;
                break;
            }
            sb.append(piece);
        }
        return cut ? sb + "..." : sb.toString();
    }

    /** Bytes read as ISO-8859-1, escaped like {@link #excerpt}. */
    static String bytes(byte[] b, int len, int max) {
        return excerpt(new String(b, 0, Math.min(len, b.length), java.nio.charset.StandardCharsets.ISO_8859_1), max);
    }
}
