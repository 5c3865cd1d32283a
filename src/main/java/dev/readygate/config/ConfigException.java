package dev.readygate.config;

/** A bad config file or environment: the message is one complete line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
