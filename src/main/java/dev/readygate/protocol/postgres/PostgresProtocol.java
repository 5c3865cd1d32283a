package dev.readygate.protocol.postgres;

import dev.readygate.base.Percent;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.net.tls.TlsContexts;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.ArrayList;
import java.util.List;

/**
 * postgres:// and postgresql://: ready when the server accepts a start-up (pg_isready's rule
 * without credentials, a login through to ReadyForQuery with them), told apart by SQLSTATE from
 * starting up, saturated, auth and database errors.
 */
public final class PostgresProtocol implements Protocol {
    public static final Key<Boolean> PRIMARY = Key.flag("primary")
            .help("postgres: a hot standby (in_hot_standby=on) is not ready; needs a login (a user, and a password unless trust)").build();
    public static final Key<String> SQL_TABLE = Key.scalar("sql-table", PostgresProtocol::table).label("SCHEMA.TABLE")
            .help("postgres: ready only once this table (or view) exists, as SQL names it (to_regclass); needs a login").build();

    private static final List<Key<?>> SETTINGS = Credentials.withTls(PRIMARY, SQL_TABLE);

    private final Probe probe = new PostgresProbe();

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<String> schemes() {
        return List.of("postgres", "postgresql");
    }

    @Override
    public int defaultPort(String scheme) {
        return 5432;
    }

    @Override
    public List<String[]> forms() {
        return List.of(new String[] {"postgres://[USER@]HOST[:PORT][/DB]", "ready when it accepts a start-up; with a user, a login"},
                new String[] {"postgresql://...?sslmode=MODE", "disable, prefer (default), require, verify-ca/-full"});
    }

    @Override
    public List<Key<?>> settings() {
        return SETTINGS;
    }

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        database(address.path(), shown);
        sslMode(address.query(), shown);
        if (address.fragment() != null) throw new IllegalArgumentException(shown + ": a postgres target has no #fragment");
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View s) {
        String shown = TargetAddress.shown(target.uri().toString());
        String database = database(target.uri().getRawPath(), shown);
        PostgresSpec.SslMode mode = sslMode(target.uri().getRawQuery(), shown);
        Credentials credentials = Credentials.read(target, s);
        TlsOptions given = TlsSettings.options(s);
        boolean verifyChain = mode == PostgresSpec.SslMode.VERIFY_CA || mode == PostgresSpec.SslMode.VERIFY_FULL;
        if (mode == PostgresSpec.SslMode.DISABLE && (given.caCert() != null || given.clientCert() != null))
            throw s.bad(given.caCert() != null ? TlsSettings.CA_CERT : TlsSettings.CLIENT_CERT, "is given, but the target says sslmode=disable");
        if (verifyChain && given.insecure())
            throw s.bad(TlsSettings.INSECURE, "contradicts sslmode=" + mode.text() + "; use sslmode=require to skip certificate checks");
        // libpq: require (and prefer) verify the chain as verify-ca does when a root certificate is given
        boolean insecure = !verifyChain && given.caCert() == null;
        TlsOptions tls = new TlsOptions(insecure, given.caCert(), given.clientCert(), given.clientKey());
        return new PostgresSpec(credentials, database, mode, tls, mode == PostgresSpec.SslMode.VERIFY_FULL, s.get(PRIMARY), s.get(SQL_TABLE));
    }

    @Override
    public void preflight(Target target) {
        PostgresSpec spec = target.spec(PostgresSpec.class, null);
        if (spec == null || spec.sslMode() == PostgresSpec.SslMode.DISABLE) return;
        if (spec.tls().caCert() != null || spec.tls().clientCert() != null) TlsContexts.build(spec.tls());
    }

    @Override
    public Probe probe() {
        return probe;
    }

    /** The database of a path {@code /DB}, or null for none. */
    static String database(String rawPath, String shown) {
        if (rawPath == null || rawPath.isEmpty() || "/".equals(rawPath)) return null;
        String name = rawPath.substring(1);
        if (name.contains("/"))
            throw new IllegalArgumentException(shown + ": a postgres target's path is one database name (postgres://HOST/DB), not '" + rawPath + "'");
        String db = Percent.decodeOrAsIs(name);
        if (db.isEmpty() || db.indexOf('\0') >= 0 || db.length() > 256)
            throw new IllegalArgumentException(shown + ": '" + name + "' is not a database name");
        return db;
    }

    /** The sslmode of the query ({@code sslmode=MODE}, the only parameter readygate reads), prefer when absent. */
    static PostgresSpec.SslMode sslMode(String rawQuery, String shown) {
        PostgresSpec.SslMode mode = PostgresSpec.SslMode.PREFER;
        if (rawQuery == null || rawQuery.isEmpty()) return mode;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = Percent.decodeOrAsIs(eq < 0 ? pair : pair.substring(0, eq));
            if (!"sslmode".equals(name))
                throw new IllegalArgumentException(shown + ": readygate reads only sslmode in a postgres URL, not '" + name + "'"
                        + ("password".equals(name) ? " (give the password in the user info, --password-file or --password-env)" : ""));
            try {
                mode = PostgresSpec.SslMode.parse(eq < 0 ? "" : Percent.decodeOrAsIs(pair.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(shown + ": " + e.getMessage());
            }
        }
        return mode;
    }

    /** --sql-table: a relation name as SQL writes it (schema.table, quoted parts kept), checked for length and control characters. */
    static String table(String v) {
        String t = v.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("a table name is needed, e.g. public.users");
        if (t.length() > 300) throw new IllegalArgumentException("'" + t.substring(0, 40) + "...' is longer than a schema.table name can be");
        for (int i = 0; i < t.length(); i++)
            if (Character.isISOControl(t.charAt(i)))
                throw new IllegalArgumentException("a table name has no control characters");
        return t;
    }

}
