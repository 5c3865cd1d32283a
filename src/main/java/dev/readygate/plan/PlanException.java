package dev.readygate.plan;

/** Bad input found while building the plan; the message is one complete line, the code is 2 (usage) or 3 (configuration). */
public final class PlanException extends RuntimeException {
    private final int exitCode;

    public PlanException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
