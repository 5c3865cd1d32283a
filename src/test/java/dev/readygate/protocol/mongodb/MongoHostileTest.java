package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.registry.Registry;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers that are not MongoDB, or lie about lengths, and BSON that is malformed: PROTOCOL_ERROR at once, nothing allocated for a lie. */
@Timeout(30)
class MongoHostileTest {
    static final Duration BUDGET = Duration.ofSeconds(3);

    static ProbeResult probe(int port) {
        Target t = Registry.protocols().parse("mongodb://127.0.0.1:" + port, Origin.COMMAND_LINE);
        return new MongoProbe().probe(t, BUDGET);
    }

    /** Reads the probe's first request (its id), then answers with {@code reply}, built for that id. */
    static RawServer answering(java.util.function.IntFunction<byte[]> reply) throws Exception {
        return new RawServer((Socket s, RawServer srv) -> {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] head = new byte[16];
            in.readFully(head);
            in.readFully(new byte[Bson.le32(head, 0) - 16]);
            s.getOutputStream().write(reply.apply(Bson.le32(head, 4)));
            s.getOutputStream().flush();
            srv.awaitRelease(10_000);
        });
    }

    static Diagnosis failing(RawServer server) {
        long t0 = System.nanoTime();
        ProbeResult r = probe(server.port());
        assertTrue(!r.ready(), r::toString);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "took the whole budget: " + r);
        return r.diagnosis();
    }

    @Test
    void aRedisServerIsNamed() throws Exception {
        try (RawServer s = answering(id -> "-ERR unknown command '\u0000', with args beginning with:\r\n".getBytes())) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertTrue(d.message().contains("a Redis reply"), d::message);
            assertTrue(d.permanent());
        }
    }

    @Test
    void anHttpServerIsNamed() throws Exception {
        try (RawServer s = answering(id -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes())) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertTrue(d.message().contains("HTTP"), d::message);
        }
    }

    @Test
    void aTwoGigabyteLengthIsRefusedWithoutAllocating() throws Exception {
        try (RawServer s = answering(id -> header(Integer.MAX_VALUE, id, MongoWire.OP_MSG))) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
        }
    }

    @Test
    void aPlausibleButHugeLengthIsRefusedBeforeReading() throws Exception {
        try (RawServer s = answering(id -> header(40_000_000, id, MongoWire.OP_MSG))) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertTrue(d.message().contains("announced a reply of 40000000 bytes"), d::message);
        }
    }

    @Test
    void aReplyToAnotherRequestIsAProtocolError() throws Exception {
        try (RawServer s = answering(id -> FakeMongo.opMsgReply(id + 7, Bson.doc().dbl("ok", 1).bytes()))) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertTrue(d.message().contains("answered request"), d::message);
        }
    }

    @Test
    void aDocumentWhoseLengthLiesIsAProtocolError() throws Exception {
        byte[] doc = Bson.doc().dbl("ok", 1).bytes();
        FakeMongo.patch(doc, 0, 1_000_000);
        try (RawServer s = answering(id -> FakeMongo.opMsgReply(id, doc))) {
            Diagnosis d = failing(s);
            assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d::toString);
            assertTrue(d.message().contains("malformed OP_MSG"), d::message);
        }
    }

    @Test
    void bsonNestedTooDeepIsRefused() {
        Bson.Doc d = Bson.doc().int32("leaf", 1);
        for (int i = 0; i < Bson.MAX_DEPTH + 2; i++) d = Bson.doc().doc("n", d);
        byte[] b = d.bytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bson.read(b, 0, b.length));
        assertTrue(e.getMessage().contains("deeper"), e::getMessage);
    }

    @Test
    void bsonRoundTripsWhatTheProbeReads() {
        byte[] b = Bson.doc().int32("i", 7).int64("l", 1L << 40).dbl("d", 1.5).bool("t", true).string("s", "héllo")
                .binary("p", new byte[] {1, 2}).array("a", Bson.doc().string("0", "x")).doc("o", Bson.doc().bool("f", false)).bytes();
        Map<String, Object> m = Bson.read(b, 0, b.length);
        assertEquals(7, m.get("i"));
        assertEquals(1L << 40, m.get("l"));
        assertEquals(1.5, m.get("d"));
        assertEquals(true, m.get("t"));
        assertEquals("héllo", m.get("s"));
        assertEquals(java.util.List.of("x"), m.get("a"));
        assertEquals(Map.of("f", false), m.get("o"));
        assertEquals(2, ((byte[]) m.get("p")).length);
    }

    @Test
    void bsonTruncatedOrLyingInsideIsRefused() {
        byte[] b = Bson.doc().string("s", "abc").bytes();
        FakeMongo.patch(b, 4 + 1 + 2, 1 << 30); // the string's length
        assertThrows(IllegalArgumentException.class, () -> Bson.read(b, 0, b.length));
        byte[] c = Bson.doc().binary("p", new byte[8]).bytes();
        FakeMongo.patch(c, 4 + 1 + 2, -5); // a negative binary length
        assertThrows(IllegalArgumentException.class, () -> Bson.read(c, 0, c.length));
        byte[] t = Bson.doc().int32("i", 1).bytes();
        t[4] = 0x42; // no such type
        assertThrows(IllegalArgumentException.class, () -> Bson.read(t, 0, t.length));
    }

    @Test
    void serverTextIsShownOnOneLineAndBounded() throws Exception {
        String hostile = "rs\n\u001b[31mFAKE: ready" + "x".repeat(50_000);
        Bson.Doc hello = Bson.doc().bool("isWritablePrimary", false).bool("secondary", false).string("setName", hostile)
                .string("primary", hostile).dbl("ok", 1);
        try (FakeMongo m = FakeMongo.hello(hello)) {
            Diagnosis d = probe(m.port()).diagnosis();
            assertEquals(Cause.STARTING_UP, d.cause(), d::toString);
            assertTrue(!d.message().contains("\n") && !d.message().contains("\u001b"), d::message);
            assertTrue(d.message().length() < 1_000, () -> d.message().length() + " characters");
        }
    }

    @Test
    void mutatedBsonIsReadOrRefusedButNeverThrowsAnythingElse() {
        byte[] valid = MongoReplicaSetTest.member(false, true).doc("nested", Bson.doc().array("a", Bson.doc().int64("0", 5)))
                .string("x", "y").binary("bin", new byte[] {1, 2, 3}).bytes();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = valid.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            int limit = random.nextInt(8) == 0 ? random.nextInt(b.length + 1) : b.length;
            try {
                Bson.read(b, 0, limit);
            } catch (IllegalArgumentException expected) {
                // refused with a message: what the probe turns into PROTOCOL_ERROR
            }
        }
    }

    @Test
    void mutatedMessagesAreReadOrRefusedButNeverThrowAnythingElse() {
        byte[] doc = MongoReplicaSetTest.member(true, false).bytes();
        byte[][] valid = {FakeMongo.opMsgReply(1, doc), FakeMongo.opReply(1, doc)};
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] m = valid[i % 2].clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) m[16 + random.nextInt(m.length - 16)] = (byte) random.nextInt(256);
            try {
                MongoWire.body(i % 2 == 0 ? MongoWire.OP_MSG : MongoWire.OP_REPLY, m);
            } catch (IllegalArgumentException expected) {
                // refused with a message: PROTOCOL_ERROR
            }
        }
    }

    static byte[] header(int length, int responseTo, int opCode) {
        byte[] h = new byte[16];
        FakeMongo.patch(h, 0, length);
        FakeMongo.patch(h, 4, 1);
        FakeMongo.patch(h, 8, responseTo);
        FakeMongo.patch(h, 12, opCode);
        return h;
    }
}
