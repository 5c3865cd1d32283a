package dev.readygate.protocol.mysql;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.wire.Credentials;

/**
 * A mysql:// or mariadb:// target's settings.
 *
 * @param database           the database of the URL's path, or null
 * @param sslMode            as the URL's ssl-mode asks (default preferred; verify-ca when --ca-cert is given and no mode is named)
 * @param tls                the options of the TLS upgrade (insecure unless the mode verifies the chain)
 * @param getServerPublicKey caching_sha2_password's full authentication without TLS may ask the server for its RSA key
 */
public record MysqlSpec(String database, SslMode sslMode, Credentials credentials, TlsOptions tls, boolean getServerPublicKey)
        implements ProtocolSpec {
    public static final MysqlSpec DEFAULT = new MysqlSpec(null, SslMode.PREFERRED, Credentials.NONE,
            new TlsOptions(true, null, null, null), false);

    /** The user readygate logs in as when the target names none. */
    public static final String DEFAULT_USER = "readygate";

    public MysqlSpec {
        credentials = credentials == null ? Credentials.NONE : credentials;
        tls = tls == null ? DEFAULT.tls : tls;
    }

    String user() {
        return credentials.user(DEFAULT_USER);
    }

    boolean verifyHostname() {
        return sslMode == SslMode.VERIFY_IDENTITY;
    }
}
