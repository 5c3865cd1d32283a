package dev.readygate.cli;

import dev.readygate.registry.Registry;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.source.nginx.NginxSource;

import java.io.InputStream;

/** The nginx config that lint and verify read; a file another source reads (a Compose file) is said to be that, not misparsed. */
final class NginxFile {
    private NginxFile() {
    }

    static NginxFacts read(String file, InputStream stdin) throws SourceException {
        Source<?> other = claimedBy(file);
        if (other != null)
            throw new SourceException(file + ": this is a " + other.name() + " file, and this command reads nginx configs; "
                    + "'readygate wait --from " + file + "' waits for what it declares");
        return NginxSource.facts(file, stdin);
    }

    /** The source other than nginx that recognises {@code file} (a Compose file), or null: stdin and anything else are nginx's. */
    static Source<?> claimedBy(String file) {
        if ("-".equals(file)) return null;
        try {
            Source<?> s = Registry.sources().pick(file, InputStream.nullInputStream()).source();
            return s instanceof NginxSource ? null : s;
        } catch (SourceException notRecognised) {
            return null; // no source claims it: read it as nginx, whose parser says what is wrong
        }
    }
}
