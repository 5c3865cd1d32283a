package dev.readygate.cli;

import dev.readygate.settings.SettingException;

/** Bad input found by a command: one complete line, and the exit code the CLI decided for it. */
final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CommandException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /**
     * A bad setting or target: a usage error when given on the command line or in the environment, else a configuration
     * error; a file a setting names that cannot be used (e.g. a missing --ca-cert) is a configuration error wherever written.
     */
    static CommandException of(SettingException e) {
        boolean invocation = e.origin() == null || e.origin().isInvocation();
        return new CommandException(invocation && !e.unusableFile() ? ExitCodes.USAGE : ExitCodes.CONFIG, e.getMessage());
    }

    int exitCode() {
        return exitCode;
    }
}
