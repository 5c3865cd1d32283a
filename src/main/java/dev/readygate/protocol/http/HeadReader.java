package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the head of one HTTP/1.x response from a {@link Wire}: status line and headers under a
 * byte cap, 1xx responses skipped. What the server did wrong is raised as a {@link Failure}
 * (a TLS record where the status line should be is PLAIN_ON_TLS_PORT); socket errors pass through.
 */
final class HeadReader {
    private static final byte[] PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    /** One parsed response head. */
    record Head(int status, String reason, List<String[]> headers, int headerBytes) {
        /** All values of a header (case-insensitive name), in order. */
        List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) out.add(h[1]);
            return out;
        }

        String first(String name) {
            List<String> v = values(name);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    private final Wire wire;
    private final boolean plainHttp;
    private final int maxHeaderBytes;
    private int headerBytesTotal;

    HeadReader(Wire wire, boolean plainHttp, int maxHeaderBytes) {
        this.wire = wire;
        this.plainHttp = plainHttp;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Bytes of headers read so far (all blocks, for a failure that stops mid-way). */
    int headerBytesSoFar() {
        return headerBytesTotal;
    }

    /** The final (non-1xx) response head. */
    Head read() throws IOException, Failure {
        while (true) {
            Head h = readOneHead();
            if (h.status >= 200 || h.status == 101) return h;
        }
    }

    private Head readOneHead() throws IOException, Failure {
        int start = headerBytesTotal;
        String statusLine = readStatusLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = "";
        if (statusLine.length() > 12) {
            if (statusLine.charAt(12) != ' ') throw notHttp(statusLine.getBytes(StandardCharsets.ISO_8859_1), statusLine.length());
            reason = statusLine.substring(13).trim();
        }
        List<String[]> headers = readHeaderLines();
        return new Head(status, reason, headers, headerBytesTotal - start);
    }

    /** The status line; its prefix "HTTP/1.x NNN" is checked byte by byte so garbage is reported at once. */
    private String readStatusLine() throws IOException, Failure {
        byte[] first = new byte[16];
        int n = 0;
        while (n < 12) {
            int b = headerByte();
            if (b < 0) throw eofInHead();
            first[n++] = (byte) b;
            if (!prefixOk(first, n)) throw notHttp(first, n);
        }
        StringBuilder line = new StringBuilder(64);
        line.append(new String(first, 0, n, StandardCharsets.ISO_8859_1));
        readLineRest(line);
        return line.toString();
    }

    /** Header lines up to the empty line; an obsolete folded line continues the previous header. */
    private List<String[]> readHeaderLines() throws IOException, Failure {
        List<String[]> headers = new ArrayList<>();
        while (true) {
            StringBuilder hl = new StringBuilder();
            readLineRest(hl);
            if (hl.length() == 0) return headers;
            String s = hl.toString();
            char c0 = s.charAt(0);
            if ((c0 == ' ' || c0 == '\t') && !headers.isEmpty()) {
                String[] last = headers.get(headers.size() - 1);
                last[1] = (last[1] + " " + s.trim()).trim();
                continue;
            }
            int colon = s.indexOf(':');
            if (colon <= 0 || !isToken(s, colon))
                throw new Failure(Cause.PROTOCOL_ERROR, "malformed response header line '" + Text.excerpt(s, 80) + "'");
            headers.add(new String[] {s.substring(0, colon), s.substring(colon + 1).trim()});
        }
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static boolean prefixOk(byte[] b, int n) {
        int i = n - 1;
        int c = b[i] & 0xff;
        if (i < 7) return c == PREFIX[i];
        if (i == 7) return c >= '0' && c <= '9';
        if (i == 8) return c == ' ';
        return c >= '0' && c <= '9';
    }

    private Failure notHttp(byte[] got, int n) {
        byte[] more = wire.peekBuffered(64);
        byte[] all = new byte[Math.min(n, 64) + more.length];
        System.arraycopy(got, 0, all, 0, Math.min(n, 64));
        System.arraycopy(more, 0, all, Math.min(n, 64), more.length);
        if (plainHttp && all.length >= 2 && ((all[0] & 0xff) == 0x15 || (all[0] & 0xff) == 0x16) && all[1] == 0x03)
            return new Failure(Cause.PLAIN_ON_TLS_PORT, "the server answered plain HTTP with a TLS record (first bytes '" + Text.bytes(all, all.length, 60) + "')");
        return new Failure(Cause.PROTOCOL_ERROR, "the response is not HTTP/1.x: first bytes '" + Text.bytes(all, all.length, 120) + "'");
    }

    private Failure eofInHead() {
        if (wire.received() == 0) return new Failure(Cause.EMPTY_RESPONSE, "closed the connection without sending a byte");
        return new Failure(Cause.PREMATURE_CLOSE, "closed the connection after " + wire.received() + " bytes, before the response headers were complete");
    }

    private int headerByte() throws IOException, Failure {
        if (headerBytesTotal >= maxHeaderBytes)
            throw new Failure(Cause.HEADERS_TOO_LARGE, "the response headers exceed " + maxHeaderBytes + " bytes (read " + headerBytesTotal
                    + " bytes without reaching their end)");
        int b = wire.read();
        if (b >= 0) headerBytesTotal++;
        return b;
    }

    /** Appends the rest of a header line (without CR LF) to sb. */
    private void readLineRest(StringBuilder sb) throws IOException, Failure {
        while (true) {
            int b = headerByte();
            if (b < 0) throw eofInHead();
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return;
            }
            sb.append((char) b);
        }
    }
}
