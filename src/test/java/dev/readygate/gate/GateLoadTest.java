package dev.readygate.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.readygate.cli.Cli;
import dev.readygate.wait.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2,000 targets at once, a third refused, a third ready, a third on a server that accepts and
 * never answers, under a 4 s deadline, through the whole command (config file, gate, JSON
 * report): the gate ends near the deadline, every target gets at least one attempt and the
 * cause its server gives, and the threads stay bounded (on JDK 17, the attempt pool; on JDK 21+
 * virtual threads, which the thread count does not include). Wall-time and memory figures for
 * 10,000 targets are in the benchmark (bench/load.py, docs/benchmarks.md), not here.
 */
@Timeout(60)
class GateLoadTest {
    static final int EACH = 667;
    /**
     * 2 s left each of the 2,000 targets ~20 ms per shared attempt: on this 2-core machine in a slow spell
     * 122 to 414 targets (the limit is 100) never got an answer within theirs, on the previous commit
     * too (2 of 4 runs failed); 4 s passed 5 of 5.
     */
    static final long DEADLINE_MS = 4_000;
    /** The schedule's grace past the deadline is 80 ms; the rest is room for a loaded CI machine (2 cores, shared). */
    static final long END_SLACK_MS = 400;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    void twoThousandMixedTargetsEndAtTheDeadlineEachWithItsOwnCauseOnBoundedThreads(@TempDir Path dir) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        HttpServer ok = HttpServer.create(new InetSocketAddress(lo, 0), 4096);
        ok.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) Executors.newFixedThreadPool(8);
        pool.prestartAllCoreThreads(); // the test's own threads are there before the count starts
        ok.setExecutor(pool);
        ok.start();
        open.add(() -> {
            ok.stop(0);
            pool.shutdownNow();
        });
        ServerSocket silent = new ServerSocket(0, 4096, lo);
        ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // accepted, never answered
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        open.add(() -> {
            silent.close();
            for (Socket s : held) s.close();
        });
        List<Integer> refused = new ArrayList<>();
        List<ServerSocket> taken = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            ServerSocket s = new ServerSocket(0, 1, lo); // all open at once: distinct ports
            taken.add(s);
            refused.add(s.getLocalPort());
        }
        for (ServerSocket s : taken) s.close(); // nothing listens there during the run
        StringBuilder yaml = new StringBuilder("targets:\n");
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < EACH; i++) {
            String r = "tcp://127.0.0.1:" + refused.get(i);
            String a = "http://127.0.0.1:" + ok.getAddress().getPort() + "/ready/" + i;
            String h = "http://127.0.0.1:" + silent.getLocalPort() + "/silent/" + i;
            expected.put(r, "CONNECTION_REFUSED");
            expected.put(a, "READY");
            expected.put(h, "READ_TIMEOUT");
            yaml.append("  - ").append(r).append('\n').append("  - ").append(a).append('\n').append("  - ").append(h).append('\n');
        }
        Path config = dir.resolve("load.yaml");
        Files.writeString(config, yaml);
        Path report = dir.resolve("report.json");

        var threads = ManagementFactory.getThreadMXBean();
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(threads.getThreadCount(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-sampler");
        sampler.setDaemon(true);
        sampler.start();
        int before = threads.getThreadCount();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = Cli.run(new String[]{"wait", "-q", "--timeout", DEADLINE_MS + "ms", "--config", config.toString(), "--report", report.toString()},
                    new Cli.Context(new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8),
                            Map.of(), false));
        } finally {
            sampling.set(false);
            sampler.join(1_000);
        }
        assertEquals(1, code, "blocked: a third never answers");

        JsonNode r = new ObjectMapper().readTree(report.toFile());
        long elapsed = r.get("elapsedMs").asLong();
        assertTrue(elapsed >= DEADLINE_MS - 10 && elapsed <= DEADLINE_MS + END_SLACK_MS,
                "the gate ends at its deadline, not when the last attempt gives up: " + elapsed + " ms for " + DEADLINE_MS);
        assertEquals(3 * EACH, r.get("targets").size());
        Map<String, Integer> wrong = new HashMap<>();
        List<String> unattempted = new ArrayList<>();
        int shortened = 0;
        for (JsonNode t : r.get("targets")) {
            if (t.get("attempts").asInt() == 0) unattempted.add(t.get("url").asText() + " (" + t.get("stop").asText() + ")");
            String cause = t.get("ready").asBoolean() ? "READY" : t.path("lastDiagnosis").path("cause").asText("none");
            String want = expected.get(t.get("url").asText());
            if (cause.equals(want)) continue;
            JsonNode d = t.path("lastDiagnosis");
            // on a loaded machine a server may answer (or a connect complete) after a shortened attempt's budget: allowed only
            // when the report says so (the budget in the evidence, the sharing in the hint), never as a silent misdiagnosis
            if (cause.endsWith("_TIMEOUT") && d.path("evidence").has("attemptBudgetMs")
                    && d.path("hint").asText().contains("targets shared")) {
                shortened++;
                continue;
            }
            wrong.merge(want + " reported as " + cause, 1, Integer::sum);
        }
        assertTrue(shortened <= 3 * EACH / 20, shortened + " targets only ever had attempts shorter than their answer");
        assertTrue(unattempted.isEmpty(), "every target gets an attempt before the deadline; " + unattempted.size() + " did not, e.g. "
                + unattempted.subList(0, Math.min(5, unattempted.size())));
        assertEquals(Map.of(), wrong, "each target's cause is its server's, never the load's");
        int extra = peak.get() - before;
        if (!Threads.virtual()) {
            assertTrue(extra <= Threads.PLATFORM_WORKERS + 8,
                    "threads stay bounded: " + extra + " more than before for " + 3 * EACH + " targets (" + Threads.PLATFORM_WORKERS + " attempt workers)");
        } else {
            assertTrue(extra <= 32, "carrier threads only: " + extra + " more than before");
        }
    }
}
