package dev.readygate.net;

import dev.readygate.registry.Registry;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

import dev.readygate.net.Listeners;
import dev.readygate.net.LocalListeners;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.tcp.TcpProbe;
import dev.readygate.model.Origin;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Refusals and connect timeouts on this machine explained from what does listen: real sockets, real /proc. */
@Timeout(60)
class LocalExplainTest {
    static ProbeResult probe(String spec) {
        LocalListeners.system().refresh();
        return new TcpProbe().probe(Registry.protocols().parse(spec, Origin.COMMAND_LINE), Duration.ofSeconds(2));
    }

    /** Two ports next to each other, the lower one listening. */
    static ServerSocket listenBelowAFreePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            try (ServerSocket probe = new ServerSocket(s.getLocalPort() + 1, 1, InetAddress.getByName("127.0.0.1"))) {
                return s; // port+1 was free (and is again after close)
            } catch (IOException taken) {
                s.close();
            }
        }
        throw new IllegalStateException("no two free ports in a row");
    }

    @Test
    void refusedNamesTheNearbyPortAndItsProcess() throws Exception {
        try (ServerSocket s = listenBelowAFreePort()) {
            int port = s.getLocalPort();
            ProbeResult r = probe("127.0.0.1:" + (port + 1));
            Diagnosis d = r.diagnosis();
            assertEquals(Cause.CONNECTION_REFUSED, d.cause());
            assertEquals("nothing listens on 127.0.0.1:" + (port + 1) + "; 127.0.0.1:" + port + " is listening (pid "
                    + ProcessHandle.current().pid() + ", java): is the port in your config wrong?", d.message());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> near = (List<Map<String, Object>>) d.evidence().get("listeningNearby");
            assertEquals("127.0.0.1:" + port, near.get(0).get("address"));
        }
    }

    @Test
    void excludedListenersAreNeverTheCandidateAndWithNoneLeftTheAppIsNotRunning() throws Exception {
        try (ServerSocket s = listenBelowAFreePort()) {
            int port = s.getLocalPort();
            // by address: the proxy's own listen address is no "did you mean"
            LocalExplain.Exclusions own = new LocalExplain.Exclusions(List.of(new InetSocketAddress("127.0.0.1", port)), java.util.Set.of(), "the proxy's own");
            Diagnosis d;
            try (LocalExplain.Scope x = LocalExplain.excluding(own)) {
                d = probe("127.0.0.1:" + (port + 1)).diagnosis();
            }
            assertEquals(Cause.CONNECTION_REFUSED, d.cause());
            assertFalse(d.message().contains(port + " is listening"), d.message());
            assertTrue(d.message().startsWith("nothing listens on 127.0.0.1:" + (port + 1) + "; the only listeners nearby are the proxy's own (127.0.0.1:"
                    + port + " (pid " + ProcessHandle.current().pid() + ", java)): the app is not running"), d.message());
            assertTrue(d.hint().startsWith("start the app"), d.hint());
            // by the owning process's command, and a wildcard listen address stands for every address of its port
            for (LocalExplain.Exclusions ex : List.of(new LocalExplain.Exclusions(List.of(), java.util.Set.of("java"), "the proxy's own"),
                    new LocalExplain.Exclusions(List.of(new InetSocketAddress(port)), java.util.Set.of(), "the proxy's own"))) {
                try (LocalExplain.Scope x = LocalExplain.excluding(ex)) {
                    assertTrue(probe("127.0.0.1:" + (port + 1)).diagnosis().message().contains("the app is not running"), ex.toString());
                }
            }
            // the scope ends: the listener is a candidate again
            assertTrue(probe("127.0.0.1:" + (port + 1)).diagnosis().message().contains("127.0.0.1:" + port + " is listening"));
        }
    }

    @Test
    void ipv6LiteralRefusedWhileIpv4ListensIsAFamilyMismatch() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = s.getLocalPort();
            Diagnosis d = probe("[::1]:" + port).diagnosis();
            assertEquals(Cause.ADDRESS_FAMILY_MISMATCH, d.cause(), d::toString);
            assertTrue(d.message().startsWith("nothing listens on [::1]:" + port + ", but 127.0.0.1:" + port + " does"), d.message());
            assertTrue(d.message().endsWith("the service listens on IPv4 only"), d.message());
            assertTrue(d.hint().startsWith("connect to 127.0.0.1:" + port), d.hint());
        }
    }

    @Test
    void ipv4LiteralRefusedWhileIpv6ListensIsAFamilyMismatch() throws Exception {
        // a port nothing listens on or near on any address: 127.0.0.1:port is then refused, not another process's
        try (ServerSocket s = new ServerSocket(Servers.freePort(), 50, InetAddress.getByName("::1"))) {
            int port = s.getLocalPort();
            Diagnosis d = probe("127.0.0.1:" + port).diagnosis();
            assertEquals(Cause.ADDRESS_FAMILY_MISMATCH, d.cause(), d::toString);
            assertTrue(d.message().endsWith("the service listens on IPv6 only"), d.message());
        }
    }

    @Test
    void boundToAnotherLoopbackAddress() throws Exception {
        // a port nothing listens on or near on any address: 127.0.0.1:port is then refused, not another process's
        try (ServerSocket s = new ServerSocket(Servers.freePort(), 50, InetAddress.getByName("127.0.0.2"))) {
            int port = s.getLocalPort();
            Diagnosis d = probe("127.0.0.1:" + port).diagnosis();
            assertEquals(Cause.CONNECTION_REFUSED, d.cause(), d::toString);
            assertTrue(d.message().contains("but 127.0.0.2:" + port + " does"), d.message());
            assertTrue(d.message().endsWith("the service is bound to one address only"), d.message());
        }
    }

    @Test
    void aFullAcceptQueueIsToldApartFromADroppedConnect() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // never accept: fill the accept queue until the kernel drops a connect (bounded: 20 tries)
            boolean full = false;
            for (int i = 0; i < 20 && !full; i++) {
                Socket c = new Socket();
                try {
                    c.connect(new InetSocketAddress("127.0.0.1", s.getLocalPort()), 300);
                    fillers.add(c);
                } catch (IOException dropped) {
                    c.close();
                    full = true;
                }
            }
            assertTrue(full, "the accept queue never filled");
            LocalListeners.system().refresh();
            ProbeResult r = new TcpProbe().probe(Registry.protocols().parse("127.0.0.1:" + s.getLocalPort(), Origin.COMMAND_LINE), Duration.ofMillis(500));
            Diagnosis d = r.diagnosis();
            assertEquals(Cause.CONNECT_TIMEOUT, d.cause(), d::toString);
            assertEquals("backlog full", d.variant());
            assertTrue(d.message().contains("accept queue is full"), d.message());
        } finally {
            for (Socket c : fillers) c.close();
        }
    }

    /** A connect that timed out on a port whose accept queue is empty is no full backlog (a short attempt on a busy machine). */
    @Test
    void aConnectTimeoutOnAnEmptyAcceptQueueIsNotCalledABacklog() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            LocalListeners.system().refresh();
            Diagnosis timeout = Diagnosis.builder(Cause.CONNECT_TIMEOUT, "connect to 127.0.0.1:" + s.getLocalPort() + " timed out").build();
            Diagnosis d = LocalExplain.explain(timeout, InetAddress.getByName("127.0.0.1"), s.getLocalPort(), LocalListeners.system());
            assertEquals(Cause.CONNECT_TIMEOUT, d.cause(), d::toString);
            assertFalse("backlog full".equals(d.variant()), d::toString);
            assertFalse(d.message().contains("accept queue is full"), d.message());
        }
    }

    @Test
    void remoteAddressesAreNotExplainedFromLocalListeners(@TempDir Path fakeProc) throws Exception {
        Diagnosis refused = Diagnosis.of(Cause.CONNECTION_REFUSED, "refused");
        Diagnosis d = LocalExplain.explain(refused, InetAddress.getByName("192.0.2.10"), 80, new LocalListeners(new Listeners(fakeProc)));
        assertSame(refused, d);
        Diagnosis local = LocalExplain.explain(refused, InetAddress.getByName("127.0.0.1"), 80, new LocalListeners(new Listeners(fakeProc)));
        assertTrue(String.valueOf(local.evidence().get("listenerInventory")).startsWith("unavailable"));
    }
}
