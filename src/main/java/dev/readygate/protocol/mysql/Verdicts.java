package dev.readygate.protocol.mysql;

import dev.readygate.base.OneLine;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.WireConnection;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a server's ERR packet means for readiness (the table of docs/mysql.md). With credentials
 * configured, an auth or access error is the user's to fix (permanent); without, it proves the
 * server is up and checking logins (READY, as pg_isready judges a password request).
 */
final class Verdicts {
    enum Stage {
        /** ERR instead of the greeting (1040 with every slot taken, 1129, 1130). */
        GREETING,
        /** ERR answering HandshakeResponse41 or an auth exchange. */
        LOGIN,
        /** ERR answering COM_PING after a login. */
        PING
    }

    static final String FLUSH_HOSTS_HINT = "unblock the host on the server: mariadb-admin flush-hosts, or FLUSH HOSTS (MySQL 8.0.23 and later:"
            + " TRUNCATE TABLE performance_schema.host_cache); then find the client that breaks off its handshakes and raise"
            + " max_connect_errors (readygate finishes every handshake, so it is not counted)";

    private final WireConnection conn;
    private final MysqlSpec spec;
    private final Map<String, Object> facts;
    private Greeting greeting;

    Verdicts(WireConnection conn, MysqlSpec spec, Map<String, Object> facts) {
        this.conn = conn;
        this.spec = spec;
        this.facts = facts;
    }

    void greeting(Greeting g) {
        this.greeting = g;
    }

    /**
     * @param unsupportedPlugin the plugin of an auth switch readygate could not answer, or null
     * @param refusedPlugin     the plugin that wanted the password itself while neither TLS nor the RSA key was allowed, or null
     */
    ProbeResult judge(ServerError e, Stage stage, String unsupportedPlugin, String refusedPlugin) {
        boolean creds = spec.credentials().given();
        String who = greeting == null ? conn.address() : greeting.flavour() + " " + greeting.version() + " at " + conn.address();
        String msg = switch (stage) {
            case GREETING -> conn.address() + " refused the connection instead of greeting: " + e.text();
            case LOGIN -> who + " refused the login of '" + spec.user() + "': " + e.text();
            case PING -> who + " answered COM_PING with " + e.text();
        };
        String lower = e.message().toLowerCase(Locale.ROOT);
        switch (e.code()) {
            case 1040:
                return fail(e, Cause.TOO_MANY_CONNECTIONS, msg, false, "every connection slot is taken (max_connections): find who holds"
                        + " the connections (SHOW PROCESSLIST as an admin; MariaDB keeps one extra slot for SUPER or CONNECTION ADMIN), or raise max_connections");
            case 1203:
                return fail(e, Cause.TOO_MANY_CONNECTIONS, msg, false, "the account's max_user_connections is reached: close its idle"
                        + " sessions, or raise the limit (ALTER USER ... WITH MAX_USER_CONNECTIONS)");
            case 1226:
                return fail(e, Cause.TOO_MANY_CONNECTIONS, msg, false, "the account's hourly resource limit is reached: it resets within"
                        + " the hour, or raise it (ALTER USER ... WITH MAX_CONNECTIONS_PER_HOUR)");
            case 1129:
                return fail(e, Cause.HOST_BLOCKED, msg, true, FLUSH_HOSTS_HINT);
            case 1130:
                return fail(e, Cause.ACCESS_DENIED, msg, true, "no account matches the host this client connects from (the address in"
                        + " the message): CREATE USER 'app'@'ADDRESS' (or '%') and GRANT it; with skip-name-resolve, accounts must name"
                        + " IP addresses, not host names");
            case 1045:
                if (!creds) return upWithoutCredentials(e, "the server is up and checks logins; give a user and a password to check a login");
                if (refusedPlugin != null)
                    return fail(e, Cause.TLS_REQUIRED, msg, true, refusedHint(refusedPlugin));
                return fail(e, Cause.AUTH_FAILED, msg, true, authHint(e, unsupportedPlugin));
            case 1044:
                if (!creds) return upWithoutCredentials(e, "the server is up and checks access; give a user and a password to check a login");
                return fail(e, Cause.ACCESS_DENIED, msg, true, "the account may not use this database: GRANT it access (GRANT ... ON "
                        + (spec.database() == null ? "DB" : "`" + spec.database() + "`") + ".* TO ...), or fix the database in the URL");
            case 1049:
                return fail(e, Cause.DATABASE_NOT_FOUND, msg, creds, "the database does not exist (yet): create it (CREATE DATABASE), fix"
                        + " the name in the URL, or wait for the set-up that creates it");
            case 1053:
                return fail(e, Cause.SHUTTING_DOWN, msg, false, null);
            case 3159:
                return fail(e, Cause.TLS_REQUIRED, msg, true, "the server requires TLS (require_secure_transport=ON): use ssl-mode=required");
            case 3032:
                return fail(e, Cause.SERVER_BUSY, msg, false, "the server is in offline_mode (maintenance): wait, or SET GLOBAL offline_mode=OFF");
            case 1047:
                return fail(e, Cause.SERVER_BUSY, msg, false, "a Galera node that has not joined its cluster yet (wsrep): wait for it to sync,"
                        + " and see SHOW STATUS LIKE 'wsrep_local_state_comment'");
            case 1251, 3118, 4151, 1862, 1820:
                if (!creds) return upWithoutCredentials(e, "the server is up and checks logins; give a user and a password to check a login");
                return fail(e, Cause.AUTH_FAILED, msg, true, authHint(e, unsupportedPlugin));
            case 1043:
                return fail(e, Cause.PROTOCOL_ERROR, msg, true, "the server did not understand readygate's handshake: report it with the"
                        + " server's version (see docs/mysql.md for what readygate speaks)");
            default:
                if (lower.contains("shutdown in progress") || lower.contains("server shutdown"))
                    return fail(e, Cause.SHUTTING_DOWN, msg, false, null);
                return fail(e, Cause.SERVER_BUSY, msg, false, "readygate does not know error " + e.code()
                        + ": see the message and the server's error log");
        }
    }

    static String refusedHint(String plugin) {
        if (Auth.CLEAR.equals(plugin))
            return "the account's mysql_clear_password wants the password in clear, which readygate sends only over TLS: use ssl-mode=required";
        String why = Auth.CACHING_SHA2.equals(plugin) ? "caching_sha2_password wants the password itself (its cache has not held this"
                + " account since the server started)" : "the account's " + plugin + " wants the password itself";
        return why + ", which readygate sends only over TLS or encrypted with the server's RSA key: use ssl-mode=required, or add"
                + " ?get-server-public-key=true";
    }

    private String authHint(ServerError e, String unsupportedPlugin) {
        String m = e.message().toLowerCase(Locale.ROOT);
        if (unsupportedPlugin != null)
            return "the account authenticates with " + OneLine.escape(unsupportedPlugin) + ", which readygate does not speak"
                    + " (it speaks mysql_native_password, caching_sha2_password, and sha256_password and mysql_clear_password over TLS):"
                    + " use another account, or leave out the credentials to check only that the server is up";
        if (e.code() == 3118 || e.code() == 4151 || m.contains("account is locked"))
            return "the account is locked: ALTER USER ... ACCOUNT UNLOCK";
        if (e.code() == 1862 || e.code() == 1820 || m.contains("expired"))
            return "the account's password has expired: set a new one (ALTER USER ... IDENTIFIED BY ...)";
        if (e.code() == 1251) return "the server wants an authentication method readygate does not speak: see docs/mysql.md";
        if (greeting != null && greeting.offersTls() && conn.tls() == null)
            return "TLS required? The server offers TLS and this login went without it (ssl-mode=" + spec.sslMode().text() + "); an account"
                    + " that REQUIREs SSL, or require_secure_transport=ON, is refused with this same 1045 on MariaDB: try ssl-mode=required";
        if (spec.credentials().password() == null && m.contains("using password: no"))
            return "no password was given: put it in the URL, --password-file or --password-env (or check the user name)";
        return Cause.AUTH_FAILED.hint();
    }

    private ProbeResult fail(ServerError e, Cause cause, String msg, boolean permanent, String hint) {
        Diagnosis.Builder b = conn.diagnosis(cause, msg).variant(Integer.toString(e.code())).permanent(permanent).evidence(evidence(e));
        if (hint != null) b.hint(hint);
        return ProbeResult.notReady(b.build());
    }

    private ProbeResult upWithoutCredentials(ServerError e, String note) {
        Map<String, Object> ev = evidence(e);
        ev.put("login", "refused (no credentials given)");
        ev.put("note", note);
        return ProbeResult.ready(ev);
    }

    private Map<String, Object> evidence(ServerError e) {
        Map<String, Object> ev = new LinkedHashMap<>(conn.evidence());
        ev.putAll(facts);
        ev.put("code", e.code());
        if (e.sqlState() != null) ev.put("sqlState", e.sqlState());
        ev.put("serverMessage", e.message());
        ev.put("elapsedMs", conn.elapsedMs());
        return ev;
    }
}
