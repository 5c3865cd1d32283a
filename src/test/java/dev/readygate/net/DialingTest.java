package dev.readygate.net;

import dev.readygate.registry.Registry;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.tcp.TcpProbe;
import dev.readygate.model.IpFamily;
import dev.readygate.model.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Address families on real loopback listeners; dual.test is 127.0.0.1 and ::1 (src/test/resources/hosts). */
@Timeout(30)
class DialingTest {
    static ProbeResult tcp(String spec, IpFamily family) {
        LocalListeners.system().refresh();
        return new TcpProbe().probe(Registry.protocols().parse(spec, Origin.COMMAND_LINE).withIpFamily(family), Duration.ofSeconds(2));
    }

    static int freeOnBoth() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                 ServerSocket b = new ServerSocket(a.getLocalPort(), 1, InetAddress.getByName("::1"))) {
                return a.getLocalPort();
            } catch (java.io.IOException taken) {
                // try again
            }
        }
        throw new IllegalStateException("no port free on both families");
    }

    @Test
    void theTestHostsFileIsInEffect() throws Exception {
        assertEquals(2, InetAddress.getAllByName("dual.test").length);
    }

    @Test
    void anyIsReadyWithAWarningWhenOneFamilyIsRefused() throws Exception {
        int port = freeOnBoth();
        try (ServerSocket v4 = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = tcp("dual.test:" + port, IpFamily.ANY);
            assertTrue(r.ready(), () -> String.valueOf(r.diagnosis()));
            assertEquals(1, r.warnings().size());
            Diagnosis w = r.warnings().get(0);
            assertEquals(Cause.ADDRESS_FAMILY_MISMATCH, w.cause());
            assertEquals("'dual.test' resolves to 127.0.0.1 and ::1: 127.0.0.1:" + port + " accepts but [::1]:" + port
                    + " is refused: the service listens on IPv4 only, and clients that try IPv6 first"
                    + " (Node.js 17+, curl, browsers, and nginx/Envoy when the name resolves to ::1 first) will fail", w.message());
            assertTrue(w.hint().contains("bind the service to both families"), w.hint());
            assertEquals("[::1]:" + port, w.evidence().get("fails"));
        }
    }

    @Test
    void allRequiresEveryAddress() throws Exception {
        int port = freeOnBoth();
        try (ServerSocket v4 = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = tcp("dual.test:" + port, IpFamily.ALL);
            assertFalse(r.ready());
            assertEquals(Cause.ADDRESS_FAMILY_MISMATCH, r.diagnosis().cause());
        }
        try (ServerSocket v4 = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket v6 = new ServerSocket(port, 50, InetAddress.getByName("::1"))) {
            ProbeResult r = tcp("dual.test:" + port, IpFamily.ALL);
            assertTrue(r.ready(), () -> String.valueOf(r.diagnosis()));
            assertTrue(r.warnings().isEmpty());
            assertEquals(2, ((List<?>) r.evidence().get("addresses")).size());
        }
    }

    @Test
    void ipv6FirstFailingIsStillReadyUnderAnyWhenIpv4Works() throws Exception {
        int port = freeOnBoth();
        try (ServerSocket v6 = new ServerSocket(port, 50, InetAddress.getByName("::1"))) {
            ProbeResult r = tcp("dual.test:" + port, IpFamily.ANY);
            assertTrue(r.ready(), () -> String.valueOf(r.diagnosis()));
            Diagnosis w = r.warnings().get(0);
            assertTrue(w.message().contains("the service listens on IPv6 only, and clients that try IPv4 first"), w.message());
        }
    }

    @Test
    void onlyOneFamily() throws Exception {
        int port = freeOnBoth();
        try (ServerSocket v4 = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(tcp("dual.test:" + port, IpFamily.V4).ready());
            ProbeResult six = tcp("dual.test:" + port, IpFamily.V6);
            assertFalse(six.ready());
            assertEquals(Cause.ADDRESS_FAMILY_MISMATCH, six.diagnosis().cause(), six.diagnosis()::toString);
            ProbeResult none = tcp("v4only.test:" + port, IpFamily.V6);
            assertEquals(Cause.DNS_NOT_FOUND, none.diagnosis().cause());
            assertEquals("'v4only.test' has no IPv6 address (it resolves to 127.0.0.1)", none.diagnosis().message());
        }
    }

    @Test
    void bothFamiliesRefusedIsARefusal() throws Exception {
        int port = freeOnBoth();
        ProbeResult r = tcp("dual.test:" + port, IpFamily.ANY);
        assertEquals(Cause.CONNECTION_REFUSED, r.diagnosis().cause());
        assertEquals(2, ((List<?>) r.diagnosis().evidence().get("addresses")).size());
    }
}
