package dev.readygate.protocol;

import dev.readygate.net.tls.TlsOptions;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Parsers;

import java.nio.file.Path;
import java.util.List;

/**
 * The TLS settings every protocol that speaks TLS lists (https, postgres, mysql, rediss, ...): one
 * key each, so {@code --ca-cert} means the same for every target, and the options they make.
 */
public final class TlsSettings {
    public static final Key<Boolean> INSECURE = Key.flag("insecure").help("do not verify TLS certificates (default: verify)").build();
    public static final Key<Path> CA_CERT = Key.scalar("ca-cert", Parsers::path).label("FILE").path()
            .help("trust only the CA certificate(s) in this PEM file").build();
    public static final Key<Path> CLIENT_CERT = Key.scalar("client-cert", Parsers::path).label("FILE").path()
            .help("client certificate (PEM) for mutual TLS").build();
    public static final Key<Path> CLIENT_KEY = Key.scalar("client-key", Parsers::path).label("FILE").path()
            .help("client private key (PEM, PKCS#8) for mutual TLS").build();

    /** In the order --help lists them. */
    public static final List<Key<?>> KEYS = List.of(INSECURE, CA_CERT, CLIENT_CERT, CLIENT_KEY);

    private TlsSettings() {
    }

    /**
     * The target's TLS options; the files must be readable now, and a client certificate comes with its key.
     *
     * @throws dev.readygate.settings.SettingException naming the setting where it was written
     */
    public static TlsOptions options(Layers.View s) {
        Path ca = readable(s, CA_CERT);
        Path cert = readable(s, CLIENT_CERT);
        Path key = readable(s, CLIENT_KEY);
        if ((cert == null) != (key == null))
            throw s.bad(cert == null ? CLIENT_KEY : CLIENT_CERT, "needs " + (cert == null ? "--client-cert" : "--client-key") + " too");
        return new TlsOptions(s.get(INSECURE), ca, cert, key);
    }

    /**
     * A file setting whose file must be readable now (checked for the targets that use it, not where it is written);
     * a missing or unreadable file is a configuration error (exit 3) wherever the setting was written.
     */
    public static Path readable(Layers.View s, Key<Path> key) {
        Path p = s.get(key);
        if (p == null) return null;
        try {
            return Parsers.file(p.toString());
        } catch (IllegalArgumentException e) {
            throw s.unusableFile(key, e.getMessage());
        }
    }
}
