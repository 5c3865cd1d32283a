package dev.readygate.source.nginx;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What nginx enforces towards an http(s) upstream at one pass, read in one place so that verify
 * and wait --from probe an upstream the same way. {@link Upstreams} gives it with each address.
 *
 * @param maxHeaderBytes    proxy_buffer_size: larger response headers are a 502
 * @param maxLatency        proxy_read_timeout: a slower first byte is a 504
 * @param verifyCertificate nginx verifies the upstream's certificate only with proxy_ssl_verify on
 * @param caCert            proxy_ssl_trusted_certificate, when it is readable here (else null)
 * @param caNote            why the trusted certificate is not used, or null
 */
public record UpstreamRules(long maxHeaderBytes, Duration maxLatency, boolean verifyCertificate, Path caCert, String caNote) {
    /**
     * Probed for nginx's sake, any status but a server error passes: nginx relays it as the
     * app's answer (no 502/504), while a 5xx is the app failing. verify and wait --from share it.
     */
    public static final String ANSWER_STATUS = "100-499";

    /**
     * @param base the directory relative paths of the config resolve against, as nginx reads them
     *             from its prefix (null: none, a config without a file name on stdin)
     */
    static UpstreamRules of(Budgets b, String scheme, Path base) {
        boolean verify = "https".equals(scheme) && b.sslVerify();
        String trusted = verify ? b.sslTrustedCertificate() : null;
        Path ca = null;
        String note = null;
        if (trusted != null) {
            Path f = resolve(base, trusted);
            if (f != null && Files.isReadable(f)) ca = f;
            else note = b.setting("ssl_trusted_certificate").directive() + " " + trusted + " (" + b.setting("ssl_trusted_certificate").origin()
                    + ") is not readable here: the certificate is checked against the system's CAs";
        }
        return new UpstreamRules(b.bufferSize(), b.readTimeout(), verify, ca, note);
    }

    private static Path resolve(Path base, String name) {
        try {
            Path p = Path.of(name);
            return p.isAbsolute() ? p : base == null ? null : base.resolve(p);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
