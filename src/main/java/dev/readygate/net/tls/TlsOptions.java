package dev.readygate.net.tls;

import java.nio.file.Path;

/**
 * How a client sets up TLS, for every protocol that speaks it (https, postgres sslmode, rediss, ...):
 * certificates are verified unless insecure; {@code caCert} replaces the JDK's trust (curl's rule);
 * an optional client certificate and key for mutual TLS.
 */
public record TlsOptions(boolean insecure, Path caCert, Path clientCert, Path clientKey) {
    public static final TlsOptions DEFAULT = new TlsOptions(false, null, null, null);
}
