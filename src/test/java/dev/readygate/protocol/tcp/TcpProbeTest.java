package dev.readygate.protocol.tcp;

import dev.readygate.registry.Registry;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Phase;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Origin;
import dev.readygate.testing.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(30)
class TcpProbeTest {
    final TcpProbe probe = new TcpProbe();

    static ProbeResult probe(String spec) {
        return new TcpProbe().probe(Registry.protocols().parse(spec, Origin.COMMAND_LINE), Duration.ofSeconds(2));
    }

    /** Free on this host, and nothing listens on it or near it on any address (the message would then name that listener). */
    static int freePort(String host) throws Exception {
        for (int tries = 0; ; tries++) {
            int port = Servers.freePort();
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                return port;
            } catch (IOException e) {
                if (tries == 20) throw e;
            }
        }
    }

    @Test
    void readyWhenAConnectionIsAccepted() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = probe("127.0.0.1:" + s.getLocalPort());
            assertTrue(r.ready());
            assertEquals("127.0.0.1:" + s.getLocalPort(), r.evidence().get("address"));
            assertEquals("IPv4", r.evidence().get("family"));
        }
    }

    @Test
    void ipv6Loopback() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            ProbeResult r = probe("tcp://[::1]:" + s.getLocalPort());
            assertTrue(r.ready(), () -> String.valueOf(r.diagnosis()));
            assertEquals("[::1]:" + s.getLocalPort(), r.evidence().get("address"));
            assertEquals("IPv6", r.evidence().get("family"));
        }
    }

    @Test
    void refusedWhenNothingListens() throws Exception {
        int port = freePort("127.0.0.1");
        ProbeResult r = probe("127.0.0.1:" + port);
        assertFalse(r.ready());
        assertEquals(Cause.CONNECTION_REFUSED, r.diagnosis().cause());
        assertEquals(Phase.CONNECT, r.diagnosis().phase());
        // the wording depends on what else listens within +-100 ports (LocalExplainTest pins both forms)
        String m = r.diagnosis().message();
        assertTrue(m.equals("connection refused by 127.0.0.1:" + port + ": nothing listens there")
                || m.startsWith("nothing listens on 127.0.0.1:" + port + "; "), m);
        assertFalse(r.diagnosis().hint().isEmpty());
    }

    @Test
    void refusedOnIpv6() throws Exception {
        int port = freePort("::1");
        ProbeResult r = probe("[::1]:" + port);
        assertEquals(Cause.CONNECTION_REFUSED, r.diagnosis().cause());
        assertEquals("IPv6", r.diagnosis().evidence().get("family"));
    }

    @Test
    void unknownNameIsADnsFailureNotARefusal() {
        ProbeResult r = probe("no-such-host.invalid:80");
        assertFalse(r.ready());
        assertEquals(Cause.DNS_NOT_FOUND, r.diagnosis().cause(), r.diagnosis().toString());
        assertEquals(Phase.RESOLVE, r.diagnosis().phase());
        assertEquals("'no-such-host.invalid' does not resolve", r.diagnosis().message());
    }

    @Test
    void localhostTriesEveryAddressUntilOneAccepts() throws Exception {
        // listen on 127.0.0.1 only: localhost may resolve to ::1 first, which is refused
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = probe("localhost:" + s.getLocalPort());
            assertTrue(r.ready(), () -> String.valueOf(r.diagnosis()));
        }
    }
}
