package dev.readygate.net;

import dev.readygate.testing.TinyDns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class DnsClientTest {
    private static DnsClient client(TinyDns dns) {
        return new DnsClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port()));
    }

    @Test
    void aAndAaaaRecordsFromTheServer() throws Exception {
        try (TinyDns dns = new TinyDns()) {
            dns.add("app.test", InetAddress.getByName("127.0.0.7"), InetAddress.getByName("::1"));
            DnsClient.Answer a = client(dns).lookup("app.test", Duration.ofSeconds(2), true);
            assertTrue(a.ok(), a.toString());
            assertEquals(List.of(InetAddress.getByName("127.0.0.7"), InetAddress.getByName("::1")), a.addresses());
            DnsClient.Answer v4 = client(dns).lookup("APP.test.", Duration.ofSeconds(2), false);
            assertEquals(List.of(InetAddress.getByName("127.0.0.7")), v4.addresses());
        }
    }

    @Test
    void unknownNameIsNotFound() throws Exception {
        try (TinyDns dns = new TinyDns()) {
            DnsClient.Answer a = client(dns).lookup("nope.test", Duration.ofSeconds(2), true);
            assertEquals(DnsClient.Answer.Kind.NOT_FOUND, a.kind(), a.toString());
        }
    }

    @Test
    void silentServerIsATimeoutWithinTheBudget() throws Exception {
        try (TinyDns dns = new TinyDns()) {
            dns.raw("silent.test", q -> new byte[0]); // an empty datagram: too short to be ours, keep listening
            long start = System.nanoTime();
            DnsClient.Answer a = client(dns).lookup("silent.test", Duration.ofMillis(400), true);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(DnsClient.Answer.Kind.TIMEOUT, a.kind(), a.toString());
            assertTrue(ms < 2000, "took " + ms + " ms");
        }
    }

    @Test
    void hostileAnswersAreErrorsNeverExceptions() throws Exception {
        Random random = new Random(42);
        try (TinyDns dns = new TinyDns()) {
            // header says answer with 1 record whose rdlength runs far past the packet
            dns.raw("overrun.test", q -> {
                byte[] out = Arrays.copyOf(q, q.length + 12);
                out[2] = (byte) 0x81;
                out[3] = (byte) 0x80;
                out[7] = 1;
                int p = q.length;
                out[p] = (byte) 0xc0;
                out[p + 1] = 12;
                out[p + 3] = 1;
                out[p + 5] = 1;
                out[p + 10] = (byte) 0xff;
                out[p + 11] = (byte) 0xff;
                return out;
            });
            // a name-compression loop
            dns.raw("loop.test", q -> {
                byte[] out = Arrays.copyOf(q, q.length + 2);
                out[2] = (byte) 0x81;
                out[3] = (byte) 0x80;
                out[7] = 1;
                out[q.length] = (byte) 0x3f; // a label that claims 63 bytes that are not there
                return out;
            });
            // an A record with 7 bytes of address
            dns.raw("short.test", q -> {
                byte[] out = Arrays.copyOf(q, q.length + 12 + 7);
                out[2] = (byte) 0x81;
                out[3] = (byte) 0x80;
                out[7] = 1;
                int p = q.length;
                out[p] = (byte) 0xc0;
                out[p + 1] = 12;
                out[p + 3] = 1;
                out[p + 5] = 1;
                out[p + 11] = 7;
                return out;
            });
            // random bytes after the right id
            dns.raw("garbage.test", q -> {
                byte[] out = new byte[40 + random.nextInt(400)];
                random.nextBytes(out);
                out[0] = q[0];
                out[1] = q[1];
                out[2] = (byte) (out[2] | 0x80);
                out[2] = (byte) (out[2] & ~0x02);
                out[3] = (byte) (out[3] & 0xf0);
                return out;
            });
            // a well-formed answer to another name
            dns.raw("other.test", q -> {
                byte[] out = q.clone();
                out[2] = (byte) 0x81;
                out[3] = (byte) 0x80;
                out[13] = 'x';
                return out;
            });
            for (String name : List.of("overrun.test", "loop.test", "short.test", "other.test")) {
                DnsClient.Answer a = client(dns).lookup(name, Duration.ofSeconds(2), true);
                assertEquals(DnsClient.Answer.Kind.ERROR, a.kind(), name + ": " + a);
                assertTrue(a.addresses().isEmpty());
                assertFalse(a.error().contains("\n"));
            }
            for (int i = 0; i < 200; i++) {
                DnsClient.Answer a = client(dns).lookup("garbage.test", Duration.ofSeconds(2), true);
                assertTrue(a.kind() != DnsClient.Answer.Kind.TIMEOUT, a.toString());
            }
        }
        // parse alone: every truncation of a good answer parses or is an error
        byte[] q = DnsClient.encode("x.test", 1);
        byte[] good = Arrays.copyOf(q, q.length + 16);
        good[2] = (byte) 0x81;
        good[3] = (byte) 0x80;
        good[7] = 1;
        good[q.length] = (byte) 0xc0;
        good[q.length + 1] = 12;
        good[q.length + 3] = 1;
        good[q.length + 5] = 1;
        good[q.length + 11] = 4;
        good[q.length + 12] = 127;
        good[q.length + 15] = 9;
        assertEquals(List.of(InetAddress.getByName("127.0.0.9")), DnsClient.parse(good, good.length, 1).addresses());
        for (int len = 0; len < good.length; len++) assertFalse(DnsClient.parse(good, len, 1).ok(), "length " + len);
        // random bytes after a valid header and question, and random flips of the good answer: an answer, never an exception
        int ok = 0, bad = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b = i % 2 == 0 ? Arrays.copyOf(good, q.length + random.nextInt(600)) : good.clone();
            if (i % 2 == 0) for (int k = q.length; k < b.length; k++) b[k] = (byte) random.nextInt(256);
            else for (int k = 0; k < 3; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            b[6] = 0;
            b[7] = (byte) random.nextInt(80);
            int type = random.nextBoolean() ? 1 : 28;
            DnsClient.Answer a = DnsClient.parse(b, b.length, type);
            // parse never waits, so never times out; an answer has addresses exactly when it is OK
            assertNotEquals(DnsClient.Answer.Kind.TIMEOUT, a.kind(), a.toString());
            assertEquals(a.ok(), !a.addresses().isEmpty(), a.toString());
            if (a.ok()) {
                ok++;
                if (type == 1) assertTrue(a.addresses().stream().allMatch(x -> x instanceof Inet4Address), a.toString());
            } else {
                bad++;
                assertNotNull(a.error(), a.toString());
                assertFalse(a.error().contains("\n"), a.toString());
            }
        }
        // both outcomes are exercised (the seed is fixed): the few flips that keep an A record, and the rest
        assertTrue(ok > 0 && bad > 4000, ok + " parsed, " + bad + " rejected");
    }

    @Test
    void resolverArgumentsAsNginxWritesThem() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353), DnsClient.parseServer("127.0.0.1:5353"));
        assertEquals(53, DnsClient.parseServer("10.0.0.2").getPort());
        assertEquals(5300, DnsClient.parseServer("[::1]:5300").getPort());
        assertNull(DnsClient.parseServer("dns.internal"));
        assertNull(DnsClient.parseServer("127.0.0.1:99999"));
    }
}
