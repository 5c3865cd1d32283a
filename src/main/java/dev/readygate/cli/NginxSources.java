package dev.readygate.cli;

import dev.readygate.source.nginx.NginxConfigException;
import dev.readygate.source.nginx.NginxFacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Loads an nginx config named on the command line (FILE, or - for nginx -T on stdin) with one-line errors. */
final class NginxSources {
    private NginxSources() {
    }

    /** A config that cannot be read or parsed; the message is one line, FILE:LINE: message where nginx names a line. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message);
        }
    }

    static NginxFacts load(String file, InputStream stdin) throws LoadException {
        try {
            return "-".equals(file) ? NginxFacts.loadDump(stdin, "-") : NginxFacts.load(Path.of(file));
        } catch (NginxConfigException e) {
            throw new LoadException(e.getMessage());
        } catch (IOException e) {
            throw new LoadException(file + ": cannot read: " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new LoadException(file + ": not a path: " + e.getReason());
        }
    }
}
