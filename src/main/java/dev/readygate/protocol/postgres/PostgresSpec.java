package dev.readygate.protocol.postgres;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.wire.Credentials;

/**
 * What a postgres:// target asks for.
 *
 * @param credentials    the user and password (never printed), or {@link Credentials#NONE}
 * @param database       the database named in the URL, or null (the server then takes the user's name)
 * @param sslMode        libpq's sslmode (default prefer)
 * @param tls            the TLS options of the upgrade (trust, client certificate), already shaped by the sslmode
 * @param verifyHostname the certificate must name the host (verify-full)
 * @param primary        a hot standby is not ready (--primary)
 * @param table          a relation that must exist, as SQL names it ({@code schema.table}), or null (--sql-table)
 */
public record PostgresSpec(Credentials credentials, String database, SslMode sslMode, TlsOptions tls, boolean verifyHostname,
                           boolean primary, String table) implements ProtocolSpec {

    /** The probe must log in: credentials were given, or a check needs a session. */
    public boolean needsLogin() {
        return credentials.given() || primary || table != null;
    }

    /** libpq's sslmode values that readygate speaks. */
    public enum SslMode {
        DISABLE, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

        /** As the URL writes it, e.g. {@code verify-full}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static SslMode parse(String v) {
            for (SslMode m : values()) if (m.text().equals(v)) return m;
            throw new IllegalArgumentException("sslmode=" + v + " is not supported; use disable, prefer (the default), require, verify-ca or verify-full");
        }
    }
}
