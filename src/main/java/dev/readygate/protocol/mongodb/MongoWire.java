package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.wire.Sniff;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * MongoDB's wire messages, little-endian: a 16-byte header ({@code messageLength, requestID,
 * responseTo, opCode}) then the body. The probe sends commands as OP_MSG (2013: flagBits, a
 * kind-0 section holding the command document with {@code $db}) or, for servers that know no
 * {@code hello}, as the legacy OP_QUERY (2004) on {@code admin.$cmd}, answered by OP_REPLY (1).
 * A reply is read bounded: a header that is no MongoDB header is named by {@link Sniff}, and a
 * length above {@link #MAX_REPLY} is refused before anything is allocated for it.
 */
final class MongoWire {
    static final int OP_REPLY = 1;
    static final int OP_QUERY = 2004;
    static final int OP_MSG = 2013;
    /** A hello, isMaster, buildInfo or SASL reply is a few KiB; a member list of 50 with tags stays far below this. */
    static final int MAX_REPLY = 256 * 1024;
    /** MongoDB's own limit for a message (maxMessageSizeBytes): lengths above it are no MongoDB header at all. */
    static final int MAX_MESSAGE = 48_000_000;
    /** Bytes read at first, at most (commands go in lockstep: nothing follows a reply, so these are all its own). */
    private static final int SNIFF = 64;

    private MongoWire() {
    }

    /** OP_MSG: flagBits 0, one kind-0 section with {@code command} (which carries {@code $db}). */
    static byte[] opMsg(int requestId, byte[] command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, 16 + 4 + 1 + command.length, requestId, OP_MSG);
        Bson.le32(out, 0);
        out.write(0);
        out.writeBytes(command);
        return out.toByteArray();
    }

    /** OP_QUERY on {@code DB.$cmd}: flags 0, skip 0, numberToReturn -1 (one reply document), the command. */
    static byte[] opQuery(int requestId, String db, byte[] command) {
        byte[] collection = (db + ".$cmd").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, 16 + 4 + collection.length + 1 + 8 + command.length, requestId, OP_QUERY);
        Bson.le32(out, 0);
        out.writeBytes(collection);
        out.write(0);
        Bson.le32(out, 0);
        Bson.le32(out, -1);
        out.writeBytes(command);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int length, int requestId, int opCode) {
        Bson.le32(out, length);
        Bson.le32(out, requestId);
        Bson.le32(out, 0);
        Bson.le32(out, opCode);
    }

    /**
     * Reads the reply to {@code requestId} and returns its document.
     *
     * @param awaiting what the probe waits for, e.g. "the reply to hello"
     * @throws WireFailure a transport cause, or PROTOCOL_ERROR naming what arrived instead
     */
    static Map<String, Object> reply(WireConnection c, int requestId, String awaiting) throws WireFailure {
        // the first read takes what has arrived, up to SNIFF bytes: enough to name another protocol's answer
        byte[] head = new byte[SNIFF];
        int n = 0;
        while (n < 16) {
            n += c.readSome(head, n, (n == 0 ? SNIFF : 16) - n, awaiting);
            if (n >= 4) {
                int len = Bson.le32(head, 0);
                if (len < 16 + 5 || len > MAX_MESSAGE) throw notMongo(c, head, n, awaiting);
            }
        }
        int len = Bson.le32(head, 0);
        int responseTo = Bson.le32(head, 8);
        int opCode = Bson.le32(head, 12);
        if (opCode != OP_MSG && opCode != OP_REPLY) throw notMongo(c, head, n, awaiting);
        if (responseTo != requestId)
            throw protocolError(c, c.address() + " answered request " + responseTo + " where readygate waited for " + awaiting
                    + " (request " + requestId + ")");
        if (len > MAX_REPLY)
            throw protocolError(c, c.address() + " announced a reply of " + len + " bytes to a " + awaiting.replaceFirst("^the reply to ", "")
                    + " command (readygate reads at most " + MAX_REPLY + ")");
        if (n > len) throw protocolError(c, c.address() + " sent more than the " + len + " bytes its reply announced");
        byte[] msg = new byte[len];
        System.arraycopy(head, 0, msg, 0, n);
        c.readFully(msg, n, len - n, awaiting);
        try {
            return body(opCode, msg);
        } catch (IllegalArgumentException e) {
            throw protocolError(c, c.address() + " sent a malformed " + (opCode == OP_MSG ? "OP_MSG" : "OP_REPLY") + " as " + awaiting
                    + ": " + e.getMessage());
        }
    }

    /**
     * The reply document of a whole message (header included) of {@code opCode}.
     *
     * @throws IllegalArgumentException when the message or its BSON is malformed
     */
    static Map<String, Object> body(int opCode, byte[] msg) {
        return opCode == OP_MSG ? opMsgBody(msg) : opReplyBody(msg);
    }

    /** flagBits, then sections; the kind-0 section is the reply's document (kind-1 sequences are skipped). */
    private static Map<String, Object> opMsgBody(byte[] m) {
        int flags = Bson.le32(m, 16);
        int end = m.length - ((flags & 1) != 0 ? 4 : 0); // checksumPresent: a CRC-32C ends the message
        int p = 20;
        Map<String, Object> body = null;
        while (p < end) {
            int kind = m[p++] & 0xff;
            if (p + 4 > end) throw new IllegalArgumentException("a section without its length");
            int size = Bson.le32(m, p);
            if (size < 5 || size > end - p) throw new IllegalArgumentException("a section of " + size + " bytes where " + (end - p) + " remain");
            if (kind == 0) {
                if (body != null) throw new IllegalArgumentException("two body sections");
                body = Bson.read(m, p, p + size);
            } else if (kind != 1) {
                throw new IllegalArgumentException("a section of unknown kind " + kind);
            }
            p += size;
        }
        if (body == null) throw new IllegalArgumentException("no body section");
        return body;
    }

    /** responseFlags, cursorID, startingFrom, numberReturned, then the documents: the first is the reply. */
    private static Map<String, Object> opReplyBody(byte[] m) {
        if (m.length < 36 + 5) throw new IllegalArgumentException("an OP_REPLY of " + m.length + " bytes holds no document");
        int returned = Bson.le32(m, 32);
        if (returned < 1) throw new IllegalArgumentException("an OP_REPLY without a document");
        return Bson.read(m, 36, m.length);
    }

    private static WireFailure notMongo(WireConnection c, byte[] head, int n, String awaiting) {
        return protocolError(c, c.address() + " is not a MongoDB server: it sent " + Sniff.describe(head, n) + " as " + awaiting);
    }

    static WireFailure protocolError(WireConnection c, String message) {
        return new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, message)
                .hint("the port answers, but not as MongoDB does: check the port and the scheme (mongodb:// is the MongoDB wire protocol,"
                        + " 27017 by default)").permanent(true).build());
    }
}
