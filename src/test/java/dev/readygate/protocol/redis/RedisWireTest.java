package dev.readygate.protocol.redis;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.readygate.protocol.redis.RealRedis.probe;
import static dev.readygate.protocol.redis.RealRedis.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-level fakes for what no cheap real server does: a Redis before 6 (no HELLO), hostile
 * lengths and nesting, other protocols on the port, RESP3 types. Real states are in the other tests.
 */
@Timeout(30)
class RedisWireTest {

    /** Reads one command (an array of bulk strings) as words; null at EOF. */
    static List<String> command(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String head = line(in);
        if (head == null) return null;
        int n = Integer.parseInt(head.substring(1));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            words.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
            in.readNBytes(2);
        }
        return words;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') return sb.toString().strip();
            sb.append((char) b);
        }
        return null;
    }

    /** A server that answers each command with the reply for its first word, recording the commands. */
    static RawServer scripted(java.util.function.Function<List<String>, String> reply) throws IOException {
        return new RawServer((s, srv) -> {
            for (int i = 0; i < 20; i++) {
                List<String> c = command(s);
                if (c == null) return;
                srv.requests.add(String.join(" ", c));
                String r = reply.apply(c);
                if (r == null) return;
                RawServer.write(s, r);
            }
        });
    }

    @Test
    void redisBefore6FallsBackToAuthThenPing() throws Exception {
        try (RawServer srv = scripted(c -> switch (c.get(0)) {
            case "HELLO" -> "-ERR unknown command 'HELLO'\r\n";
            case "AUTH" -> "+OK\r\n";
            case "SELECT" -> "+OK\r\n";
            case "PING" -> "+PONG\r\n";
            default -> null;
        })) {
            ProbeResult r = probe(target("redis://:old-pw@127.0.0.1:" + srv.port() + "/1"));
            assertTrue(r.ready(), r::toString);
            assertEquals("RESP2", r.evidence().get("protocol"));
            for (int i = 0; i < 100 && srv.requests.size() < 5; i++) Thread.sleep(20);
            assertEquals(List.of("HELLO 3 AUTH default old-pw SETNAME readygate", "AUTH old-pw", "SELECT 1", "PING", "QUIT"),
                    srv.requests.subList(0, Math.min(5, srv.requests.size())));
            assertFalse(r.toString().contains("old-pw"));
        }
    }

    @Test
    void redisBefore6WithAWrongPasswordIsAuthFailed() throws Exception {
        try (RawServer srv = scripted(c -> switch (c.get(0)) {
            case "HELLO" -> "-ERR unknown command 'HELLO'\r\n";
            case "AUTH" -> "-ERR invalid password\r\n";
            default -> null;
        })) {
            ProbeResult r = probe(target("redis://:bad-pw@127.0.0.1:" + srv.port()));
            assertEquals(Cause.AUTH_FAILED, r.diagnosis().cause(), r::toString);
            assertTrue(r.diagnosis().permanent());
        }
    }

    @Test
    void redisBefore6WithoutCredentialsAndAPasswordIsUp() throws Exception {
        try (RawServer srv = scripted(c -> c.get(0).equals("HELLO") ? "-ERR unknown command 'HELLO'\r\n" : "-NOAUTH Authentication required.\r\n")) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
            assertTrue(r.ready(), r::toString);
            assertEquals("NOAUTH", r.warnings().get(0).variant());
        }
    }

    @Test
    void hostileLengthsAreRefusedWithoutAllocating() throws Exception {
        for (String reply : List.of("$2147483647\r\n", "*2147483647\r\n", "%1000000000\r\n", "$99999999999999999999\r\n",
                "*1\r\n".repeat(20) + ":1\r\n", "+" + "x".repeat(Resp.MAX_LINE + 10) + "\r\n")) {
            try (RawServer srv = scripted(c -> reply)) {
                long t0 = System.nanoTime();
                ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
                assertEquals(Cause.PROTOCOL_ERROR, r.diagnosis().cause(), r::toString);
                assertTrue(r.diagnosis().message().contains("is not speaking RESP"), r.diagnosis()::message);
                assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
            }
        }
    }

    @Test
    void anHttpServerOrATlsRecordIsNamed() throws Exception {
        try (RawServer srv = scripted(c -> "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
            assertEquals(Cause.PROTOCOL_ERROR, r.diagnosis().cause(), r::toString);
            assertTrue(r.diagnosis().message().contains("an HTTP server"), r.diagnosis()::message);
        }
        try (RawServer srv = scripted(c -> "\u0015\u0003\u0003\u0000\u0002\u0002\u0032")) {
            // the TLS handshake that would confirm a tls-port fails here (the fake speaks no TLS): it stays a PROTOCOL_ERROR
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()), Duration.ofSeconds(1));
            assertEquals(Cause.PROTOCOL_ERROR, r.diagnosis().cause(), r::toString);
            assertTrue(r.diagnosis().message().contains("a TLS alert"), r.diagnosis()::message);
        }
    }

    @Test
    void resp3TypesAndAttributesAreRead() throws Exception {
        String hello = "|1\r\n+ttl\r\n:3\r\n%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n+version\r\n=9\r\ntxt:7.2.4\r\n+role\r\n+master\r\n";
        try (RawServer srv = scripted(c -> switch (c.get(0)) {
            case "HELLO" -> hello;
            case "PING" -> "+PONG\r\n";
            case "EXISTS" -> ":1\r\n";
            case "GETRANGE" -> "$5\r\nready\r\n";
            default -> null;
        })) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port(), RedisProtocol.REDIS_KEY, "state=^ready$"));
            assertTrue(r.ready(), r::toString);
            assertEquals("7.2.4", r.evidence().get("serverVersion"));
            assertTrue(srv.requests.contains("GETRANGE state 0 " + (RedisProbe.MAX_VALUE_BYTES - 1)), srv.requests::toString);
        }
    }

    @Test
    void aHelloAnsweredWithAFlatArrayOfPairsIsReadToo() throws Exception {
        try (RawServer srv = scripted(c -> c.get(0).equals("HELLO")
                ? "*6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:2\r\n$4\r\nrole\r\n$7\r\nreplica\r\n"
                : c.get(0).equals("PING") ? "+PONG\r\n" : null)) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
            assertTrue(r.ready(), r::toString);
            assertEquals("RESP2", r.evidence().get("protocol"));
            assertEquals("replica", r.evidence().get("role"));
        }
    }

    @Test
    void unknownErrorsAndProtectedModeAreNamed() throws Exception {
        try (RawServer srv = scripted(c -> c.get(0).equals("HELLO") ? "-DENIED Redis is running in protected mode because protected mode is enabled\r\n" : null)) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
            assertEquals(Cause.ACCESS_DENIED, r.diagnosis().cause(), r::toString);
            assertEquals("DENIED", r.diagnosis().variant());
            assertTrue(r.diagnosis().permanent());
        }
        try (RawServer srv = scripted(c -> c.get(0).equals("HELLO") ? "%0\r\n" : "-ERR unknown command 'PING'\r\n")) {
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()));
            assertEquals(Cause.PROTOCOL_ERROR, r.diagnosis().cause(), r::toString);
            assertFalse(r.diagnosis().permanent());
            assertTrue(r.diagnosis().message().contains("-ERR unknown command 'PING'"), r.diagnosis()::message);
        }
    }

    @Test
    void aSilentServerIsAReadTimeoutWithinTheBudget() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> server.awaitRelease(10_000))) {
            long t0 = System.nanoTime();
            ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()), Duration.ofMillis(400));
            assertEquals(Cause.READ_TIMEOUT, r.diagnosis().cause(), r::toString);
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        }
    }

    @Test
    void mutatedRepliesEndInAVerdictNeverAnExceptionAndWithinTheBudget() throws Exception {
        List<String> seeds = List.of(
                "%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nmodules\r\n*0\r\n+PONG\r\n",
                "-ERR unknown command 'HELLO'\r\n+OK\r\n+PONG\r\n",
                "%0\r\n-LOADING Redis is loading the dataset in memory\r\n=60\r\ntxt:# Persistence\r\nloading:1\r\nloading_loaded_perc:42.5\r\n\r\n",
                "|1\r\n+a\r\n~2\r\n,1.5\r\n(123\r\n%1\r\n#t\r\n_\r\n+PONG\r\n",
                "*3\r\n$1\r\na\r\n$-1\r\n*-1\r\n>1\r\n!5\r\nERR x\r\n+PONG\r\n");
        java.util.Random random = new java.util.Random(20261206L);
        List<byte[]> cases = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            byte[] b = seeds.get(i % seeds.size()).getBytes(StandardCharsets.ISO_8859_1);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(4)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b = java.util.Arrays.copyOf(b, at);
                    case 2 -> b[at] = (byte) "*$%~>|:-+_\r\n0123456789".charAt(random.nextInt(22));
                    default -> {
                        byte[] big = "99999999999".getBytes(StandardCharsets.ISO_8859_1);
                        byte[] out = new byte[b.length + big.length];
                        System.arraycopy(b, 0, out, 0, at);
                        System.arraycopy(big, 0, out, at, big.length);
                        System.arraycopy(b, at, out, at + big.length, b.length - at);
                        b = out;
                    }
                }
                if (b.length == 0) b = new byte[] {'+'};
            }
            cases.add(b);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (RawServer srv = new RawServer((s, server) -> {
            command(s);
            s.getOutputStream().write(cases.get(next.getAndIncrement() % cases.size()));
            s.getOutputStream().flush();
            s.shutdownOutput();
            s.getInputStream().readNBytes(4096);
        })) {
            for (int i = 0; i < cases.size(); i++) {
                long t0 = System.nanoTime();
                ProbeResult r = probe(target("redis://127.0.0.1:" + srv.port()), Duration.ofMillis(500));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1500, "case " + i + " took " + ms + " ms");
                assertTrue(r.ready() || r.diagnosis() != null);
            }
            assertTrue(srv.errors.isEmpty() || srv.errors.stream().allMatch(e -> e instanceof IOException), srv.errors::toString);
        }
    }
}
