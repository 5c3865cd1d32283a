package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.base.Defaults;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static dev.readygate.protocol.http.Http.assertNotReady;
import static dev.readygate.protocol.http.Http.assertReady;
import static dev.readygate.protocol.http.Http.expect;
import static org.junit.jupiter.api.Assertions.*;

class HttpProbeRawServerTest {
    RawServer server;

    @AfterEach
    void close() throws Exception {
        if (server != null) server.close();
    }

    String start(RawServer.Handler h) throws Exception {
        server = new RawServer(h);
        return "http://127.0.0.1:" + server.port() + "/health";
    }

    /** Answers the request with the given raw response, then closes. */
    String answering(String raw) throws Exception {
        return start((s, srv) -> {
            srv.readRequest(s);
            RawServer.write(s, raw);
        });
    }

    static Diagnosis failure(ProbeResult r) {
        assertNotReady(r);
        return r.diagnosis();
    }

    @Test
    void acceptReadAndCloseIsEmptyResponse() throws Exception {
        String url = start((s, srv) -> srv.readRequest(s));
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.EMPTY_RESPONSE, d.cause(), d.message());
        assertEquals(0L, d.evidence().get("bytesReceived"));
    }

    @Test
    void acceptThenResetIsConnectionReset() throws Exception {
        String url = start((s, srv) -> {
            srv.readRequest(s);
            s.setSoLinger(true, 0);
            s.close();
        });
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.CONNECTION_RESET, d.cause(), d.message());
        assertTrue(d.message().contains("before any response byte"), d.message());
    }

    @Test
    void partialHeadersThenCloseIsPrematureClose() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nContent-Ty");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PREMATURE_CLOSE, d.cause(), d.message());
        assertEquals(27L, d.evidence().get("bytesReceived"));
        assertTrue(d.message().contains("after 27 bytes"), d.message());
    }

    @Test
    void neverAnsweringIsReadTimeoutWithinBudget() throws Exception {
        String url = start((s, srv) -> {
            srv.readRequest(s);
            srv.awaitRelease(10_000);
        });
        long t0 = System.nanoTime();
        Diagnosis d = failure(expect().probe(url, Duration.ofMillis(500)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
        assertTrue(d.message().contains("a TCP check alone would call it ready"), d.message());
        assertTrue(took >= 450 && took < 800, "took " + took + " ms");
    }

    @Test
    void tricklingServerCannotStretchTheBudget() throws Exception {
        String url = start((s, srv) -> {
            srv.readRequest(s);
            RawServer.write(s, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 50 && !srv.awaitRelease(300); i++) RawServer.write(s, "X");
        });
        long t0 = System.nanoTime();
        Diagnosis d = failure(expect().probe(url, Duration.ofMillis(1000)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
        assertTrue(took < 1300, "took " + took + " ms");
        long rx = (Long) d.evidence().get("bytesReceived");
        assertTrue(rx >= 17 && rx < 30, "received " + rx);
        assertTrue(d.message().contains("sent only " + rx + " bytes"), d.message());
    }

    @Test
    void headersBeyondTheCapAreTooLarge() throws Exception {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; sb.length() < 70 * 1024; i++) sb.append("X-Filler-").append(i).append(": ").append("a".repeat(100)).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        String url = answering(sb.toString());
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.HEADERS_TOO_LARGE, d.cause(), d.message());
        assertEquals(Defaults.MAX_HEADER_READ_BYTES, d.evidence().get("headerBytes"));
        assertTrue(d.message().contains("exceed " + Defaults.MAX_HEADER_READ_BYTES + " bytes"), d.message());
    }

    /** --max-header-bytes N is a proxy buffer of N bytes: a head of exactly N fits, one byte more does not (no slack). */
    @Test
    void headersTooLargeIsExactlyOneBytePastTheLimit() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(900) + "\r\nContent-Length: 2\r\n\r\n";
        String url = answering(head + "ok");
        int n = head.length();
        assertReady(expect().budgets(new HttpSpec.Budgets(n, null, Duration.ofDays(7))).probe(url));
        Diagnosis d = failure(expect().budgets(new HttpSpec.Budgets(n - 1, null, Duration.ofDays(7))).probe(url));
        assertEquals(Cause.HEADERS_TOO_LARGE, d.cause(), d.message());
        assertEquals(n, d.evidence().get("headerBytes"));
        assertEquals(n - 1, d.evidence().get("maxHeaderBytes"));
    }

    @Test
    void aHugeStatusLineIsTooLargeNotABuffer() throws Exception {
        String url = answering("HTTP/1.1 200 " + "A".repeat(100_000));
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.HEADERS_TOO_LARGE, d.cause(), d.message());
    }

    @Test
    void headerBytesAreExactAndInformationalResponsesAreSkipped() throws Exception {
        String fin = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
        String url = answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + fin + "ok");
        ProbeResult r = expect().contains("ok").probe(url);
        assertReady(r);
        assertEquals(200, r.evidence().get("status"));
        assertEquals(fin.length(), r.evidence().get("headerBytes"));
        assertEquals(2, r.evidence().get("bodyBytes"));
        String req = server.requests.get(0);
        assertTrue(req.startsWith("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), req);
        assertTrue(req.contains("\r\nConnection: close\r\n"), req);
    }

    @Test
    void chunkedBodyIsDecoded() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"st\r\nB\r\natus\":\"UP\"}\r\n0\r\nX-Trailer: 1\r\n\r\n");
        ProbeResult r = expect().json("/status=UP").probe(url);
        assertReady(r);
        assertEquals(15, r.evidence().get("bodyBytes"));
    }

    @Test
    void badChunkSizeIsProtocolError() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
        assertTrue(d.message().contains("malformed chunked encoding"), d.message());
    }

    @Test
    void overflowingChunkSizeIsProtocolError() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nhello\r\n");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
        assertTrue(d.message().contains("malformed chunked encoding"), d.message());
    }

    @Test
    void eofInsideChunksIsPrematureClose() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-six");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PREMATURE_CLOSE, d.cause(), d.message());
    }

    @Test
    void shortBodyIsPrematureClose() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PREMATURE_CLOSE, d.cause(), d.message());
        assertTrue(d.message().contains("after 10 of 100 body bytes"), d.message());
    }

    @Test
    void overflowingContentLengthIsProtocolError() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nx");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
        assertTrue(d.message().contains("invalid Content-Length"), d.message());
    }

    @Test
    void nulBytesAndGarbageAreProtocolErrorWithEscapedExcerpt() throws Exception {
        String url = answering("\u0000\u0000SSH-2.0-OpenSSH\r\n");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
        assertTrue(d.message().contains("\\x00\\x00SSH-2.0-OpenSSH\\r\\n"), d.message());
    }

    @Test
    void malformedHeaderLineIsProtocolError() throws Exception {
        String url = answering("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
    }

    @Test
    void tlsRecordOnHttpIsPlainOnTlsPort() throws Exception {
        // a TLS alert record, as some TLS servers send to a plain-text client
        String url = answering("\u0015\u0003\u0003\u0000\u0002\u0002\u0028");
        Diagnosis d = failure(expect().probe(url));
        assertEquals(Cause.PLAIN_ON_TLS_PORT, d.cause(), d.message());
        assertTrue(d.hint().contains("https://127.0.0.1:" + server.port() + "/health"), d.hint());
    }

    @Test
    void bodyIsReadUpToTheCapQuietly() throws Exception {
        int size = 2 * Defaults.MAX_BODY_READ_BYTES;
        String url = start((s, srv) -> {
            srv.readRequest(s);
            RawServer.write(s, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            OutputStream out = s.getOutputStream();
            byte[] block = new byte[8192];
            java.util.Arrays.fill(block, (byte) 'a');
            try {
                for (int sent = 0; sent < size; sent += block.length) out.write(block);
            } catch (java.io.IOException expected) {
                // the probe stops reading at its cap and closes
            }
        });
        ProbeResult r = expect().contains("aaa").probe(url);
        assertReady(r);
        assertEquals(Defaults.MAX_BODY_READ_BYTES, r.evidence().get("bodyBytes"));
    }

    @Test
    void ipv6Loopback() throws Exception {
        server = new RawServer(new ServerSocket(0, 50, InetAddress.getByName("::1")), (s, srv) -> {
            srv.readRequest(s);
            RawServer.write(s, "HTTP/1.1 204 No Content\r\n\r\n");
        });
        ProbeResult r = expect().probe("http://[::1]:" + server.port() + "/");
        assertReady(r);
        // the address as net.Resolver formats it (full IPv6 form)
        assertEquals("[::1]:" + server.port(), r.evidence().get("address"));
        assertEquals("IPv6", r.evidence().get("family"));
        assertTrue(server.requests.get(0).contains("\r\nHost: [::1]:" + server.port() + "\r\n"), server.requests.get(0));
    }

    @Test
    void refusedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        Diagnosis d = failure(expect().probe("http://127.0.0.1:" + port + "/"));
        assertEquals(Cause.CONNECTION_REFUSED, d.cause(), d.message());
    }
}
