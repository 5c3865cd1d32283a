package dev.readygate.protocol.mongodb;

import dev.readygate.testing.RawServer;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A byte-level MongoDB for the states no cheap real server gives (a secondary, RECOVERING, an
 * uninitiated replica set, shutting down, SCRAM): it reads OP_MSG and OP_QUERY requests and
 * answers each command with the reply an {@link Answer} builds, as OP_MSG (or OP_REPLY to an
 * OP_QUERY). Every loop is bounded.
 */
final class FakeMongo implements AutoCloseable {
    /** The reply document to a command (its first key), or null to close the connection. */
    interface Answer {
        Bson.Doc reply(String command, Map<String, Object> request) throws Exception;
    }

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final RawServer raw;

    FakeMongo(Answer answer) throws Exception {
        raw = new RawServer((s, srv) -> serve(s, answer));
    }

    /** Answers hello (or isMaster) with {@code hello}, buildInfo with version 7.0.14, everything else with CommandNotFound. */
    static FakeMongo hello(Bson.Doc hello) throws Exception {
        return new FakeMongo((cmd, req) -> switch (cmd) {
            case "hello", "isMaster" -> hello;
            case "buildInfo" -> Bson.doc().string("version", "7.0.14").int32("ok", 1);
            default -> error(59, "CommandNotFound", "no such command: '" + cmd + "'");
        });
    }

    static Bson.Doc error(int code, String codeName, String errmsg) {
        return Bson.doc().dbl("ok", 0).string("errmsg", errmsg).int32("code", code).string("codeName", codeName);
    }

    int port() {
        return raw.port();
    }

    private void serve(Socket s, Answer answer) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < 20; i++) {
            byte[] lenBytes = new byte[4];
            try {
                in.readFully(lenBytes);
            } catch (EOFException e) {
                return;
            }
            int len = Bson.le32(lenBytes, 0);
            if (len < 16 || len > 1 << 20) return;
            byte[] m = new byte[len];
            System.arraycopy(lenBytes, 0, m, 0, 4);
            in.readFully(m, 4, len - 4);
            int id = Bson.le32(m, 4);
            int op = Bson.le32(m, 12);
            Map<String, Object> doc;
            if (op == MongoWire.OP_MSG) {
                doc = Bson.read(m, 21, m.length);
            } else {
                int p = 20;
                while (m[p] != 0) p++;
                doc = Bson.read(m, p + 1 + 8, m.length);
            }
            String cmd = doc.keySet().iterator().next();
            commands.add(cmd);
            requests.add(doc);
            Bson.Doc reply = answer.reply(cmd, doc);
            if (reply == null) return;
            out.write(op == MongoWire.OP_MSG ? opMsgReply(id, reply.bytes()) : opReply(id, reply.bytes()));
            out.flush();
        }
    }

    static byte[] opMsgReply(int responseTo, byte[] doc) {
        byte[] m = MongoWire.opMsg(1000 + responseTo, doc);
        patch(m, 8, responseTo);
        return m;
    }

    static byte[] opReply(int responseTo, byte[] doc) {
        byte[] m = new byte[36 + doc.length];
        patch(m, 0, m.length);
        patch(m, 4, 1000 + responseTo);
        patch(m, 8, responseTo);
        patch(m, 12, MongoWire.OP_REPLY);
        patch(m, 32, 1);
        System.arraycopy(doc, 0, m, 36, doc.length);
        return m;
    }

    static void patch(byte[] m, int at, int v) {
        m[at] = (byte) v;
        m[at + 1] = (byte) (v >>> 8);
        m[at + 2] = (byte) (v >>> 16);
        m[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() throws Exception {
        raw.close();
    }

    /**
     * The server side of SCRAM-SHA-256 for one user (RFC 5802/7677, as MongoDB runs it with
     * skipEmptyExchange): checks the client's proof against the password it was given, and sends
     * its own signature. Wrong proof: AuthenticationFailed (18).
     */
    static final class ScramServer implements Answer {
        private final String user;
        private final String password;
        private final Bson.Doc hello;
        private final byte[] salt = "readygate-salt-16".getBytes(StandardCharsets.US_ASCII);
        private final int iterations = 4096;
        private String clientFirstBare;
        private String serverFirst;

        ScramServer(String user, String password, Bson.Doc hello) {
            this.user = user;
            this.password = password;
            this.hello = hello;
        }

        @Override
        public Bson.Doc reply(String command, Map<String, Object> req) throws Exception {
            switch (command) {
                case "hello":
                    return hello;
                case "buildInfo":
                    return Bson.doc().string("version", "7.0.14").int32("ok", 1);
                case "saslStart": {
                    String first = new String((byte[]) req.get("payload"), StandardCharsets.UTF_8);
                    clientFirstBare = first.substring(3); // "n,,"
                    String name = attr(clientFirstBare, 'n');
                    if (!name.equals(user)) return error(18, "AuthenticationFailed", "Authentication failed.");
                    serverFirst = "r=" + attr(clientFirstBare, 'r') + "srvnonce42,s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
                    return Bson.doc().int32("conversationId", 1).bool("done", false)
                            .binary("payload", serverFirst.getBytes(StandardCharsets.UTF_8)).dbl("ok", 1);
                }
                case "saslContinue": {
                    String fin = new String((byte[]) req.get("payload"), StandardCharsets.UTF_8);
                    String withoutProof = fin.substring(0, fin.indexOf(",p="));
                    byte[] proof = Base64.getDecoder().decode(attr(fin, 'p'));
                    byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
                    byte[] auth = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
                    byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
                    byte[] stored = MessageDigest.getInstance("SHA-256").digest(clientKey);
                    byte[] sig = hmac(stored, auth);
                    byte[] expected = new byte[clientKey.length];
                    for (int i = 0; i < expected.length; i++) expected[i] = (byte) (clientKey[i] ^ sig[i]);
                    if (!MessageDigest.isEqual(expected, proof)) return error(18, "AuthenticationFailed", "Authentication failed.");
                    byte[] serverSig = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), auth);
                    return Bson.doc().int32("conversationId", 1).bool("done", true)
                            .binary("payload", ("v=" + Base64.getEncoder().encodeToString(serverSig)).getBytes(StandardCharsets.UTF_8)).dbl("ok", 1);
                }
                default:
                    return error(59, "CommandNotFound", "no such command: '" + command + "'");
            }
        }

        private static String attr(String msg, char name) {
            for (String part : msg.split(",")) if (part.startsWith(name + "=")) return part.substring(2);
            throw new IllegalArgumentException("no " + name);
        }

        private static byte[] hmac(byte[] key, byte[] data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
    }
}
