package dev.readygate.settings;

import dev.readygate.model.Origin;

/**
 * A setting or target that cannot be used. The message is one complete line saying where and how
 * to fix it; {@link #origin()} says where the bad input was written (the CLI turns that into the
 * exit code: 2 for the command line and the environment, 3 for files).
 */
public final class SettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Origin origin;

    public SettingException(Origin origin, String message) {
        super(message, null, false, false);
        this.origin = origin;
    }

    /** Where the bad input was written; null when it was no input but a combination of defaults. */
    public Origin origin() {
        return origin;
    }
}
