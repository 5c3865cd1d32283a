package dev.readygate.cli;

import sun.misc.Signal;

import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM handling. Installed only by the real process (Main), never in in-process
 * tests. The handler receives the exit code the signal stands for (130 or 143).
 */
public final class Signals {
    private static volatile IntConsumer handler;
    private static volatile boolean installed;

    private Signals() {
    }

    /** Installs the process-wide handlers (idempotent); until {@link #onSignal} is set, a signal exits at once. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        handle("INT", 130);
        handle("TERM", 143);
    }

    public static boolean installed() {
        return installed;
    }

    /** What to do on the next signal; null restores the default of exiting with 128+signal. */
    public static void onSignal(IntConsumer h) {
        handler = h;
    }

    private static void handle(String name, int code) {
        try {
            Signal.handle(new Signal(name), s -> {
                IntConsumer h = handler;
                if (h != null) h.accept(code);
                else Runtime.getRuntime().halt(code);
            });
        } catch (IllegalArgumentException e) {
            // the platform or -Xrs does not let us handle it: the JVM's default applies
        }
    }
}
