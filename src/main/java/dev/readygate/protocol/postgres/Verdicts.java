package dev.readygate.protocol.postgres;

import dev.readygate.base.OneLine;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.wire.WireConnection;

import java.util.Locale;
import java.util.Map;

/**
 * What an ErrorResponse means, by its SQLSTATE (the message text only picks the variant and the
 * hint: it may be translated by the server's lc_messages). Without a login to do, any error but
 * 57P03, 53300 and the shutdown codes means the server is up (pg_isready's rule).
 */
final class Verdicts {
    /** Either the server is up ({@code note} says why), or a diagnosis. */
    record Verdict(boolean ready, String note, Diagnosis diagnosis) {
        static Verdict up(String note) {
            return new Verdict(true, note, null);
        }

        static Verdict not(Diagnosis d) {
            return new Verdict(false, null, d);
        }
    }

    static final String NO_ENCRYPTION = "no-encryption";

    private Verdicts() {
    }

    /** An ErrorResponse to the start-up (before or after authentication). */
    static Verdict startup(Map<Character, String> f, boolean authenticated, PostgresSpec spec, WireConnection c, boolean tls) {
        String code = f.getOrDefault('C', "");
        String message = f.getOrDefault('M', "");
        String detail = f.getOrDefault('D', "");
        String text = (message + " " + detail).toLowerCase(Locale.ROOT);
        String said = "PostgreSQL at " + c.address() + " refused the start-up " + (authenticated ? "after" : "before") + " authentication: "
                + code + " " + OneLine.escape(message) + (detail.isEmpty() ? "" : " (" + OneLine.escape(detail) + ")");
        String upNote = "answered the start-up with " + code + " " + OneLine.escape(message);
        boolean login = spec.needsLogin();
        switch (code) {
            case "57P03" -> {
                if (text.contains("shutting down"))
                    return Verdict.not(build(c, Cause.SHUTTING_DOWN, said, f, authenticated).variant("57P03")
                            .hint("the server is shutting down (a smart shutdown waits for open sessions to end): wait for its restart, or for a failover").build());
                if (text.contains("hot standby mode is disabled"))
                    return Verdict.not(build(c, Cause.STARTING_UP, said, f, authenticated).variant("standby")
                            .hint("this is a standby with hot_standby=off: it never accepts connections until it is promoted (pg_ctl promote,"
                                    + " or a failover); set hot_standby=on to read from it, or point the target at the primary").build());
                if (text.contains("recovery mode"))
                    return Verdict.not(build(c, Cause.STARTING_UP, said, f, authenticated).variant("recovery")
                            .hint("a backend crashed and the server reset every session: it accepts connections again in moments; see its log for the crash").build());
                if (text.contains("not yet accepting"))
                    return Verdict.not(build(c, Cause.STARTING_UP, said, f, authenticated).variant("recovery")
                            .hint("the server replays WAL (crash or archive recovery) until it is consistent: keep waiting; a large WAL takes longer").build());
                return Verdict.not(build(c, Cause.STARTING_UP, said, f, authenticated).variant("57P03")
                        .hint(text.contains("starting up") ? Cause.STARTING_UP.hint()
                                : "the server does not accept connections yet (57P03: starting, recovering, or a standby with hot_standby=off): see its log").build());
            }
            case "53300" -> {
                boolean reserved = text.contains("reserved");
                return Verdict.not(build(c, Cause.TOO_MANY_CONNECTIONS, said, f, authenticated).variant("53300")
                        .hint(reserved ? "saturated: the free connection slots are reserved (superuser_reserved_connections, reserved_connections)"
                                + " for roles this user is not; see pg_stat_activity for who holds the others, or raise max_connections"
                                : "saturated: every connection slot is taken (max_connections); see pg_stat_activity for who holds them,"
                                + " put a pooler (PgBouncer) in front, or raise max_connections").build());
            }
            case "57P01", "57P02" -> {
                return Verdict.not(build(c, Cause.SHUTTING_DOWN, said, f, authenticated).variant(code).build());
            }
            case "28P01" -> {
                if (!login) return Verdict.up(upNote);
                return Verdict.not(build(c, Cause.AUTH_FAILED, said, f, authenticated).variant("28P01")
                        .hint("the password of user " + spec.credentials().user(PostgresProbe.DEFAULT_USER) + " is wrong (or the role does not exist):"
                                + " check --password-file/--password-env and the role (ALTER ROLE ... PASSWORD)").build());
            }
            case "28000" -> {
                if (!login) return Verdict.up(upNote);
                Diagnosis.Builder b = build(c, Cause.ACCESS_DENIED, said, f, authenticated).variant("28000");
                if (text.contains("does not exist"))
                    return Verdict.not(b.hint("the role does not exist: create it (CREATE ROLE ... LOGIN PASSWORD ...), or fix the user in the URL").build());
                if (text.contains("not permitted to log in"))
                    return Verdict.not(b.hint("the role may not log in: ALTER ROLE ... LOGIN, or use a login role").build());
                if (text.contains("certificate"))
                    return Verdict.not(b.hint("the pg_hba.conf line asks for a client certificate (cert, clientcert=verify-full): pass --client-cert"
                            + " and --client-key with one the server's ssl_ca_file trusts, whose CN is the user").build());
                if (text.contains("rejects"))
                    return Verdict.not(b.hint("a pg_hba.conf reject line matches this host, user and database: change pg_hba.conf (and reload), or use another user").build());
                if (text.contains("no encryption") && !tls)
                    return Verdict.not(b.variant(NO_ENCRYPTION).hint("no pg_hba.conf line admits this client without encryption: if a hostssl line"
                            + " would admit it, use sslmode=require; otherwise add a host line for this host, user and database (and reload)").build());
                return Verdict.not(b.hint("no pg_hba.conf line admits this host, user and database: add one (and reload), or use another user").build());
            }
            case "3D000" -> {
                if (!login && spec.database() == null) return Verdict.up(upNote);
                return Verdict.not(build(c, Cause.DATABASE_NOT_FOUND, said, f, authenticated).variant("3D000")
                        .hint("the database does not exist (yet): create it (createdb), or fix the name in the URL"
                                + (spec.database() == null ? "; without /DB in the URL the server takes the user's name" : "")).build());
            }
            case "42501" -> {
                if (!login && spec.database() == null) return Verdict.up(upNote);
                return Verdict.not(build(c, Cause.ACCESS_DENIED, said, f, authenticated).variant("42501")
                        .hint("the user may not connect to this database: GRANT CONNECT ON DATABASE ... TO ..., or use another user").build());
            }
            case "08P01", "0A000" -> {
                return Verdict.not(build(c, Cause.PROTOCOL_ERROR, said, f, authenticated).variant(code).permanent(true)
                        .hint("the server did not take readygate's protocol 3.0 start-up: is this PostgreSQL 7.4 or later (or a proxy that speaks it)?").build());
            }
            default -> {
                if (!login && !code.startsWith("53")) return Verdict.up(upNote);
                return Verdict.not(build(c, Cause.SERVER_BUSY, said, f, authenticated).variant(code)
                        .hint(code.startsWith("53") ? "the server is out of a resource (disk, memory): see its log" : "see the server's log for this error").build());
            }
        }
    }

    /** An ErrorResponse to one of readygate's queries (--primary, --sql-table). */
    static Verdict query(Map<Character, String> f, WireConnection c, String what) {
        String code = f.getOrDefault('C', "");
        String said = "PostgreSQL at " + c.address() + " answered " + what + " with " + code + " " + OneLine.escape(f.getOrDefault('M', ""));
        boolean wrongName = code.startsWith("42") || code.startsWith("22") || code.startsWith("0A") || code.startsWith("3F");
        Diagnosis.Builder b = Diagnosis.builder(wrongName ? Cause.DATA_MISSING : Cause.SERVER_BUSY, said).variant(code)
                .evidence("sqlstate", code).evidence("serverMessage", f.get('M'));
        if (wrongName) return Verdict.not(b.permanent(true)
                .hint("the check cannot work as written: write --sql-table as SQL names a table (schema.table; quote mixed-case names: public.\"Users\")").build());
        return Verdict.not(b.hint("the query failed on the server: see its log").build());
    }

    private static Diagnosis.Builder build(WireConnection c, Cause cause, String said, Map<Character, String> f, boolean authenticated) {
        return c.diagnosis(cause, said).evidence("sqlstate", f.get('C')).evidence("serverMessage", f.get('M')).evidence("detail", f.get('D'))
                .evidence("severity", f.containsKey('V') ? f.get('V') : f.get('S')).evidence("authenticated", authenticated);
    }
}
