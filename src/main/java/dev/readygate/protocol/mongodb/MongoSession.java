package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.wire.Scram;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands of one attempt on one connection: hello (or isMaster), buildInfo, and the SCRAM
 * conversation, each a request and its reply; and the facts gathered on the way, which every
 * result carries as evidence (never the password).
 */
final class MongoSession {
    /** CommandNotFound: a server (before 4.4.2, 4.2.10, 4.0.21, 3.6.21, or an emulator) that does not know hello. */
    static final int COMMAND_NOT_FOUND = 59;
    static final int AUTHENTICATION_FAILED = 18;
    /** saslContinue rounds after the client's final message, at most (MongoDB needs one without skipEmptyExchange). */
    private static final int MAX_EXTRA_ROUNDS = 2;

    private final WireConnection c;
    private final MongoSpec spec;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private int nextRequest = 1;
    /**
     * The server does not know hello: isMaster went as OP_QUERY on admin.$cmd. Later commands stay
     * on OP_MSG, which the server answered (MongoDB 6.0 takes OP_QUERY for the handshake only, and
     * mongo-java-server closes the connection on other commands sent that way).
     */
    private boolean legacy;

    MongoSession(WireConnection c, MongoSpec spec) {
        this.c = c;
        this.spec = spec;
    }

    String address() {
        return c.address();
    }

    void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** The command that answered: hello, or isMaster on OP_QUERY. */
    String helloName() {
        return legacy ? "isMaster" : "hello";
    }

    void startTls() throws WireFailure {
        c.startTls(spec.tlsOptions());
    }

    /** hello on OP_MSG; isMaster on OP_QUERY when the server answers hello with CommandNotFound. */
    Map<String, Object> hello() throws WireFailure {
        long t0 = System.nanoTime();
        Map<String, Object> r = command(Bson.doc().int32("hello", 1), "admin", "hello");
        if (!ok(r) && Bson.intOf(r, "code", 0) == COMMAND_NOT_FOUND) {
            legacy = true;
            fact("helloUnknown", "the server answered hello with CommandNotFound (59): it predates hello (or emulates MongoDB)");
            r = command(Bson.doc().int32("isMaster", 1), "admin", "isMaster", true);
        }
        fact("command", legacy ? "isMaster (OP_QUERY)" : "hello (OP_MSG)");
        fact("helloMs", (System.nanoTime() - t0) / 1_000_000);
        return r;
    }

    /** The server's version (buildInfo needs no authentication); nothing when the server refuses it. */
    void buildInfo() throws WireFailure {
        Map<String, Object> r = command(Bson.doc().int32("buildInfo", 1), "admin", "buildInfo");
        String version = Bson.stringOf(r, "version");
        if (ok(r) && version != null) fact("version", Bson.shown(version));
    }

    /**
     * SCRAM-SHA-256 through saslStart and saslContinue on the authSource database.
     *
     * @throws WireFailure AUTH_FAILED (permanent) when the server refuses the user, or the state its error names
     */
    void authenticate() throws WireFailure {
        long t0 = System.nanoTime();
        String db = spec.authSource();
        fact("user", spec.credentials().user());
        fact("authSource", db);
        fact("auth", "SCRAM-SHA-256");
        Scram scram = new Scram(spec.credentials().user(), spec.credentials().password());
        Map<String, Object> r = command(Bson.doc().int32("saslStart", 1).string("mechanism", "SCRAM-SHA-256")
                .binary("payload", scram.clientFirst().getBytes(StandardCharsets.UTF_8))
                .doc("options", Bson.doc().bool("skipEmptyExchange", true)), db, "saslStart");
        if (!ok(r)) throw new WireFailure(authError(r, "saslStart"));
        Object id = r.get("conversationId");
        String clientFinal;
        try {
            clientFinal = scram.clientFinal(payload(r, "saslStart"));
        } catch (IllegalArgumentException e) {
            throw MongoWire.protocolError(c, c.address() + " sent a SCRAM message readygate cannot use: " + e.getMessage());
        }
        r = command(saslContinue(id, clientFinal.getBytes(StandardCharsets.UTF_8)), db, "saslContinue");
        if (!ok(r)) throw new WireFailure(authError(r, "saslContinue"));
        if (!scram.serverFinalValid(payload(r, "saslContinue")))
            throw new WireFailure(diagnosis(Cause.AUTH_FAILED, c.address() + " did not prove that it knows the password of user '"
                    + spec.credentials().user() + "' (its SCRAM server signature does not match)").variant("server-signature")
                    .hint("another server answers on this address, or the user was recreated meanwhile: check the host and port")
                    .permanent(true).build());
        for (int i = 0; i < MAX_EXTRA_ROUNDS && !Bson.truthy(r, "done"); i++) {
            r = command(saslContinue(id, new byte[0]), db, "saslContinue");
            if (!ok(r)) throw new WireFailure(authError(r, "saslContinue"));
        }
        if (!Bson.truthy(r, "done"))
            throw MongoWire.protocolError(c, c.address() + " did not end the SCRAM conversation after " + (2 + MAX_EXTRA_ROUNDS) + " rounds");
        fact("authMs", (System.nanoTime() - t0) / 1_000_000);
    }

    private static Bson.Doc saslContinue(Object conversationId, byte[] payload) {
        Bson.Doc d = Bson.doc().int32("saslContinue", 1);
        if (conversationId instanceof Long l) d.int64("conversationId", l);
        else d.int32("conversationId", conversationId instanceof Number n ? n.intValue() : 1);
        return d.binary("payload", payload);
    }

    private String payload(Map<String, Object> r, String command) throws WireFailure {
        if (r.get("payload") instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (r.get("payload") instanceof String str) return str;
        throw MongoWire.protocolError(c, c.address() + "'s reply to " + command + " has no SASL payload");
    }

    /** A refused authentication: AuthenticationFailed is AUTH_FAILED; an error naming a state is that state. */
    private Diagnosis authError(Map<String, Object> r, String command) {
        int code = Bson.intOf(r, "code", 0);
        Diagnosis state = stateOf(r, command);
        if (state != null) return state;
        String said = said(r);
        String who = "user '" + spec.credentials().user() + "' on database '" + spec.authSource() + "'";
        if (code == COMMAND_NOT_FOUND)
            return diagnosis(Cause.AUTH_FAILED, c.address() + " does not know " + command + " (" + said + "): it cannot check " + who)
                    .variant("no-sasl").hint("the server has no SCRAM authentication (an emulator or a very old MongoDB): drop the user"
                            + " from the URL").permanent(true).build();
        if (code == AUTHENTICATION_FAILED)
            return diagnosis(Cause.AUTH_FAILED, c.address() + " refused " + who + ": " + said).variant("18")
                    .hint("check the user, its password (--password-file, --password-env) and authSource: the database the user was"
                            + " created in (default admin)").permanent(true).build();
        return diagnosis(Cause.AUTH_FAILED, c.address() + " refused the SCRAM-SHA-256 login of " + who + ": " + said)
                .variant(code == 0 ? "" : String.valueOf(code))
                .hint("check the user and its mechanisms (db.getUser(...) lists SCRAM-SHA-256?), and authSource").permanent(true).build();
    }

    /** An ok:0 reply to hello or isMaster. */
    Diagnosis commandError(Map<String, Object> r, String command) {
        Diagnosis state = stateOf(r, command);
        if (state != null) return state;
        return diagnosis(Cause.SERVER_BUSY, c.address() + " answered " + command + " with an error: " + said(r))
                .variant(String.valueOf(Bson.intOf(r, "code", 0)))
                .hint("the server is up but refuses the handshake command: see its log").build();
    }

    /** Errors that name the server's state: shutting down, starting up, stepping down. */
    private Diagnosis stateOf(Map<String, Object> r, String command) {
        int code = Bson.intOf(r, "code", 0);
        String said = said(r);
        return switch (code) {
            case 91, 11600 -> diagnosis(Cause.SHUTTING_DOWN, c.address() + " is shutting down (" + command + ": " + said + ")")
                    .variant(String.valueOf(code)).build();
            case 94, 13436, 11602 -> diagnosis(Cause.STARTING_UP, c.address() + " is not ready to serve (" + command + ": " + said + ")")
                    .variant(String.valueOf(code)).hint("the member is starting, initiating or recovering: keep waiting").build();
            case 10107, 13435, 189 -> diagnosis(Cause.NOT_PRIMARY, c.address() + " is not primary (" + command + ": " + said + ")")
                    .variant(String.valueOf(code)).build();
            default -> null;
        };
    }

    /** "codeName (code): errmsg", as the server said it, on one line. */
    static String said(Map<String, Object> r) {
        String name = Bson.stringOf(r, "codeName");
        String msg = Bson.stringOf(r, "errmsg");
        if (msg == null) msg = Bson.stringOf(r, "$err");
        int code = Bson.intOf(r, "code", 0);
        StringBuilder sb = new StringBuilder();
        if (name != null) sb.append(Bson.shown(name));
        if (code != 0) sb.append(sb.length() > 0 ? " (" + code + ")" : "code " + code);
        if (msg != null) sb.append(sb.length() > 0 ? ": " : "").append(Bson.shown(msg));
        return sb.length() == 0 ? "ok: 0 without a code" : sb.toString();
    }

    static boolean ok(Map<String, Object> r) {
        return Bson.truthy(r, "ok") && !r.containsKey("$err");
    }

    Diagnosis.Builder diagnosis(Cause cause, String message) {
        return c.diagnosis(cause, message);
    }

    /** A diagnosis with what this session learnt (version, role, command, timings) in its evidence. */
    Diagnosis withFacts(Diagnosis d) {
        Diagnosis out = d;
        for (Map.Entry<String, Object> e : facts.entrySet())
            if (!out.evidence().containsKey(e.getKey())) out = out.withEvidence(e.getKey(), e.getValue());
        if (c.tls() != null && !out.evidence().containsKey("tlsProtocol")) out = out.withEvidence("tlsProtocol", c.tls().getProtocol());
        return out.withEvidence("elapsedMs", c.elapsedMs());
    }

    /** The evidence of a ready result. */
    Map<String, Object> evidence() {
        Map<String, Object> ev = c.evidence();
        ev.putAll(facts);
        ev.put("elapsedMs", c.elapsedMs());
        return ev;
    }

    /** Sends one command on OP_MSG (with $db) and reads its reply. */
    private Map<String, Object> command(Bson.Doc command, String db, String name) throws WireFailure {
        return command(command, db, name, false);
    }

    /** Sends one command (on OP_MSG with $db, or as OP_QUERY on DB.$cmd) and reads its reply. */
    private Map<String, Object> command(Bson.Doc command, String db, String name, boolean opQuery) throws WireFailure {
        int id = nextRequest++;
        byte[] message = opQuery ? MongoWire.opQuery(id, db, command.bytes()) : MongoWire.opMsg(id, command.string("$db", db).bytes());
        c.write(message, "sending " + name);
        return MongoWire.reply(c, id, "the reply to " + name);
    }
}
