package dev.readygate.protocol.mysql;

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
import java.util.Locale;

/**
 * mysql:// and mariadb://: ready when the server greets, lets readygate log in (or, without
 * credentials, answers the login at all) and answers COM_PING. See docs/mysql.md.
 */
public final class MysqlProtocol implements Protocol {
    private static final List<Key<?>> SETTINGS = Credentials.withTls();

    private final Probe probe = new MysqlProbe();

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public List<String> schemes() {
        return List.of("mysql", "mariadb");
    }

    @Override
    public int defaultPort(String scheme) {
        return 3306;
    }

    @Override
    public List<String[]> forms() {
        // one line each in --help (the description column is 53 wide); no "password:" in them: the help is masked as output
        return List.of(new String[] {"mysql://[USER@]HOST[:PORT][/DB]", "ready when USER logs in and COM_PING answers"},
                new String[] {"mariadb://[USER@]HOST[:PORT][/DB]", "the same; ?ssl-mode=required etc. for TLS"});
    }

    @Override
    public List<Key<?>> settings() {
        return SETTINGS;
    }

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        database(address.path(), shown);
        query(address.query(), shown);
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View s) {
        String shown = target.display();
        String db = database(target.uri().getRawPath(), shown);
        Query q = query(target.uri().getRawQuery(), shown);
        Credentials credentials = Credentials.read(target, s);
        TlsOptions given = TlsSettings.options(s);
        SslMode mode = q.sslMode;
        if (mode == null) mode = given.caCert() != null && !given.insecure() ? SslMode.VERIFY_CA : SslMode.PREFERRED;
        if (mode.verifiesChain() && given.insecure())
            throw s.bad(TlsSettings.INSECURE, "contradicts ssl-mode=" + mode.text() + " in the URL, which verifies the certificate: drop one of them");
        TlsOptions tls = mode.verifiesChain() ? given : new TlsOptions(true, null, given.clientCert(), given.clientKey());
        return new MysqlSpec(db, mode, credentials, tls, q.getServerPublicKey);
    }

    @Override
    public void preflight(Target target) {
        MysqlSpec spec = target.spec(MysqlSpec.class, null);
        if (spec == null || spec.sslMode() == SslMode.DISABLED) return;
        if (spec.tls().caCert() != null || spec.tls().clientCert() != null) TlsContexts.build(spec.tls());
    }

    @Override
    public Probe probe() {
        return probe;
    }

    private record Query(SslMode sslMode, boolean getServerPublicKey) {
    }

    /** The database of the path ("/db"), or null; a path of more segments is an error. */
    static String database(String rawPath, String shown) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) return null;
        String p = rawPath.substring(1);
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.contains("/"))
            throw new IllegalArgumentException(shown + ": the path of a MySQL target is one database name (mysql://HOST/DB), not '" + rawPath + "'");
        String db = decode(p, shown);
        if (db.isEmpty() || db.length() > 64 || db.indexOf('\0') >= 0)
            throw new IllegalArgumentException(shown + ": '" + p + "' is not a database name (1 to 64 characters)");
        return db;
    }

    private static Query query(String rawQuery, String shown) {
        SslMode mode = null;
        boolean key = false;
        if (rawQuery == null || rawQuery.isEmpty()) return new Query(null, false);
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), shown);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), shown);
            String norm = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            switch (norm) {
                case "sslmode" -> {
                    try {
                        mode = SslMode.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(shown + ": " + e.getMessage());
                    }
                }
                case "getserverpublickey", "allowpublickeyretrieval" -> key = bool(name, value, shown);
                default -> throw new IllegalArgumentException(shown + ": unknown parameter '" + name
                        + "'; a mysql:// target takes ssl-mode=" + SslMode.NAMES.replace(" or ", "|").replace(", ", "|")
                        + " and get-server-public-key=true|false");
            }
        }
        return new Query(mode, key);
    }

    private static boolean bool(String name, String value, String shown) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("1") || v.equals("yes") || v.isEmpty()) return true;
        if (v.equals("false") || v.equals("0") || v.equals("no")) return false;
        throw new IllegalArgumentException(shown + ": " + name + "='" + value + "' is not true or false");
    }

    private static String decode(String s, String shown) {
        try {
            return Percent.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(shown + ": '" + s + "' has a broken %-escape");
        }
    }
}
