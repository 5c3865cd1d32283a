package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the body of one HTTP/1.x response from a {@link Wire}, framed as its head says
 * (Content-Length, strict chunked, or until close), up to a cap. What the server did wrong is
 * raised as a {@link Failure}; socket errors pass through.
 */
final class BodyReader {
    private static final int MAX_CHUNK_LINE = 4096;

    private final Wire wire;
    /** Caps the trailers of a chunked body, like the headers. */
    private final int maxHeaderBytes;
    private final int maxBodyBytes;

    BodyReader(Wire wire, int maxHeaderBytes, int maxBodyBytes) {
        this.wire = wire;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The body as read, and whether it was cut at the cap. */
    record Body(byte[] bytes, boolean truncated) {
    }

    /** Reads the body the head announces (none for HEAD, 1xx, 204 and 304). */
    Body read(HeadReader.Head head, boolean headRequest) throws IOException, Failure {
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
            long len = chunkSize(chunkLine());
            if (len == 0) {
                skipTrailers();
                return new Body(out.toByteArray(), false);
            }
            if (!chunkData(out, b, len)) return new Body(out.toByteArray(), true);
            int c = wire.read();
            if (c == '\r') c = wire.read();
            if (c < 0) throw eofInChunks(out.size());
            if (c != '\n') throw malformedChunk("missing CRLF after chunk data");
        }
    }

    private static long chunkSize(String line) throws Failure {
        int semi = line.indexOf(';');
        String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
        if (!size.matches("[0-9A-Fa-f]{1,15}")) throw malformedChunk("bad chunk size line '" + Text.excerpt(line, 60) + "'");
        return Long.parseLong(size, 16);
    }

    /** Appends len bytes of chunk data to out; false when the body cap cut them short. */
    private boolean chunkData(ByteArrayOutputStream out, byte[] b, long len) throws IOException, Failure {
        long left = len;
        while (left > 0) {
            if (out.size() >= maxBodyBytes) return false;
            int n = wire.read(b, 0, (int) Math.min(b.length, Math.min(left, maxBodyBytes - out.size())));
            if (n < 0) throw eofInChunks(out.size());
            out.write(b, 0, n);
            left -= n;
        }
        return true;
    }

    /** Reads the trailers after the last chunk, bounded like headers. */
    private void skipTrailers() throws IOException, Failure {
        int trailerBytes = 0;
        while (true) {
            String t = chunkLine();
            trailerBytes += t.length() + 2;
            if (t.isEmpty() || trailerBytes > maxHeaderBytes) return;
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
