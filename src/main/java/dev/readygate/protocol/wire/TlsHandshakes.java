package dev.readygate.protocol.wire;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/** A failed TLS handshake of a wire connection as a diagnosis. */
final class TlsHandshakes {
    private TlsHandshakes() {
    }

    static Diagnosis.Builder diagnose(IOException e, String address, String host) {
        String words = chainText(e);
        Cause cause;
        String message;
        if (has(e, CertificateExpiredException.class) || has(e, CertificateNotYetValidException.class)) {
            cause = Cause.TLS_EXPIRED;
            message = "the certificate of " + address + " is expired or not yet valid";
        } else if (words.contains("no subject alternative") || words.contains("no name matching")) {
            cause = Cause.TLS_HOSTNAME_MISMATCH;
            message = "the certificate of " + address + " does not name '" + host + "'";
        } else if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)
                || words.contains("unable to find valid certification path") || words.contains("pkix path")) {
            cause = Cause.TLS_UNTRUSTED;
            message = "the certificate of " + address + " is not trusted";
        } else if (words.contains("unsupported or unrecognized ssl message") || words.contains("plaintext connection")) {
            cause = Cause.TLS_ON_PLAIN_PORT;
            message = address + " answered the TLS handshake in plain text: the port does not speak TLS";
        } else if (words.contains("connection reset")) {
            cause = Cause.CONNECTION_RESET;
            message = "connection reset by " + address + " during the TLS handshake";
        } else {
            cause = Cause.TLS_HANDSHAKE;
            message = "the TLS handshake with " + address + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return Diagnosis.builder(cause, message).evidence("address", address)
                .evidence("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    private static String chainText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) sb.append(' ').append(t.getMessage());
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
