package dev.readygate.protocol.mysql;

import dev.readygate.base.OneLine;
import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exchange of one attempt, on one connection:
 * <pre>
 * server: greeting (HandshakeV10) or ERR              (1040, 1129, 1130 come instead of a greeting)
 * client: [SSLRequest (seq 1), TLS handshake]         (per ssl-mode)
 * client: HandshakeResponse41 (user, auth response, [db], plugin)
 * server: OK | ERR | AuthSwitchRequest (0xfe) | AuthMoreData (0x01) ... (at most {@link #MAX_ROUNDS} packets)
 * client: COM_PING (0x0e, seq 0)    server: OK | ERR
 * client: COM_QUIT (0x01)
 * </pre>
 */
final class Login {
    static final byte[] COM_QUIT = {1, 0, 0, 0, 1};
    static final byte[] COM_PING = {0x0e};
    static final int MAX_ROUNDS = 8;
    /** utf8_general_ci: known to every server since 4.1 (user and database names travel in it). */
    static final int CHARSET = 33;
    static final int MAX_PACKET = 16 * 1024 * 1024;

    private final WireConnection conn;
    private final MysqlSpec spec;
    private final Packets packets;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private Greeting greeting;
    private boolean tls;

    Login(WireConnection conn, MysqlSpec spec) {
        this.conn = conn;
        this.spec = spec;
        this.packets = new Packets(conn);
    }

    /** What is known of the server so far (for the evidence of any result). */
    Map<String, Object> facts() {
        return facts;
    }

    ProbeResult run() throws WireFailure {
        Packets.Packet first = packets.readFirst();
        Verdicts verdicts = new Verdicts(conn, spec, facts);
        if (first.first() == 0xff) return verdicts.judge(ServerError.parse(first.payload()), Verdicts.Stage.GREETING, null, null);
        if (first.first() != 0x0a)
            throw protocolError("greets with protocol version " + first.first() + "; readygate speaks HandshakeV10 (MySQL 4.1 and later)");
        try {
            greeting = Greeting.parse(first.payload());
        } catch (Cursor.Truncated t) {
            throw protocolError("sent a greeting that ends before its " + t.getMessage());
        }
        facts.put("server", greeting.flavour());
        facts.put("version", OneLine.escape(greeting.version()));
        facts.put("connectionId", greeting.connectionId());
        if (greeting.authPlugin() != null) facts.put("authPlugin", OneLine.escape(greeting.authPlugin()));
        facts.put("serverOffersTls", greeting.offersTls());
        facts.put("sslMode", spec.sslMode().text());
        facts.put("user", spec.user());
        if (spec.database() != null) facts.put("database", spec.database());
        verdicts.greeting(greeting);
        if (!greeting.has(Greeting.CLIENT_PROTOCOL_41) || !greeting.has(Greeting.CLIENT_SECURE_CONNECTION))
            throw protocolError("is older than MySQL 4.1 (no CLIENT_PROTOCOL_41 or CLIENT_SECURE_CONNECTION): readygate does not speak its login");

        long caps = capabilities();
        if (spec.sslMode().requiresTls() && !greeting.offersTls()) {
            finishWithoutSecrets(caps);
            return ProbeResult.notReady(conn.diagnosis(Cause.TLS_HANDSHAKE, greeting.flavour() + " " + greeting.version() + " at " + conn.address()
                            + " offers no TLS (no CLIENT_SSL in its greeting), and ssl-mode=" + spec.sslMode().text() + " requires it")
                    .variant("no-tls").permanent(true)
                    .hint("configure TLS on the server (ssl_cert and ssl_key; SHOW VARIABLES LIKE 'have_ssl' says YES), or use ssl-mode=preferred")
                    .evidence(evidence()).build());
        }
        if (spec.sslMode() != SslMode.DISABLED && greeting.offersTls()) {
            caps |= Greeting.CLIENT_SSL;
            packets.write(java.util.Arrays.copyOf(handshakeResponse(caps, "", new byte[0], null), 32), "sending the SSLRequest");
            if (packets.buffered() > 0) throw protocolError("sent bytes after its greeting, before the TLS handshake");
            conn.startTls(spec.tls(), spec.verifyHostname());
            tls = true;
        }
        long loginStart = System.nanoTime();
        String plugin = greeting.has(Greeting.CLIENT_PLUGIN_AUTH) && greeting.authPlugin() != null && Auth.speaks(greeting.authPlugin())
                ? greeting.authPlugin() : Auth.NATIVE;
        byte[] scramble = greeting.scramble();
        String password = spec.credentials().password();
        boolean keyRequested = false;
        String unsupported = null;
        String refused = null;
        byte[] response = firstResponse(plugin, password, scramble);
        if (response == null) {
            refused = plugin;
            response = new byte[0];
        }
        packets.write(handshakeResponse(caps, spec.user(), response, plugin), "sending the login (HandshakeResponse41)");
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Packets.Packet p = packets.read("the server's answer to the login");
            switch (p.first()) {
                case 0x00 -> {
                    facts.put("loginMs", (System.nanoTime() - loginStart) / 1_000_000);
                    return ping(verdicts);
                }
                case 0xff -> {
                    return verdicts.judge(ServerError.parse(p.payload()), Verdicts.Stage.LOGIN, unsupported, refused);
                }
                case 0xfe -> {
                    if (p.payload().length == 1) {
                        unsupported = "mysql_old_password";
                        packets.write(new byte[0], "answering the auth switch");
                        continue;
                    }
                    Cursor c = new Cursor(p.payload(), 1);
                    try {
                        plugin = c.cstring("plugin name", true);
                    } catch (Cursor.Truncated t) {
                        throw protocolError("sent an auth switch without a plugin name");
                    }
                    facts.put("authPlugin", OneLine.escape(plugin));
                    scramble = Auth.nonce(c.rest());
                    byte[] answer = Auth.speaks(plugin) ? firstResponse(plugin, password, scramble) : new byte[0];
                    if (!Auth.speaks(plugin)) unsupported = plugin;
                    if (answer == null) {
                        refused = plugin;
                        answer = new byte[0];
                    }
                    packets.write(answer, "answering the auth switch to " + plugin);
                }
                case 0x01 -> {
                    byte[] data = java.util.Arrays.copyOfRange(p.payload(), 1, p.payload().length);
                    if (Auth.CACHING_SHA2.equals(plugin) && data.length == 1 && data[0] == Auth.FAST_AUTH_OK) continue;
                    if (Auth.CACHING_SHA2.equals(plugin) && data.length == 1 && data[0] == Auth.FULL_AUTH) {
                        facts.put("fullAuthentication", true);
                        if (password == null || password.isEmpty() || tls) {
                            packets.write(Auth.clear(password == null ? "" : password), "sending the password over TLS");
                        } else if (spec.getServerPublicKey()) {
                            keyRequested = true;
                            packets.write(Auth.REQUEST_KEY_CACHING_SHA2, "asking for the server's RSA public key");
                        } else {
                            refused = plugin;
                            packets.write(new byte[] {0}, "declining full authentication without TLS");
                        }
                        continue;
                    }
                    // a key only when readygate asked for one: a key pushed unasked could be a man in the middle's
                    boolean sha256Asked = Auth.SHA256.equals(plugin) && !tls && spec.getServerPublicKey();
                    if ((Auth.CACHING_SHA2.equals(plugin) && keyRequested) || sha256Asked) {
                        byte[] encrypted;
                        try {
                            encrypted = Auth.rsaEncrypted(password, scramble, data);
                        } catch (IllegalArgumentException e) {
                            throw protocolError("answered the request for its public key oddly: " + e.getMessage());
                        }
                        facts.put("rsaPublicKey", true);
                        packets.write(encrypted, "sending the RSA-encrypted password");
                        continue;
                    }
                    throw protocolError("sent AuthMoreData that " + plugin + " does not expect");
                }
                default -> throw protocolError("answered the login with a packet of type 0x" + Integer.toHexString(p.first()));
            }
        }
        throw protocolError("did not end the login after " + MAX_ROUNDS + " packets");
    }

    /**
     * The first answer to a plugin's challenge, or null when it would need the password in clear
     * without TLS (sha256_password without permission to fetch the key, mysql_clear_password).
     */
    private byte[] firstResponse(String plugin, String password, byte[] scramble) {
        boolean secret = password != null && !password.isEmpty();
        if (secret && !tls && Auth.CLEAR.equals(plugin)) return null;
        if (secret && !tls && Auth.SHA256.equals(plugin) && !spec.getServerPublicKey()) return null;
        return Auth.firstResponse(plugin, password, scramble, tls);
    }

    private ProbeResult ping(Verdicts verdicts) throws WireFailure {
        long t0 = System.nanoTime();
        packets.command(COM_PING, "sending COM_PING");
        Packets.Packet p = packets.read("the answer to COM_PING");
        if (p.first() == 0xff) return verdicts.judge(ServerError.parse(p.payload()), Verdicts.Stage.PING, null, null);
        if (p.first() != 0x00) throw protocolError("answered COM_PING with a packet of type 0x" + Integer.toHexString(p.first()));
        facts.put("pingMs", Math.round((System.nanoTime() - t0) / 10_000.0) / 100.0);
        facts.put("login", "ok");
        Map<String, Object> ev = evidence();
        conn.goodbye(COM_QUIT);
        return ProbeResult.ready(ev);
    }

    /** Ends the handshake of a connection that must not carry the password (no TLS where it is required). */
    private void finishWithoutSecrets(long caps) {
        try {
            packets.write(handshakeResponse(caps, spec.user(), new byte[0], Auth.NATIVE), "ending the handshake");
            packets.read("the server's answer to the login");
        } catch (WireFailure ignored) {
            // the verdict is already made; this only spares the server an aborted connection
        }
    }

    Map<String, Object> evidence() {
        Map<String, Object> ev = conn.evidence();
        ev.putAll(facts);
        ev.put("elapsedMs", conn.elapsedMs());
        return ev;
    }

    private long capabilities() {
        long caps = Greeting.CLIENT_LONG_PASSWORD | Greeting.CLIENT_PROTOCOL_41 | Greeting.CLIENT_TRANSACTIONS | Greeting.CLIENT_SECURE_CONNECTION;
        if (greeting.has(Greeting.CLIENT_PLUGIN_AUTH)) caps |= Greeting.CLIENT_PLUGIN_AUTH;
        if (greeting.has(Greeting.CLIENT_PLUGIN_AUTH_LENENC_DATA)) caps |= Greeting.CLIENT_PLUGIN_AUTH_LENENC_DATA;
        if (spec.database() != null && greeting.has(Greeting.CLIENT_CONNECT_WITH_DB)) caps |= Greeting.CLIENT_CONNECT_WITH_DB;
        return caps;
    }

    /**
     * HandshakeResponse41: caps, max packet, charset, 23 zero bytes, user (NUL), a length-prefixed
     * auth response, [db (NUL)], [plugin (NUL)]. Its first 32 bytes are the SSLRequest.
     */
    static byte[] handshakeResponse(long caps, String user, byte[] auth, String plugin, String db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        le32(out, caps);
        le32(out, MAX_PACKET);
        out.write(CHARSET);
        out.writeBytes(new byte[23]);
        out.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        if ((caps & Greeting.CLIENT_PLUGIN_AUTH_LENENC_DATA) != 0 && auth.length >= 251) {
            out.write(0xfc);
            out.write(auth.length & 0xff);
            out.write(auth.length >>> 8 & 0xff);
        } else {
            out.write(Math.min(auth.length, 250));
        }
        out.write(auth, 0, (caps & Greeting.CLIENT_PLUGIN_AUTH_LENENC_DATA) != 0 ? auth.length : Math.min(auth.length, 250));
        if ((caps & Greeting.CLIENT_CONNECT_WITH_DB) != 0 && db != null) {
            out.writeBytes(db.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        if ((caps & Greeting.CLIENT_PLUGIN_AUTH) != 0 && plugin != null) {
            out.writeBytes(plugin.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private byte[] handshakeResponse(long caps, String user, byte[] auth, String plugin) {
        return handshakeResponse(caps, user, auth, plugin, spec.database());
    }

    private static void le32(ByteArrayOutputStream out, long v) {
        out.write((int) (v & 0xff));
        out.write((int) (v >>> 8 & 0xff));
        out.write((int) (v >>> 16 & 0xff));
        out.write((int) (v >>> 24 & 0xff));
    }

    private WireFailure protocolError(String what) {
        String who = greeting == null ? conn.address() : greeting.flavour() + " " + greeting.version() + " at " + conn.address();
        return new WireFailure(conn.diagnosis(Cause.PROTOCOL_ERROR, who + " " + what)
                .hint("check the port and the scheme; if this is a MySQL-compatible server, readygate may not speak this variant (see docs/mysql.md)")
                .evidence(evidence()).build());
    }
}
