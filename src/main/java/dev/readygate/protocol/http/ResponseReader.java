package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response from a {@link Wire}: status line and headers under a byte cap,
 * 1xx responses skipped, then the body (Content-Length, strict chunked, or until close) up to a
 * cap. What the server did wrong is raised as a {@link Failure}; socket errors pass through.
 */
final class ResponseReader {
    private static final byte[] PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CHUNK_LINE = 4096;

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
    private final int maxBodyBytes;
    private int headerBytesTotal;

    ResponseReader(Wire wire, boolean plainHttp, int maxHeaderBytes, int maxBodyBytes) {
        this.wire = wire;
        this.plainHttp = plainHttp;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Bytes of headers read so far (all blocks, for a failure that stops mid-way). */
    int headerBytesSoFar() {
        return headerBytesTotal;
    }

    /** The final (non-1xx) response head. */
    Head readHead() throws IOException, Failure {
        while (true) {
            Head h = readOneHead();
            if (h.status >= 200 || h.status == 101) return h;
        }
    }

    private Head readOneHead() throws IOException, Failure {
        int start = headerBytesTotal;
        byte[] first = new byte[16];
        int n = 0;
        // status line prefix "HTTP/1.x NNN", checked byte by byte so garbage is reported at once
        while (n < 12) {
            int b = headerByte();
            if (b < 0) throw eofInHead();
            first[n++] = (byte) b;
            if (!prefixOk(first, n)) throw notHttp(first, n);
        }
        StringBuilder line = new StringBuilder(64);
        line.append(new String(first, 0, n, StandardCharsets.ISO_8859_1));
        readLineRest(line);
        String statusLine = line.toString();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = "";
        if (statusLine.length() > 12) {
            if (statusLine.charAt(12) != ' ') throw notHttp(statusLine.getBytes(StandardCharsets.ISO_8859_1), statusLine.length());
            reason = statusLine.substring(13).trim();
        }
        List<String[]> headers = new ArrayList<>();
        while (true) {
            StringBuilder hl = new StringBuilder();
            readLineRest(hl);
            if (hl.length() == 0) break;
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
        return new Head(status, reason, headers, headerBytesTotal - start);
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

    /** The body as read, and whether it was cut at the cap. */
    record Body(byte[] bytes, boolean truncated) {
    }

    /** Reads the body the head announces (none for HEAD, 1xx, 204 and 304). */
    Body readBody(Head head, boolean headRequest) throws IOException, Failure {
        if (headRequest || head.status() < 200 || head.status() == 204 || head.status() == 304) return new Body(new byte[0], false);
        String te = String.join(",", head.values("Transfer-Encoding")).toLowerCase(Locale.ROOT).trim();
        if (!te.isEmpty()) {
            String[] codings = te.split(",");
            if (codings[codings.length - 1].trim().equals("chunked")) return chunked();
            return untilClose();
        }
        List<String> cls = head.values("Content-Length");
        if (!cls.isEmpty()) return fixed(contentLength(cls));
        return untilClose();
    }

    private static long contentLength(List<String> values) throws Failure {
        long found = -1;
        for (String v : values) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (!p.matches("[0-9]{1,18}"))
                    throw new Failure(Cause.PROTOCOL_ERROR, "invalid Content-Length '" + Text.excerpt(v, 40) + "'");
                long n = Long.parseLong(p);
                if (found >= 0 && n != found)
                    throw new Failure(Cause.PROTOCOL_ERROR, "conflicting Content-Length values " + Text.excerpt(String.join(", ", values), 80));
                found = n;
            }
        }
        return found;
    }

    private Body fixed(long length) throws IOException, Failure {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 8192));
        byte[] b = new byte[8192];
        long got = 0;
        while (got < length) {
            if (out.size() >= maxBodyBytes) return new Body(out.toByteArray(), true);
            int want = (int) Math.min(b.length, Math.min(length - got, maxBodyBytes - out.size()));
            int n = wire.read(b, 0, want);
            if (n < 0)
                throw new Failure(Cause.PREMATURE_CLOSE, "closed the connection after " + got + " of " + length + " body bytes (Content-Length)");
            out.write(b, 0, n);
            got += n;
        }
        return new Body(out.toByteArray(), false);
    }

    private Body untilClose() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        while (out.size() < maxBodyBytes) {
            int n = wire.read(b, 0, Math.min(b.length, maxBodyBytes - out.size()));
            if (n < 0) return new Body(out.toByteArray(), false);
            out.write(b, 0, n);
        }
        return new Body(out.toByteArray(), true);
    }

    private Body chunked() throws IOException, Failure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        while (true) {
            String line = chunkLine();
            int semi = line.indexOf(';');
            String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
            if (!size.matches("[0-9A-Fa-f]{1,15}")) throw malformedChunk("bad chunk size line '" + Text.excerpt(line, 60) + "'");
            long len = Long.parseLong(size, 16);
            if (len == 0) {
                // trailers, bounded like headers
                int trailerBytes = 0;
                while (true) {
                    String t = chunkLine();
                    trailerBytes += t.length() + 2;
                    if (t.isEmpty()) return new Body(out.toByteArray(), false);
                    if (trailerBytes > maxHeaderBytes) return new Body(out.toByteArray(), false);
                }
            }
            long left = len;
            while (left > 0) {
                if (out.size() >= maxBodyBytes) return new Body(out.toByteArray(), true);
                int n = wire.read(b, 0, (int) Math.min(b.length, Math.min(left, maxBodyBytes - out.size())));
                if (n < 0) throw eofInChunks(out.size());
                out.write(b, 0, n);
                left -= n;
            }
            int c = wire.read();
            if (c == '\r') c = wire.read();
            if (c < 0) throw eofInChunks(out.size());
            if (c != '\n') throw malformedChunk("missing CRLF after chunk data");
        }
    }

    private String chunkLine() throws IOException, Failure {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = wire.read();
            if (c < 0) throw eofInChunks(-1);
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            if (sb.length() >= MAX_CHUNK_LINE) throw malformedChunk("chunk line longer than " + MAX_CHUNK_LINE + " bytes");
            sb.append((char) c);
        }
    }

    private static Failure malformedChunk(String detail) {
        return new Failure(Cause.PROTOCOL_ERROR, "malformed chunked encoding: " + detail);
    }

    private Failure eofInChunks(int bodyBytes) {
        return new Failure(Cause.PREMATURE_CLOSE, "closed the connection inside the chunked body" + (bodyBytes >= 0 ? " after " + bodyBytes + " body bytes" : ""));
    }
}
