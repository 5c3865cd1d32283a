package dev.readygate.protocol.mysql;

import java.util.Locale;

/**
 * MySQL's {@code --ssl-mode} (the same names, written in the URL as {@code ?ssl-mode=required}):
 * whether TLS is used, and what of the server's certificate is checked.
 */
public enum SslMode {
    /** Plain text, even when the server offers TLS. */
    DISABLED,
    /** TLS when the greeting offers it (CLIENT_SSL), else plain; the certificate is not checked. The default. */
    PREFERRED,
    /** TLS or fail; the certificate is not checked (as the mysql client does). */
    REQUIRED,
    /** TLS, and the chain checked against --ca-cert (or the JDK's trust); not the host name. */
    VERIFY_CA,
    /** TLS, the chain and the host name checked. */
    VERIFY_IDENTITY;

    static final String NAMES = "disabled, preferred, required, verify-ca or verify-identity";

    /** Case-insensitive, with '-' or '_': {@code verify-ca}, {@code VERIFY_CA}. */
    static SslMode parse(String text) {
        String v = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SslMode m : values()) if (m.name().equals(v)) return m;
        throw new IllegalArgumentException("ssl-mode '" + text + "' is not one of " + NAMES);
    }

    boolean requiresTls() {
        return this == REQUIRED || this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    boolean verifiesChain() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    /** As written in the URL. */
    String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
