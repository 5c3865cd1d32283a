package dev.readygate.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ListenersTest {
    @Test
    void parsesProcNetTcpLines() throws Exception {
        List<String> v4 = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0",
                "   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0",
                "   2: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 0000000000000000 20 4 30 10 -1",
                "garbage");
        List<Listeners.Listener> l = Listeners.parse(v4, false);
        assertEquals(2, l.size(), "established sockets and garbage are skipped");
        assertEquals("127.0.0.1:3000", l.get(0).endpoint());
        assertEquals(3, l.get(0).acceptQueue());
        assertEquals(4242, l.get(0).inode());
        assertTrue(l.get(1).wildcard());
        assertEquals(8080, l.get(1).port());
        List<String> v6 = List.of("   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 99 1");
        List<Listeners.Listener> l6 = Listeners.parse(v6, true);
        assertEquals("[::1]:8080", l6.get(0).endpoint());
        assertEquals("IPv6", l6.get(0).family());
        List<String> mapped = List.of("   0: 0000000000000000FFFF00000100007F:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 98 1");
        Listeners.Listener m = Listeners.parse(mapped, true).get(0);
        assertEquals("127.0.0.1:3000", m.endpoint(), "v4-mapped listeners in tcp6 serve IPv4");
        assertEquals("IPv4", m.family());
    }

    /** The note about unidentified owners fits who runs it: root needs no root. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Uid:\t0\t0\t0\t0       | their processes are in another PID namespace (e.g. a container) or exited while listing",
            "Uid:\t1000\t0\t0\t0    | their processes are in another PID namespace (e.g. a container) or exited while listing",
            "Uid:\t0\t1000\t0\t0    | other users' processes need root",
            "Uid:\t1000\t1000\t1000\t1000 | other users' processes need root",
            "                           | other users' processes need root"})
    void theNoteOnUnidentifiedOwnersFitsTheUser(String uidLine, String why, @TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("self"));
        if (uidLine != null) Files.writeString(proc.resolve("self/status"), "Name:\tjava\n" + uidLine.translateEscapes() + "\nGid:\t0\t0\t0\t0\n");
        assertEquals(why, new Listeners(proc).unidentifiedWhy());
    }

    @Test
    void ownersAreFoundThroughProcFdAndTheScanStopsAtItsDeadline(@TempDir Path proc) throws Exception {
        Path fd = Files.createDirectories(proc.resolve("4242/fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[77]"));
        Files.writeString(proc.resolve("4242/comm"), "app\n");
        Listeners.Listener l = new Listeners.Listener("IPv4", InetAddress.getLoopbackAddress(), 8080, 0, 77, -1, null);
        Listeners listeners = new Listeners(proc);
        Listeners.Listener found = listeners.withOwners(List.of(l)).get(0);
        assertEquals(4242, found.pid());
        assertEquals("app", found.command());
        assertEquals(-1, listeners.withOwners(List.of(l), System.nanoTime() - 1).get(0).pid(), "no time left: no owner, no hang");
    }

    @Test
    void noProcMeansUnavailableNotAnError(@TempDir Path empty) {
        Listeners.Inventory inv = new Listeners(empty).read();
        assertFalse(inv.available());
        assertTrue(inv.unavailable().contains("not Linux"));
    }

    @Test
    void findsOurOwnListenersWithOurPid() throws Exception {
        try (ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket v6 = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            Listeners.Inventory inv = Listeners.system().read();
            assertTrue(inv.available(), inv.unavailable());
            long me = ProcessHandle.current().pid();
            Listeners.Listener a = inv.listeners().stream().filter(l -> l.port() == v4.getLocalPort()).findFirst().orElseThrow();
            assertEquals("127.0.0.1", a.addressText());
            assertEquals(me, a.pid());
            assertEquals("java", a.command());
            Listeners.Listener b = inv.listeners().stream().filter(l -> l.port() == v6.getLocalPort()).findFirst().orElseThrow();
            assertEquals("::1", b.addressText());
            assertEquals(me, b.pid());
        }
    }

    @Test
    void listenersCommandTextAndJson() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CliRun text = CliRun.run("listeners", "--port", Integer.toString(s.getLocalPort()));
            assertEquals(0, text.code, text::toString);
            assertTrue(text.out.startsWith("PROTO  LOCAL ADDRESS"), text::toString);
            assertTrue(text.out.contains("127.0.0.1"), text::toString);
            assertTrue(text.out.contains("pid " + ProcessHandle.current().pid() + ", java"), text::toString);
            CliRun json = CliRun.run("listeners", "-o", "json", "--port", Integer.toString(s.getLocalPort()));
            JsonNode j = new ObjectMapper().readTree(json.out).get("listeners").get(0);
            assertEquals(s.getLocalPort(), j.get("port").asInt());
            assertEquals("IPv4", j.get("family").asText());
            assertEquals(ProcessHandle.current().pid(), j.get("pid").asLong());
        }
    }
}
