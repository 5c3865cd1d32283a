package dev.readygate.config;

/**
 * A config file or environment variable that cannot be used. The message is complete and one
 * line, meant to be printed as is: {@code FILE:LINE:COL: what is wrong; how to fix} (or
 * {@code environment READYGATE_X: ...}). It never contains a value taken from the environment.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
