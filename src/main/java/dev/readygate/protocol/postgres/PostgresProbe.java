package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.postgres.PostgresSpec.SslMode;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.protocol.wire.Scram;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One look at a PostgreSQL server: SSLRequest as the sslmode asks, a StartupMessage (protocol
 * 3.0), then the server's answer judged by {@link Verdicts}. Without a login to do (no user, no
 * password, no --primary or --sql-table) any authentication request means the server is up, as
 * pg_isready judges it, and the probe hangs up there without a word (the server logs nothing).
 * With one, it authenticates (SCRAM-SHA-256, MD5 or cleartext) through to ReadyForQuery, runs the
 * checks asked for, and says Terminate.
 */
public final class PostgresProbe implements Probe {
    /** The user of the StartupMessage when the target names none (pg_isready would send the OS user's name). */
    static final String DEFAULT_USER = "readygate";
    static final PostgresSpec DEFAULT = new PostgresSpec(Credentials.NONE, null, SslMode.PREFER,
            new TlsOptions(true, null, null, null), false, false, null);
    /** More messages than this in one exchange is a server talking forever. */
    private static final int MAX_MESSAGES = 2_000;

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        PostgresSpec spec = target.spec(PostgresSpec.class, DEFAULT);
        long deadline = System.nanoTime() + timeout.toNanos();
        Attempt first = new Attempt(target, spec, spec.sslMode() != SslMode.DISABLE);
        ProbeResult r = first.run(timeout);
        if (first.tlsFailure == null) return r;
        // sslmode=prefer: libpq tries again without TLS when the handshake fails
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) return ProbeResult.notReady(first.tlsFailure);
        Attempt plain = new Attempt(target, spec, false);
        plain.evidence.put("tlsFallback", first.tlsFailure.cause().name() + ": " + first.tlsFailure.message());
        return plain.run(Duration.ofNanos(left));
    }

    /** One connection. */
    private static final class Attempt {
        private final Target target;
        private final PostgresSpec spec;
        private final boolean tryTls;
        private final Map<String, Object> evidence = new LinkedHashMap<>();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private Diagnosis tlsFailure;
        private WireConnection c;
        private boolean authenticated;
        private boolean tls;
        private String auth = "none";
        private Scram scram;

        Attempt(Target target, PostgresSpec spec, boolean tryTls) {
            this.target = target;
            this.spec = spec;
            this.tryTls = tryTls;
        }

        ProbeResult run(Duration timeout) {
            try {
                c = WireConnection.open(target, timeout);
            } catch (WireFailure f) {
                return ProbeResult.notReady(f.diagnosis());
            }
            try {
                return exchange();
            } catch (WireFailure f) {
                return notReady(f.diagnosis());
            } finally {
                c.close();
            }
        }

        private ProbeResult exchange() throws WireFailure {
            if (tryTls && !negotiateTls()) return null;
            c.write(Wire.startup(startupParameters()), "sending the StartupMessage");
            String awaiting = "the answer to the StartupMessage";
            for (int i = 0; i < MAX_MESSAGES; i++) {
                Wire.Message m = Wire.read(c, awaiting);
                switch (m.type()) {
                    case 'R' -> {
                        ProbeResult done = authentication(m);
                        if (done != null) return done;
                        awaiting = authenticated ? "ReadyForQuery" : "the answer to the " + auth + " authentication";
                    }
                    case 'E' -> {
                        return verdict(Verdicts.startup(Wire.fields(m.body()), authenticated, spec, c, tls));
                    }
                    case 'S' -> parameter(m);
                    case 'N', 'K', 'v' -> {
                        // a notice, the cancel key, a protocol version note: nothing to judge
                    }
                    case 'Z' -> {
                        return loggedIn();
                    }
                    default -> throw unexpected(m, awaiting);
                }
            }
            throw new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, c.address() + " sent " + MAX_MESSAGES
                    + " messages without finishing the start-up").hint("this is not a PostgreSQL server as readygate knows it: check the port").build());
        }

        /**
         * SSLRequest: 'S' upgrades in place, 'N' goes on in plain text unless the sslmode requires TLS. False: the
         * handshake failed under sslmode=prefer, and (as libpq does) the probe tries again in plain text on a new connection.
         */
        private boolean negotiateTls() throws WireFailure {
            c.write(Wire.sslRequest(), "sending the SSLRequest");
            int answer = c.readByte("the answer to the SSLRequest ('S' or 'N')");
            if (answer == 'S') {
                try {
                    c.startTls(spec.tls(), spec.verifyHostname());
                } catch (WireFailure f) {
                    if (spec.sslMode() == SslMode.PREFER && f.diagnosis().cause() != Cause.READ_TIMEOUT) {
                        tlsFailure = f.diagnosis();
                        return false;
                    }
                    throw tlsHint(f);
                }
                tls = true;
                return true;
            }
            if (answer == 'N') {
                if (spec.sslMode() != SslMode.PREFER)
                    throw new WireFailure(c.diagnosis(Cause.TLS_ON_PLAIN_PORT, "PostgreSQL at " + c.address()
                                    + " does not offer TLS (it answered 'N' to the SSLRequest), and the target says sslmode=" + spec.sslMode().text())
                            .variant("N").permanent(true)
                            .hint("turn TLS on in the server (ssl=on with ssl_cert_file and ssl_key_file), or use sslmode=prefer or disable")
                            .evidence("sslmode", spec.sslMode().text()).build());
                evidence.put("tlsOffered", false);
                return true;
            }
            if (answer == 'E') {
                // a server that predates SSL answers with an ErrorResponse
                byte[] len = c.readFully(4, "the ErrorResponse to the SSLRequest");
                int n = Wire.int32(len, 0);
                if (n < 4 || n > Wire.MAX_MESSAGE) throw Wire.notPostgres(c, new byte[] {'E', len[0], len[1], len[2], len[3]}, "the answer to the SSLRequest");
                throw new WireFailure(Verdicts.startup(Wire.fields(c.readFully(n - 4, "the ErrorResponse")), false, spec, c, false).diagnosis());
            }
            throw Wire.notPostgres(c, new byte[] {(byte) answer}, "the answer to the SSLRequest ('S' or 'N')");
        }

        /** The TLS hints in sslmode's words (--insecure is no way out for postgres: sslmode=require is). */
        private WireFailure tlsHint(WireFailure f) {
            Diagnosis d = f.diagnosis();
            String hint = switch (d.cause()) {
                case TLS_UNTRUSTED -> "pass --ca-cert with the CA that issued the server's certificate (its ssl_cert_file),"
                        + " or use sslmode=require to skip the check, knowingly";
                case TLS_HOSTNAME_MISMATCH -> "use a host name the certificate lists, or sslmode=verify-ca to check the chain only";
                default -> null;
            };
            return hint == null ? f : new WireFailure(d.withHint(hint).withEvidence("sslmode", spec.sslMode().text()));
        }

        /** A second connection's SSLRequest is answered 'S' (within what is left of the attempt). */
        private boolean offersTls() {
            long left = c.remainingNanos();
            if (left <= 0) return false;
            try (WireConnection other = WireConnection.open(target, Duration.ofNanos(left))) {
                other.write(Wire.sslRequest(), "sending the SSLRequest");
                return other.readByte("the answer to the SSLRequest") == 'S';
            } catch (WireFailure f) {
                return false;
            }
        }

        private Map<String, String> startupParameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("user", spec.credentials().user(DEFAULT_USER));
            if (spec.database() != null) p.put("database", spec.database());
            p.put("application_name", "readygate");
            return p;
        }

        /** An Authentication message: null to read on, or the result. */
        private ProbeResult authentication(Wire.Message m) throws WireFailure {
            if (m.body().length < 4) throw unexpected(m, "an Authentication code");
            int code = m.int32(0);
            if (code == 0) {
                authenticated = true;
                if ("none".equals(auth)) auth = "trust";
                return null;
            }
            String method = switch (code) {
                case 3 -> "password";
                case 5 -> "md5";
                case 10 -> "SASL " + String.join(" ", Wire.cstrings(m.body(), 4));
                case 11, 12 -> "SASL";
                case 2 -> "Kerberos V5";
                case 7, 8 -> "GSSAPI";
                case 9 -> "SSPI";
                default -> "method " + code;
            };
            if (code == 11 || code == 12) return sasl(code, m);
            evidence.put("authRequested", method);
            if (!spec.needsLogin()) {
                // pg_isready's rule: an authentication request means the server is up; hang up without a word
                evidence.put("auth", "not attempted (no credentials)");
                return ready(false);
            }
            String user = spec.credentials().user(DEFAULT_USER);
            String password = spec.credentials().password();
            if (code != 3 && code != 5 && code != 10)
                throw new WireFailure(c.diagnosis(Cause.AUTH_FAILED, "PostgreSQL at " + c.address() + " asks user " + user + " for " + method
                                + " authentication, which readygate does not speak")
                        .hint("give this user a password method in pg_hba.conf (scram-sha-256), or probe without credentials").evidence(evidence).build());
            if (password == null)
                throw new WireFailure(c.diagnosis(Cause.AUTH_FAILED, "PostgreSQL at " + c.address() + " asks user " + user + " for a password ("
                                + method + "), and the target gives none")
                        .hint("give the password: in the URL, --password-file or --password-env (or drop the user to check only that the server is up)")
                        .evidence(evidence).build());
            if (code == 3) {
                auth = "password";
                c.write(Wire.password(password), "sending the password");
            } else if (code == 5) {
                if (m.body().length < 8) throw unexpected(m, "the MD5 salt");
                auth = "md5";
                c.write(Wire.password(Wire.md5Password(user, password, java.util.Arrays.copyOfRange(m.body(), 4, 8))), "sending the MD5 password");
            } else {
                List<String> mechanisms = Wire.cstrings(m.body(), 4);
                if (!mechanisms.contains("SCRAM-SHA-256"))
                    throw new WireFailure(c.diagnosis(Cause.AUTH_FAILED, "PostgreSQL at " + c.address() + " offers SASL " + mechanisms
                                    + ", and readygate speaks SCRAM-SHA-256 only").hint("allow scram-sha-256 for this user in pg_hba.conf")
                            .evidence(evidence).build());
                auth = "SCRAM-SHA-256";
                scram = new Scram("", password);
                c.write(Wire.saslInitial("SCRAM-SHA-256", scram.clientFirst()), "sending the SCRAM first message");
            }
            return null;
        }

        private ProbeResult sasl(int code, Wire.Message m) throws WireFailure {
            if (scram == null) throw unexpected(m, "no SASL step before its start");
            String data = m.text(4);
            if (code == 11) {
                String clientFinal;
                try {
                    clientFinal = scram.clientFinal(data);
                } catch (IllegalArgumentException e) {
                    throw new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, "PostgreSQL at " + c.address() + ": " + e.getMessage())
                            .hint("the server's SCRAM exchange is broken or hostile: check what listens on this port").build());
                }
                c.write(Wire.saslResponse(clientFinal), "sending the SCRAM proof");
                return null;
            }
            if (!scram.serverFinalValid(data))
                throw new WireFailure(c.diagnosis(Cause.AUTH_FAILED, "PostgreSQL at " + c.address()
                                + " accepted the SCRAM proof but could not prove that it knows the password (its signature does not match)")
                        .hint("something between readygate and the server, or a server that is not the one you meant, answered: check the address and use TLS (sslmode=verify-full)")
                        .build());
            return null;
        }

        private void parameter(Wire.Message m) {
            List<String> kv = Wire.cstrings(m.body(), 0);
            if (kv.size() >= 2 && parameters.size() < 64) parameters.put(kv.get(0), kv.get(1));
        }

        /** ReadyForQuery: the checks asked for, then Terminate. */
        private ProbeResult loggedIn() throws WireFailure {
            evidence.put("auth", auth);
            if (spec.primary()) {
                String hot = parameters.get("in_hot_standby");
                boolean standby;
                if (hot != null) {
                    standby = "on".equals(hot);
                } else {
                    Query.Result q = Query.run(c, "SELECT pg_catalog.pg_is_in_recovery()");
                    if (q.error() != null) return afterQuery(Verdicts.query(q.error(), c, "--primary's pg_is_in_recovery()"));
                    standby = "t".equals(q.value());
                    evidence.put("inRecovery", standby);
                }
                if (standby) {
                    Diagnosis d = c.diagnosis(Cause.NOT_PRIMARY, "PostgreSQL at " + c.address() + " is a hot standby (read-only replica)"
                                    + (hot != null ? ", in_hot_standby=on" : ", pg_is_in_recovery() is true") + ", and the target asks for the primary")
                            .hint("a standby becomes the primary only when promoted (pg_ctl promote, or a failover): point the target at the primary, or wait for the failover")
                            .evidence(evidence()).build();
                    c.goodbye(Wire.TERMINATE);
                    return notReady(d);
                }
            }
            if (spec.table() != null) {
                Query.Result q = Query.run(c, "SELECT pg_catalog.to_regclass(" + Query.literal(spec.table()) + ") IS NOT NULL");
                if (q.error() != null) return afterQuery(Verdicts.query(q.error(), c, "--sql-table " + spec.table()));
                evidence.put("table", spec.table());
                if (!"t".equals(q.value())) {
                    Diagnosis d = c.diagnosis(Cause.DATA_MISSING, "PostgreSQL at " + c.address() + " is up, but " + spec.table()
                                    + " does not exist in database " + parameters.getOrDefault("database", database()) + " (to_regclass is null)")
                            .hint("wait for the migrations to create it, or check --sql-table (schema.table as SQL names it: unquoted names are lower-cased)"
                                    + " and the database in the URL")
                            .evidence(evidence()).build();
                    c.goodbye(Wire.TERMINATE);
                    return notReady(d);
                }
            }
            return ready(true);
        }

        /** A query failed, and the session is still open (the server sent ReadyForQuery): Terminate, then the verdict. */
        private ProbeResult afterQuery(Verdicts.Verdict v) {
            ProbeResult r = notReady(v.diagnosis());
            c.goodbye(Wire.TERMINATE);
            return r;
        }

        private ProbeResult ready(boolean loggedIn) {
            Map<String, Object> ev = evidence();
            if (loggedIn) c.goodbye(Wire.TERMINATE);
            // else: hang up at the authentication request, as pg_isready does: the server logs nothing
            return ProbeResult.ready(ev, c.warning() == null ? List.of() : List.of(c.warning()));
        }

        private ProbeResult verdict(Verdicts.Verdict v) {
            if (!v.ready() && Verdicts.NO_ENCRYPTION.equals(v.diagnosis().variant()) && spec.sslMode() == SslMode.DISABLE && offersTls()) {
                Diagnosis d = v.diagnosis();
                return notReady(Diagnosis.builder(Cause.TLS_REQUIRED, d.message() + "; the server offers TLS (it answered 'S' to a second"
                                + " connection's SSLRequest)")
                        .variant("28000").permanent(true).evidence(d.evidence())
                        .hint("pg_hba.conf admits this client over TLS only (hostssl): use sslmode=require, or verify-full with --ca-cert").build());
            }
            if (v.ready()) {
                evidence.put("serverUp", v.note());
                return ProbeResult.ready(evidence(), c.warning() == null ? List.of() : List.of(c.warning()));
            }
            return notReady(v.diagnosis());
        }

        private ProbeResult notReady(Diagnosis d) {
            Map<String, Object> ev = new LinkedHashMap<>(d.evidence());
            evidence().forEach(ev::putIfAbsent);
            return ProbeResult.notReady(new Diagnosis(d.cause(), d.variant(), d.message(), d.hint(), d.permanent(), ev),
                    c == null || c.warning() == null ? List.of() : List.of(c.warning()));
        }

        private Map<String, Object> evidence() {
            Map<String, Object> ev = c.evidence();
            ev.put("sslmode", spec.sslMode().text());
            ev.put("tls", tls);
            ev.put("user", spec.credentials().user(DEFAULT_USER));
            ev.put("database", database());
            String version = parameters.get("server_version");
            if (version != null) ev.put("serverVersion", version);
            String hot = parameters.get("in_hot_standby");
            if (hot != null) ev.put("inHotStandby", hot);
            ev.putAll(evidence);
            ev.put("elapsedMs", c.elapsedMs());
            return ev;
        }

        private String database() {
            return spec.database() != null ? spec.database() : spec.credentials().user(DEFAULT_USER);
        }

        private WireFailure unexpected(Wire.Message m, String awaiting) {
            return new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, "PostgreSQL at " + c.address() + " sent an unexpected '" + m.type()
                            + "' message (" + m.body().length + " bytes) while readygate waited for " + awaiting)
                    .hint("the server does not follow protocol 3.0 as readygate knows it: check the port, and report the server's version").build());
        }
    }
}
