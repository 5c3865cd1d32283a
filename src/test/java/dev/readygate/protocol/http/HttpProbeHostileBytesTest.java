package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract: whatever bytes come back, probe() returns a result (never throws) within its budget, and a
 * misframed response is a PROTOCOL_ERROR with an escaped excerpt, not a timeout or a crash.
 */
class HttpProbeHostileBytesTest {
    static final String[] SEEDS = {
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=bogus-42\r\n\r\nstarting",
            "HTTP/1.0 302 Found\r\nLocation: http://[::1:bad/\r\n\r\n",
            "HTTP/1.1 301 Moved\r\nLocation: \u0000\u00ff%zz\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx",
            "HTTP/1.1 200 OK\r\n Folded: x\r\n\r\n",
    };

    @Test
    void mutatedResponsesNeverThrow() throws Exception {
        Random rnd = new Random(20261123L);
        List<byte[]> payloads = new ArrayList<>();
        for (String s : SEEDS) payloads.add(s.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 150; i++) {
            byte[] b = SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1).clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(b.length);
                switch (rnd.nextInt(3)) {
                    case 0 -> b[at] = (byte) rnd.nextInt(256);
                    case 1 -> b = java.util.Arrays.copyOf(b, at + 1);
                    default -> b[at] = (byte) "\r\n:0f; \u0000".charAt(rnd.nextInt(7));
                }
            }
            payloads.add(b);
        }
        AtomicInteger next = new AtomicInteger();
        try (RawServer server = new RawServer((s, srv) -> {
            srv.readRequest(s);
            OutputStream out = s.getOutputStream();
            out.write(payloads.get(next.getAndIncrement() % payloads.size()));
            out.flush();
        })) {
            HttpProbe probe = new HttpProbe();
            var target = Http.expect().json("/a=1").target("http://127.0.0.1:" + server.port() + "/");
            Map<Cause, Integer> causes = new EnumMap<>(Cause.class);
            for (int i = 0; i < payloads.size(); i++) {
                long t0 = System.nanoTime();
                ProbeResult r = probe.probe(target, Duration.ofMillis(300));
                long took = (System.nanoTime() - t0) / 1_000_000;
                assertNotNull(r);
                assertTrue(took < 700, "payload " + i + " took " + took + " ms");
                // no seed or mutation is a JSON body with a=1: every one is a diagnosis
                assertFalse(r.ready(), "payload " + i);
                Diagnosis d = r.diagnosis();
                if (i < SEEDS.length) assertEquals(SEED_CAUSES[i], d.cause(), "seed " + i + ": " + d.message());
                assertTrue(EXPECTED.contains(d.cause()), "payload " + i + ": " + d.cause() + " " + d.message());
                // what came from the server is escaped: one line, no control bytes
                assertFalse(d.message().chars().anyMatch(c -> c < 0x20 || c == 0x7f), "payload " + i + ": " + d.message());
                causes.merge(d.cause(), 1, Integer::sum);
            }
            // most mutations break the HTTP framing (the seed is fixed, so this count is too)
            assertTrue(causes.getOrDefault(Cause.PROTOCOL_ERROR, 0) > payloads.size() / 2, causes.toString());
            assertTrue(causes.getOrDefault(Cause.PREMATURE_CLOSE, 0) > 0, causes.toString());
        }
    }

    /** What each seed is: the last three are the framing errors docs/diagnosis.md cites for PROTOCOL_ERROR. */
    static final Cause[] SEED_CAUSES = {Cause.BODY_MISMATCH, Cause.BODY_MISMATCH, Cause.HTTP_STATUS, Cause.HTTP_STATUS,
            Cause.HTTP_STATUS, Cause.PROTOCOL_ERROR, Cause.PROTOCOL_ERROR, Cause.PROTOCOL_ERROR};

    /** A mutated response is misframed (PROTOCOL_ERROR), cut short (PREMATURE_CLOSE), or still HTTP with the wrong status or body. */
    static final Set<Cause> EXPECTED = EnumSet.of(Cause.PROTOCOL_ERROR, Cause.PREMATURE_CLOSE, Cause.HTTP_STATUS, Cause.BODY_MISMATCH);
}
