package dev.readygate.protocol.wire;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.testing.RawServer;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The transport half every wire probe shares: each way a connection can end names what the probe waited for. */
class WireConnectionTest {
    static Target at(int port) {
        return Target.of("tcp://127.0.0.1:" + port, Origin.COMMAND_LINE);
    }

    /** Opens, reads 4 bytes as "the greeting", and returns the diagnosis it ended with (null when it read them). */
    static Diagnosis readGreeting(int port, Duration budget) {
        try (WireConnection c = WireConnection.open(at(port), budget)) {
            c.readFully(4, "the greeting");
            return null;
        } catch (WireFailure f) {
            return f.diagnosis();
        }
    }

    @Test
    void refusedIsTheTransportsDiagnosis() {
        Diagnosis d = readGreeting(Servers.freePort(), Duration.ofSeconds(1));
        assertEquals(Cause.CONNECTION_REFUSED, d.cause());
    }

    @Test
    void aCloseBeforeAnyByteIsAnEmptyResponseAndAfterSomeBytesAPrematureClose() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> { })) {
            Diagnosis d = readGreeting(srv.port(), Duration.ofSeconds(2));
            assertEquals(Cause.EMPTY_RESPONSE, d.cause());
            assertTrue(d.message().contains("waited for the greeting"), d.message());
        }
        try (RawServer srv = new RawServer((s, server) -> RawServer.write(s, "ab"))) {
            Diagnosis d = readGreeting(srv.port(), Duration.ofSeconds(2));
            assertEquals(Cause.PREMATURE_CLOSE, d.cause());
            assertEquals(2L, d.evidence().get("bytesReceived"));
        }
    }

    @Test
    void aResetIsConnectionResetAndASilentServerAReadTimeoutWithinTheBudget() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> s.setSoLinger(true, 0))) {
            assertEquals(Cause.CONNECTION_RESET, readGreeting(srv.port(), Duration.ofSeconds(2)).cause());
        }
        try (RawServer srv = new RawServer((s, server) -> server.awaitRelease(10_000))) {
            long t0 = System.nanoTime();
            Diagnosis d = readGreeting(srv.port(), Duration.ofMillis(300));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Cause.READ_TIMEOUT, d.cause());
            assertTrue(d.message().contains("sent nothing"), d.message());
            assertTrue(ms < 1_000, "within the budget: " + ms + " ms");
        }
    }

    @Test
    void anInterruptEndsABlockedReadPromptlyAndKeepsTheFlag() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> server.awaitRelease(10_000))) {
            AtomicReference<Diagnosis> result = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread t = new Thread(() -> {
                result.set(readGreeting(srv.port(), Duration.ofSeconds(8)));
                flag.set(Thread.currentThread().isInterrupted());
            });
            t.start();
            Thread.sleep(200);
            long t0 = System.nanoTime();
            t.interrupt();
            t.join(5_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(t.isAlive());
            assertTrue(ms < 1_000, "returned " + ms + " ms after the interrupt");
            assertEquals(Cause.READ_TIMEOUT, result.get().cause());
            assertTrue(flag.get(), "the interrupt flag stays set");
        }
    }
}
