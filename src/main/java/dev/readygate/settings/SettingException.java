package dev.readygate.settings;

import dev.readygate.model.Origin;

/**
 * A setting or target that cannot be used. The message is one complete line saying where and how
 * to fix it; {@link #origin()} says where the bad input was written (the CLI turns that into the
 * exit code: 2 for the command line and the environment, 3 for files). A file the setting names
 * that cannot be used ({@link #unusableFile()}: missing, unreadable) is a configuration error
 * wherever the setting was written.
 */
public final class SettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Origin origin;
    private final boolean unusableFile;

    public SettingException(Origin origin, String message) {
        this(origin, message, false);
    }

    private SettingException(Origin origin, String message, boolean unusableFile) {
        super(message, null, false, false);
        this.origin = origin;
        this.unusableFile = unusableFile;
    }

    /** The file a setting names cannot be used (missing, unreadable): a configuration error, not a usage error. */
    public static SettingException unusableFile(Origin origin, String message) {
        return new SettingException(origin, message, true);
    }

    /** The setting is well written but names a file that cannot be used. */
    public boolean unusableFile() {
        return unusableFile;
    }

    /** Where the bad input was written; null when it was no input but a combination of defaults. */
    public Origin origin() {
        return origin;
    }
}
