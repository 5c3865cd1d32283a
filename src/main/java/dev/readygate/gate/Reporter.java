package dev.readygate.gate;

import dev.readygate.wait.WaitListener;

/**
 * Tells someone how a wait run went: while it runs through {@link #progress()}, at the end through
 * {@link #finish}. The implementations (text, JSON, report file) live in the report package.
 */
@FunctionalInterface
public interface Reporter {
    /** Hears every attempt while the gate runs; {@link WaitListener#NONE} for a reporter that speaks only at the end. */
    default WaitListener progress() {
        return WaitListener.NONE;
    }

    /** The gate has stopped, normally or not: release what {@link #progress()} holds (a live view erases itself). */
    default void stopped() {
    }

    /**
     * Delivers the report of the whole run.
     *
     * @param exitCode the exit code the run ends with, as reports state it
     * @throws ReportException when the report cannot be delivered; the other reporters still finish
     */
    void finish(GateResult result, int exitCode) throws ReportException;

    /**
     * A reporter that reports nothing. A class, not a lambda: the AOT cache did not keep this lambda
     * (an interface's static field), so each start made it anew, with the method handles it needs (~5 ms).
     */
    Reporter NONE = new Reporter() {
        @Override
        public void finish(GateResult result, int exitCode) {
            // nothing to report
        }
    };

    /** A report that could not be delivered; the message is one line (what and why). */
    final class ReportException extends Exception {
        public ReportException(String message) {
            super(message);
        }
    }
}
