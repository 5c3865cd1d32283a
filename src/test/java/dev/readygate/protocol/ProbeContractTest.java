package dev.readygate.protocol;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.compose.ComposeProtocol;
import dev.readygate.protocol.k8s.K8sProtocol;
import dev.readygate.protocol.compose.DockerCompose;
import dev.readygate.protocol.compose.Snapshots;
import dev.readygate.registry.Registry;
import dev.readygate.testing.FakeDocker;
import dev.readygate.testing.RawServer;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every probe promises (see {@link Probe}), checked for every protocol against hostile
 * loopback servers: it never throws, returns within its budget plus a little slack, answers an
 * interrupt of its thread promptly with a result and the flag still set, and every not-ready
 * result says why (a cause, hence a phase, and a hint).
 *
 * <p>A new protocol adds one line to {@link #PROTOCOLS}: the behaviours after which it must not
 * be ready, and how it answers an interrupt.
 */
@Timeout(60)
class ProbeContractTest {
    /** Each protocol and the server behaviours after which it must not report ready. Add a protocol here. */
    static final Protocol[] PROTOCOLS = {
            new Protocol("tcp", EnumSet.of(Behaviour.REFUSED)), // an accepted connection is all tcp asks for: it returns at once
            new Protocol("http", EnumSet.allOf(Behaviour.class)),
            new Protocol("https", EnumSet.allOf(Behaviour.class)),
            // endpoint-less: its probe asks docker compose ps, here a scripted docker that never answers (see at())
            new Protocol("compose", EnumSet.allOf(Behaviour.class)),
            // endpoint-less: its probe lists the object from the API server, here the server under test (in-cluster credentials)
            new Protocol("k8s", EnumSet.allOf(Behaviour.class)),
            new Protocol("mysql", EnumSet.allOf(Behaviour.class)),
            new Protocol("mariadb", EnumSet.allOf(Behaviour.class)),
            new Protocol("redis", EnumSet.allOf(Behaviour.class)),
            new Protocol("rediss", EnumSet.allOf(Behaviour.class)),
            new Protocol("mongodb", EnumSet.allOf(Behaviour.class)),
            new Protocol("postgres", EnumSet.allOf(Behaviour.class)),
            new Protocol("postgresql", EnumSet.allOf(Behaviour.class)),
    };

    /** The budget of one attempt, and how late after it a probe may return. */
    static final Duration BUDGET = Duration.ofSeconds(1);
    static final long SLACK_MS = 750;
    /** For the interruption case: a budget well beyond the time a probe has to return once interrupted. */
    static final Duration INTERRUPT_BUDGET = Duration.ofSeconds(3);
    static final long INTERRUPT_GRACE_MS = 1000;

    record Protocol(String scheme, Set<Behaviour> mustNotBeReady) {
        @Override
        public String toString() {
            return scheme;
        }
    }

    /** A case: the target for a port, and the probe for its scheme. */
    record Case(Target target, Probe probe) {
    }

    /**
     * The one place that turns a scheme and a port into a target and its probe (through the
     * command-line parser and the standard registry, as readygate does).
     */
    static Case at(String scheme, int port) {
        if (scheme.equals(ComposeProtocol.SCHEME)) {
            Target target = Registry.protocols().parse("compose:web", Origin.COMMAND_LINE);
            return new Case(target, new ComposeProtocol(new Snapshots(DockerCompose.of(hungDocker().env(), List.of()))).probe());
        }
        if (scheme.equals(K8sProtocol.SCHEME)) {
            Target target = Registry.protocols().parse("k8s:deployment/default/api", Origin.COMMAND_LINE);
            return new Case(target, new K8sProtocol(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", String.valueOf(port)),
                    serviceAccount(), Path.of(".")).probe());
        }
        Target target = Registry.protocols().parse(scheme + "://127.0.0.1:" + port, Origin.COMMAND_LINE);
        return new Case(target, Registry.protocols().forScheme(scheme).orElseThrow().probe());
    }

    private static FakeDocker hung;
    private static Path serviceAccount;

    /** A service account folder with a token and no CA (the JDK's trust). */
    static synchronized Path serviceAccount() {
        if (serviceAccount == null) {
            try {
                serviceAccount = Files.createTempDirectory("readygate-contract-sa");
                Files.writeString(serviceAccount.resolve("token"), "contract-token");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return serviceAccount;
    }

    /** A docker whose compose ps takes 30 s: a hung engine. */
    static synchronized FakeDocker hungDocker() {
        if (hung == null) {
            try {
                hung = new FakeDocker(Files.createTempDirectory("readygate-contract")).file("ps.sleep", "30");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return hung;
    }

    @Test
    void everyRegisteredSchemeIsInTheContract() {
        for (var p : Registry.protocols().all())
            for (String scheme : p.schemes())
                assertTrue(java.util.Arrays.stream(PROTOCOLS).anyMatch(c -> c.scheme().equals(scheme)),
                        "scheme " + scheme + " of protocol " + p.name() + " is not in ProbeContractTest.PROTOCOLS: add it there");
    }

    /** What the server on the other end does with each connection. Every loop is bounded in time and count. */
    enum Behaviour {
        /** Nothing listens on the port. */
        REFUSED(null),
        /** Accepts, then resets (SO_LINGER 0 and close) without reading. */
        RESET((s, srv) -> s.setSoLinger(true, 0)),
        /** Accepts, then closes cleanly at once. */
        CLOSE((s, srv) -> {
        }),
        /** Accepts, sends bytes that are no protocol's, and keeps the connection open. */
        GARBAGE((s, srv) -> {
            s.getOutputStream().write("\u0000\u00ff\u0001SSH-2.0-OpenSSH_9.6\r\n\u0017\u0003\u0003\u00ff\u00ff garbage \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            srv.awaitRelease(15_000);
        }),
        /** Accepts and sends nothing. */
        SILENT((s, srv) -> srv.awaitRelease(15_000)),
        /** Accepts and sends an HTTP-looking head that never ends, one byte every 50 ms. */
        TRICKLE((s, srv) -> {
            RawServer.write(s, "HTTP/1.1 200 OK\r\nX-Trickle: ");
            for (int i = 0; i < 300 && !srv.awaitRelease(50); i++) RawServer.write(s, "a");
        });

        final RawServer.Handler handler;

        Behaviour(RawServer.Handler handler) {
            this.handler = handler;
        }
    }

    /** A behaviour served on loopback (or a port nothing listens on); closing it releases the server's handler. */
    static final class Server implements AutoCloseable {
        final int port;
        final CountDownLatch accepted = new CountDownLatch(1);
        private final RawServer raw;

        Server(Behaviour b) throws Exception {
            raw = b.handler == null ? null : new RawServer((s, srv) -> {
                accepted.countDown();
                b.handler.handle(s, srv);
            });
            port = raw == null ? Servers.freePort() : raw.port();
        }

        @Override
        public void close() throws Exception {
            if (raw != null) raw.close();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(PROTOCOLS).flatMap(p -> Stream.of(Behaviour.values()).map(b -> Arguments.of(p, b)));
    }

    static Stream<Protocol> protocols() {
        return Stream.of(PROTOCOLS);
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("cases")
    void returnsWithinItsBudgetAndSaysWhyItIsNotReady(Protocol protocol, Behaviour behaviour) throws Exception {
        try (Server server = new Server(behaviour)) {
            Case c = at(protocol.scheme(), server.port);
            Run run = Run.start(c, BUDGET);
            run.awaitEnd(BUDGET.toMillis() + SLACK_MS + 5_000);
            assertTrue(run.tookMs() <= BUDGET.toMillis() + SLACK_MS,
                    protocol + " against " + behaviour + " took " + run.tookMs() + " ms with a budget of " + BUDGET.toMillis() + " ms: " + run.describe());
            if (protocol.mustNotBeReady().contains(behaviour)) assertFalse(run.result().ready(), protocol + " against " + behaviour + " must not be ready");
            assertExplained(run.result(), protocol + " against " + behaviour);
        }
    }

    /**
     * Interrupted while it waits on a server that accepted and stays silent, a probe returns a
     * result promptly and leaves
     * the interrupt flag set for its caller. A protocol that does not wait on an accepted
     * connection (tcp) has returned before the interrupt comes, which is prompt.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void answersAnInterruptPromptly(Protocol protocol) throws Exception {
        try (Server server = new Server(Behaviour.SILENT)) {
            Case c = at(protocol.scheme(), server.port);
            Run run = Run.start(c, INTERRUPT_BUDGET);
            // a probe of a target without an endpoint connects to no server: it waits on something else (compose: docker)
            if (c.target().endpoint() != null) assertTrue(server.accepted.await(5, TimeUnit.SECONDS), "the probe did not connect");
            Thread.sleep(200); // let it block in its read (or handshake)
            long interruptedAt = System.nanoTime();
            boolean wasRunning = run.interrupt();
            run.awaitEnd(INTERRUPT_BUDGET.toMillis() + SLACK_MS + 5_000);
            assertExplained(run.result(), protocol + " interrupted");
            long afterInterrupt = (run.endNanos() - interruptedAt) / 1_000_000; // negative: it returned before the interrupt
            String facts = protocol + " returned " + afterInterrupt + " ms after the interrupt, " + run.tookMs() + " ms after it started"
                    + " (budget " + INTERRUPT_BUDGET.toMillis() + " ms): " + run.describe();
            if (wasRunning) assertTrue(run.interruptFlagAfter(), protocol + " cleared the interrupt flag of its thread; " + facts);
            assertTrue(run.tookMs() <= INTERRUPT_BUDGET.toMillis() + SLACK_MS, facts);
            assertTrue(afterInterrupt <= INTERRUPT_GRACE_MS, facts);
        }
    }

    /** A not-ready result says why: a cause (and so a phase) and a hint. */
    static void assertExplained(ProbeResult r, String what) {
        assertNotNull(r, what + ": no result");
        if (r.ready()) return;
        Diagnosis d = r.diagnosis();
        assertNotNull(d, what + ": not ready without a diagnosis");
        assertNotNull(d.cause(), what + ": no cause: " + d);
        assertNotNull(d.phase(), what + ": no phase: " + d);
        assertTrue(d.hint() != null && !d.hint().isBlank(), what + ": no hint: " + d);
    }

    /** One probe call on its own thread, so a probe that hangs or throws fails the test instead of the build. */
    static final class Run {
        private final Thread thread;
        private final AtomicReference<ProbeResult> result = new AtomicReference<>();
        private final AtomicReference<Throwable> thrown = new AtomicReference<>();
        private final AtomicBoolean flagAfter = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long startNanos;
        private volatile long endNanos;

        private Run(Case c, Duration budget) {
            thread = new Thread(() -> {
                startNanos = System.nanoTime();
                try {
                    result.set(c.probe().probe(c.target(), budget));
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    synchronized (this) {
                        endNanos = System.nanoTime();
                        flagAfter.set(Thread.currentThread().isInterrupted());
                        done.set(true);
                    }
                }
            }, "probe-contract");
            thread.setDaemon(true);
        }

        static Run start(Case c, Duration budget) {
            Run r = new Run(c, budget);
            r.thread.start();
            return r;
        }

        /** Interrupts the probing thread; false when the probe had already returned. */
        synchronized boolean interrupt() {
            if (done.get()) return false;
            thread.interrupt();
            return true;
        }

        void awaitEnd(long ms) throws InterruptedException {
            thread.join(ms);
            if (thread.isAlive()) {
                thread.interrupt();
                fail("the probe did not return within " + ms + " ms");
            }
            if (thrown.get() != null) throw new AssertionError("the probe threw", thrown.get());
        }

        ProbeResult result() {
            return result.get();
        }

        long endNanos() {
            return endNanos;
        }

        long tookMs() {
            return (endNanos - startNanos) / 1_000_000;
        }

        boolean interruptFlagAfter() {
            return flagAfter.get();
        }

        String describe() {
            ProbeResult r = result.get();
            if (r == null) return "no result";
            if (r.ready()) return "ready " + r.evidence();
            return r.diagnosis().key() + ": " + r.diagnosis().message();
        }
    }
}
