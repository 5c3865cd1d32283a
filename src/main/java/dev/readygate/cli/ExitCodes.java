package dev.readygate.cli;

/** The exit-code contract (README and --help list it). With `-- COMMAND`, the command's own code. */
public final class ExitCodes {
    public static final int READY = 0;
    public static final int BLOCKED = 1;
    public static final int USAGE = 2;
    public static final int CONFIG = 3;
    public static final int INTERNAL = 4;
    public static final int COMMAND_NOT_FOUND = 127;
    public static final int COMMAND_NOT_EXECUTABLE = 126;
    public static final int SIGINT = 130;
    public static final int SIGTERM = 143;
    /**
     * Only between bin/readygate and the JVM it starts for `-- COMMAND`: "ready, exec the command now". No signal gives
     * it (128+N stays below 193) and the JVM never runs the command in that mode, so no command's code is mistaken for it.
     */
    public static final int HANDOFF = 254;

    private ExitCodes() {
    }
}
