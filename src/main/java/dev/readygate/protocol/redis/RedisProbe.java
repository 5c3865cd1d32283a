package dev.readygate.protocol.redis;

import dev.readygate.base.OneLine;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One look at a Redis server: HELLO 3 (with AUTH when credentials are given), falling back to
 * AUTH and PING on Redis before 6; SELECT when the URL names a database; PING; the key check of
 * --redis-key; then QUIT. rediss:// shakes hands first (TLS from the first byte). A TLS mismatch
 * either way is confirmed by a second connection in the other mode before it is called
 * TLS_ON_PLAIN_PORT or PLAIN_ON_TLS_PORT. See docs/redis.md for the verdicts.
 */
final class RedisProbe implements Probe {
    /** How much of a string value --redis-key=REGEX reads (GETRANGE 0..this-1). */
    static final int MAX_VALUE_BYTES = 64 * 1024;
    /** The part of a rediss:// budget kept to confirm a silent handshake with a plain PING (at most; a quarter of a short budget), as https:// keeps. */
    private static final Duration CONFIRM_RESERVE = Duration.ofMillis(300);
    private static final byte[] QUIT = Resp.command("QUIT");
    private static final RedisSpec DEFAULT = new RedisSpec(Credentials.NONE, -1, null, false, null);

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        RedisSpec spec = target.spec(RedisSpec.class, DEFAULT);
        if ("rediss".equals(target.scheme()) && spec.tls() == null)
            spec = new RedisSpec(spec.credentials(), spec.db(), dev.readygate.net.tls.TlsOptions.DEFAULT, spec.requireAuthOk(), spec.key());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean tls = spec.tls() != null;
        Duration reserve = tls ? min(CONFIRM_RESERVE, timeout.dividedBy(4)) : Duration.ZERO;
        WireConnection conn;
        try {
            conn = WireConnection.open(target, timeout.minus(reserve));
        } catch (WireFailure f) {
            return ProbeResult.notReady(f.diagnosis());
        }
        Session session = new Session(conn, spec);
        try {
            if (tls) {
                try {
                    conn.startTls(spec.tls());
                } catch (WireFailure f) {
                    return ProbeResult.notReady(tlsOnPlain(target, f.diagnosis(), conn, deadline), warnings(conn));
                }
            }
            return session.run();
        } catch (WireFailure f) {
            Diagnosis d = f.diagnosis();
            if (!tls) d = plainOnTls(d, conn, deadline);
            for (Map.Entry<String, Object> fact : session.facts.entrySet())
                if (!d.evidence().containsKey(fact.getKey())) d = d.withEvidence(fact.getKey(), fact.getValue());
            return ProbeResult.notReady(d.withEvidence("elapsedMs", conn.elapsedMs()), warnings(conn));
        } finally {
            // no plain QUIT on a connection whose TLS handshake failed: just close it
            if (tls && conn.tls() == null) conn.close();
            else conn.goodbye(QUIT);
        }
    }

    private static List<Diagnosis> warnings(WireConnection conn) {
        return conn.warning() == null ? List.of() : List.of(conn.warning());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * rediss:// met a port that answered the handshake in plain text, or not at all (Redis waits for
     * a line end that a ClientHello may not hold): a plain PING on a second connection tells.
     */
    private static Diagnosis tlsOnPlain(Target target, Diagnosis d, WireConnection conn, long deadline) {
        boolean plainAnswer = d.cause() == Cause.TLS_ON_PLAIN_PORT;
        boolean silent = d.cause() == Cause.READ_TIMEOUT && conn.received() == 0 && conn.tls() == null;
        if ((!plainAnswer && !silent) || Thread.currentThread().isInterrupted()) return d;
        long left = (deadline - System.nanoTime()) / 1_000_000;
        String reply = left < 50 ? null : plainReply(target, Duration.ofMillis(left));
        if (reply == null && !plainAnswer) return d;
        String port = Integer.toString(conn.port());
        return conn.diagnosis(Cause.TLS_ON_PLAIN_PORT, conn.address() + (plainAnswer ? " answered the TLS handshake in plain text"
                        : " did not answer the TLS handshake") + (reply == null ? "" : ", and a plain PING gets " + reply)
                        + ": it is Redis's plain port, not its tls-port")
                .hint("use redis://" + hostPort(target) + " for the plain port, or the server's tls-port (tls-port in redis.conf;"
                        + " port " + port + " is its plain 'port') with rediss://")
                .evidence("plainReply", reply).evidence("tlsError", d.evidence().get("error")).build();
    }

    /** What a plain PING on a fresh connection gets ("+PONG", "-NOAUTH ..."), or null when no RESP reply comes. */
    private static String plainReply(Target target, Duration timeout) {
        try (WireConnection c = WireConnection.open(target, timeout)) {
            c.write(Resp.command("PING"), "sending PING");
            Resp.Reply r = new Resp.Reader(c).read("the reply to PING");
            c.goodbye(QUIT);
            if (r instanceof Resp.Simple s) return "+" + OneLine.escape(s.text());
            if (r instanceof Resp.Error e) return "-" + e.line();
            return null;
        } catch (WireFailure f) {
            return null;
        }
    }

    /**
     * redis:// met a port that reset or closed the plain connection before a byte (Redis's
     * tls-port does that), or sent a TLS record: a TLS handshake on a second connection tells.
     */
    private static Diagnosis plainOnTls(Diagnosis d, WireConnection conn, long deadline) {
        String protocol = conn.tlsOnlyPort(d, deadline);
        if (protocol == null) return d;
        boolean tlsRecord = conn.answeredWithTls();
        return conn.diagnosis(Cause.PLAIN_ON_TLS_PORT, conn.address() + (tlsRecord ? " answered plain RESP with a TLS record"
                        : " reset or closed the plain connection before a byte") + ", and completes a TLS handshake (" + protocol
                        + "): it is a Redis tls-port")
                .hint("use rediss://" + conn.host() + ":" + conn.port() + " (with --ca-cert when its certificate is private, and"
                        + " --client-cert/--client-key when the server has tls-auth-clients yes), or the server's plain port with redis://")
                .evidence("tlsProtocol", protocol).evidence("plainError", d.message()).build();
    }

    private static String hostPort(Target target) {
        return dev.readygate.base.HostPort.bracket(target.endpoint().host()) + ":" + target.endpoint().port();
    }

    /** The exchange on one connection. */
    static final class Session {
        private final WireConnection conn;
        private final RedisSpec spec;
        final Resp.Reader reader;
        final Map<String, Object> facts = new java.util.LinkedHashMap<>();
        private final List<Diagnosis> warnings = new ArrayList<>();

        Session(WireConnection conn, RedisSpec spec) {
            this.conn = conn;
            this.spec = spec;
            this.reader = new Resp.Reader(conn);
        }

        ProbeResult run() throws WireFailure {
            if (conn.warning() != null) warnings.add(conn.warning());
            Credentials c = spec.credentials();
            if (c.user() != null) facts.put("user", c.user());
            if (c.password() != null) facts.put("passwordFrom", c.passwordSource());
            ProbeResult early = hello();
            if (early != null) return early;
            if (spec.db() >= 0) {
                Resp.Reply r = call("SELECT", Integer.toString(spec.db()));
                if (r instanceof Resp.Error e) return judge(e, "SELECT " + spec.db());
                if (!ok(r)) return unexpected(r, "SELECT");
                facts.put("db", spec.db());
            }
            Resp.Reply pong = call("PING");
            if (pong instanceof Resp.Error e) {
                ProbeResult r = judge(e, "PING");
                if (!r.ready() || spec.key() == null) return r;
            } else if (!(pong instanceof Resp.Simple s && "PONG".equalsIgnoreCase(s.text()))
                    && !(pong instanceof Resp.Bulk)) {
                return unexpected(pong, "PING");
            } else {
                facts.put("ping", "PONG");
            }
            if (spec.key() != null) {
                ProbeResult k = key(spec.key());
                if (k != null) return k;
            }
            return ready();
        }

        /** HELLO 3 [AUTH user pass] SETNAME readygate; the fallback to AUTH on Redis before 6. Null to go on. */
        private ProbeResult hello() throws WireFailure {
            Credentials c = spec.credentials();
            List<String> words = new ArrayList<>(List.of("HELLO", "3"));
            if (c.given()) words.addAll(List.of("AUTH", c.user("default"), c.password() == null ? "" : c.password()));
            words.addAll(List.of("SETNAME", "readygate"));
            conn.write(Resp.command(words.toArray(String[]::new)), "sending HELLO");
            Resp.Reply r = reader.read("the reply to HELLO");
            if (r instanceof Resp.Aggregate a) {
                server(a);
                return null;
            }
            if (!(r instanceof Resp.Error e)) return unexpected(r, "HELLO");
            boolean noHello = e.is("NOPROTO") || (e.is("ERR") && e.message().toLowerCase(java.util.Locale.ROOT).startsWith("unknown command"));
            if (!noHello) return judge(e, "HELLO");
            facts.put("protocol", "RESP2");
            facts.put("helloReply", e.line());
            if (!c.given()) return null;
            List<String> auth = new ArrayList<>(List.of("AUTH"));
            if (c.user() != null) auth.add(c.user());
            auth.add(c.password() == null ? "" : c.password());
            Resp.Reply a = call(auth.toArray(String[]::new));
            if (a instanceof Resp.Error ae) {
                String m = ae.message().toLowerCase(java.util.Locale.ROOT);
                if (m.contains("no password is set") || m.contains("without any password configured")) {
                    warnings.add(conn.diagnosis(Cause.AUTH_FAILED, "the server has no password, but the target gives one (-" + ae.line() + ")")
                            .variant("no-password-set").permanent(false)
                            .hint("drop the password from the target, or set requirepass on the server").build());
                    return null;
                }
                return judge(ae, "AUTH");
            }
            return ok(a) ? null : unexpected(a, "AUTH");
        }

        /** The facts of HELLO's map (or flat array of pairs): server, version, proto, mode, role. */
        private void server(Resp.Aggregate a) {
            List<Resp.Reply> items = a.items();
            boolean pairs = a.isMap() || (a.type() == '*' && items.size() % 2 == 0); // RESP2's HELLO reply is a flat array
            for (int i = 0; pairs && i + 1 < items.size(); i += 2) {
                String k = text(items.get(i));
                Object v = items.get(i + 1) instanceof Resp.Int n ? (Object) n.value() : text(items.get(i + 1));
                if (k == null || v == null) continue;
                switch (k) {
                    case "server" -> facts.put("server", v);
                    case "version" -> facts.put("serverVersion", v);
                    case "proto" -> facts.put("protocol", "RESP" + v);
                    case "mode" -> facts.put("mode", v);
                    case "role" -> facts.put("role", v);
                    default -> {
                    }
                }
            }
            facts.putIfAbsent("protocol", "RESP3");
        }

        private static String text(Resp.Reply r) {
            if (r instanceof Resp.Simple s) return OneLine.escape(s.text());
            if (r instanceof Resp.Bulk b && b.bytes().length <= 200) return OneLine.escape(b.text());
            return null;
        }

        private static boolean ok(Resp.Reply r) {
            return r instanceof Resp.Simple s && "OK".equalsIgnoreCase(s.text());
        }

        private Resp.Reply call(String... words) throws WireFailure {
            conn.write(Resp.command(words), "sending " + words[0]);
            return reader.read("the reply to " + words[0]);
        }

        /** --redis-key: EXISTS, then GETRANGE for a regex. Null when the key is as expected. */
        private ProbeResult key(RedisSpec.KeyExpect key) throws WireFailure {
            String name = "'" + OneLine.escape(key.name()) + "'";
            String where = spec.db() >= 0 ? " in database " + spec.db() : "";
            Resp.Reply r = call("EXISTS", key.name());
            if (r instanceof Resp.Error e) return judge(e, "EXISTS " + name);
            if (!(r instanceof Resp.Int n)) return unexpected(r, "EXISTS");
            facts.put("key", key.name());
            if (n.value() < 1)
                return notReady(conn.diagnosis(Cause.DATA_MISSING, "the key " + name + " does not exist" + where + " (yet)")
                        .variant("key").hint("keep waiting for the seeding; check the key name and the /DB of the URL (--redis-key)"));
            if (key.valueRegex() == null) return null;
            Resp.Reply v = call("GETRANGE", key.name(), "0", Integer.toString(MAX_VALUE_BYTES - 1));
            if (v instanceof Resp.Error e) {
                if (e.is("WRONGTYPE"))
                    return notReady(conn.diagnosis(Cause.DATA_MISSING, "the key " + name + where + " holds no string value (-" + e.line()
                            + "), so =" + OneLine.escape(key.valueRegex().pattern()) + " cannot match")
                            .variant("key-type").hint("--redis-key KEY=REGEX reads string values: name a string key, or drop =REGEX"));
                return judge(e, "GETRANGE " + name);
            }
            if (!(v instanceof Resp.Bulk b)) return unexpected(v, "GETRANGE");
            String value = b.text();
            if (key.valueRegex().matcher(value).find()) {
                facts.put("keyValueBytes", b.bytes().length);
                return null;
            }
            return notReady(conn.diagnosis(Cause.DATA_MISSING, "the value of " + name + where + " (" + b.bytes().length
                            + " bytes) does not match /" + OneLine.escape(key.valueRegex().pattern()) + "/")
                    .variant("key-value").hint("keep waiting for the value to be written; check the regex (Java syntax, found anywhere)")
                    .evidence("keyValueBytes", b.bytes().length));
        }

        private ProbeResult ready() {
            Map<String, Object> ev = conn.evidence();
            ev.putAll(facts);
            ev.put("elapsedMs", conn.elapsedMs());
            return ProbeResult.ready(ev, warnings);
        }

        private ProbeResult notReady(Diagnosis.Builder b) {
            b.evidence(facts).evidence("elapsedMs", conn.elapsedMs());
            if (conn.tls() != null) b.evidence("tlsProtocol", conn.tls().getProtocol());
            return ProbeResult.notReady(b.build(), warnings);
        }

        private ProbeResult unexpected(Resp.Reply r, String command) {
            return notReady(conn.diagnosis(Cause.PROTOCOL_ERROR, conn.address() + " answered " + command + " with " + describe(r)
                    + ", not what Redis answers").variant("unexpected-reply").permanent(false)
                    .hint("a Redis-compatible server that answers differently, or a proxy: check what listens on the port"));
        }

        private static String describe(Resp.Reply r) {
            if (r instanceof Resp.Simple s) return "'+" + OneLine.escape(s.text()) + "'";
            if (r instanceof Resp.Int n) return "the number " + n.value();
            if (r instanceof Resp.Bulk b) return "a string of " + b.bytes().length + " bytes";
            if (r instanceof Resp.Null) return "a null";
            if (r instanceof Resp.Aggregate a) return "an aggregate of " + a.items().size() + " elements";
            return r.toString();
        }

        /** The verdict of an error reply to {@code command}. */
        private ProbeResult judge(Resp.Error e, String command) throws WireFailure {
            String said = " (-" + e.line() + ")";
            String msg = e.message().toLowerCase(java.util.Locale.ROOT);
            Diagnosis.Builder b;
            switch (e.code()) {
                case "LOADING" -> {
                    b = conn.diagnosis(Cause.STARTING_UP, "Redis is loading its dataset into memory" + progress() + said)
                            .variant("LOADING").hint("keep waiting: Redis answers once the RDB/AOF is loaded (INFO persistence shows"
                                    + " loading_loaded_perc and loading_eta_seconds)");
                }
                case "BUSY" -> b = conn.diagnosis(Cause.SERVER_BUSY, "Redis is busy running a script or function" + said)
                        .variant("BUSY").hint("a script runs longer than busy-reply-threshold (lua-time-limit): wait for it, or stop it"
                                + " with SCRIPT KILL / FUNCTION KILL (SHUTDOWN NOSAVE if it wrote); see the server's log and SLOWLOG");
                case "MASTERDOWN" -> b = conn.diagnosis(Cause.SERVER_BUSY, "this replica has lost its master and does not serve stale data"
                                + said).variant("MASTERDOWN")
                        .hint("check the master the replica follows (INFO replication: master_host, master_link_status); it serves"
                                + " again once the link is up, or with replica-serve-stale-data yes");
                case "MISCONF" -> b = conn.diagnosis(Cause.SERVER_BUSY, "Redis cannot save its RDB snapshot and refuses writes, and PING"
                                + " with them" + said).variant("MISCONF")
                        .hint("the last background save failed (disk full, the dir gone or not writable: see the server's log and INFO"
                                + " persistence rdb_last_bgsave_status); it serves again after a successful BGSAVE");
                case "NOAUTH" -> {
                    return noAuth(e);
                }
                case "WRONGPASS" -> b = authFailed(e);
                case "DENIED" -> b = conn.diagnosis(Cause.ACCESS_DENIED, "Redis denies this client" + said).variant("DENIED")
                        .hint("Redis runs in protected mode (no password, not bound to this interface): set a password (requirepass"
                                + " or an ACL user) and give it to readygate, or bind the server to this interface");
                case "NOPERM" -> {
                    if (command.equals("PING")) {
                        warnings.add(conn.diagnosis(Cause.ACCESS_DENIED, "user '" + spec.credentials().user("default")
                                        + "' may not run PING" + said + "; it is authenticated and served, so the server is ready")
                                .variant("NOPERM").permanent(false)
                                .hint("grant PING to the user to silence this (ACL SETUSER USER +ping)").build());
                        facts.put("ping", "-NOPERM");
                        return ready();
                    }
                    b = conn.diagnosis(Cause.ACCESS_DENIED, "user '" + spec.credentials().user("default") + "' may not run " + command + said)
                            .variant("NOPERM").hint("grant the command to the user (ACL SETUSER USER +" + command.split(" ")[0].toLowerCase(java.util.Locale.ROOT)
                                    + ", and ~KEY for keys), or use another user");
                }
                case "CLUSTERDOWN", "TRYAGAIN" -> b = conn.diagnosis(Cause.SERVER_BUSY, "the Redis cluster does not serve" + said)
                        .variant(e.code()).hint("wait for the cluster to cover all slots (CLUSTER INFO: cluster_state)");
                default -> {
                    if (msg.startsWith("max number of clients reached")) {
                        b = conn.diagnosis(Cause.TOO_MANY_CONNECTIONS, "Redis refuses new clients: every maxclients slot is taken" + said)
                                .variant("maxclients").hint("wait, or raise maxclients; find the client that holds connections with"
                                        + " CLIENT LIST and INFO clients");
                    } else if (msg.contains("invalid password") || msg.contains("invalid username-password")) {
                        b = authFailed(e);
                    } else if (msg.startsWith("db index is out of range") || msg.contains("invalid db index")) {
                        b = conn.diagnosis(Cause.DATABASE_NOT_FOUND, "Redis has no database " + spec.db() + said).variant("db")
                                .hint("the server has fewer databases ('databases' in redis.conf, 16 by default): fix the /DB of the URL");
                    } else if (msg.contains("not allowed in cluster mode")) {
                        b = conn.diagnosis(Cause.DATABASE_NOT_FOUND, "Redis Cluster has database 0 only" + said).variant("cluster-db")
                                .hint("drop the /DB from the URL: a cluster node serves database 0 only");
                    } else if (e.code().equals("MOVED") || e.code().equals("ASK")) {
                        b = conn.diagnosis(Cause.DATA_MISSING, "the key lives on another cluster node" + said).variant("MOVED")
                                .permanent(true).hint("point the target at the node that serves the key's slot (the address after MOVED)");
                    } else {
                        b = conn.diagnosis(Cause.PROTOCOL_ERROR, "Redis answered " + command + " with an error readygate does not know" + said)
                                .variant(e.code()).permanent(false).hint("see the server's log; a renamed or disabled command (rename-command)"
                                        + " or a Redis-compatible server can answer this");
                    }
                }
            }
            return notReady(b.evidence("command", command.split(" ")[0]).evidence("code", e.code()).evidence("reply", e.line()));
        }

        private Diagnosis.Builder authFailed(Resp.Error e) {
            Credentials c = spec.credentials();
            String who = c.user() != null ? "user '" + c.user() + "'" : "the default user";
            return conn.diagnosis(Cause.AUTH_FAILED, "Redis refused the credentials of " + who
                            + (c.passwordSource() == null ? " (no password)" : " (password from " + c.passwordSource() + ")")
                            + " (-" + e.line() + ")").variant(e.code())
                    .hint("check the user and the password (in the URL, --password-file or --password-env); an ACL user must be 'on'"
                            + " (ACL LIST); with requirepass only, give the password without a user (the user is then 'default')");
        }

        /** -NOAUTH: the server is up and wants a password; ready, unless --require-auth-ok. */
        private ProbeResult noAuth(Resp.Error e) {
            String said = " (-" + e.line() + ")";
            if (spec.requireAuthOk() || spec.credentials().given())
                return notReady(conn.diagnosis(Cause.AUTH_FAILED, "Redis wants a password and the target gives none" + said)
                        .variant("NOAUTH").permanent(true).hint("give the password (in the URL, --password-file or --password-env); or drop --require-auth-ok to call a server that asks for one ready")
                        .evidence("code", e.code()).evidence("reply", e.line()));
            warnings.add(conn.diagnosis(Cause.AUTH_FAILED, "the server is up and wants a password" + said
                            + "; readygate did not log in, so states behind the password (LOADING, BUSY) stay hidden")
                    .variant("NOAUTH").permanent(false)
                    .hint("give the password (--password-file, --password-env) to check more, or --require-auth-ok to make this a failure")
                    .build());
            facts.put("auth", "required, none given");
            facts.put("reply", e.line());
            return ready();
        }

        /** ", 42.5% loaded, about 3 s left" from INFO persistence, or "" when it cannot be read. */
        private String progress() {
            try {
                Resp.Reply r = call("INFO", "persistence");
                if (!(r instanceof Resp.Bulk b)) return "";
                String perc = null;
                String eta = null;
                for (String line : b.text().split("\r?\n")) {
                    if (line.startsWith("loading_loaded_perc:")) perc = line.substring(20).trim();
                    if (line.startsWith("loading_eta_seconds:")) eta = line.substring(20).trim();
                }
                StringBuilder sb = new StringBuilder();
                if (perc != null && perc.matches("[0-9.]{1,12}")) {
                    facts.put("loadingLoadedPerc", Double.parseDouble(perc));
                    sb.append(", ").append(perc).append("% loaded");
                }
                if (eta != null && eta.matches("-?[0-9]{1,12}")) {
                    facts.put("loadingEtaSeconds", Long.parseLong(eta));
                    sb.append(", about ").append(eta).append(" s left");
                }
                return sb.toString();
            } catch (WireFailure | RuntimeException f) {
                return "";
            }
        }
    }
}
