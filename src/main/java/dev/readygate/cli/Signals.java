package dev.readygate.cli;

import sun.misc.Signal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Signal handling. Installed only by the real process (Main), never in in-process tests. A handler receives the exit
 * code the signal stands for, 128 + its number (130 for SIGINT, 143 for SIGTERM); {@link #name} gives the signal back.
 *
 * <p>What HotSpot (JDK 17 and 25, Linux) lets Java handle, tried with {@code Signal.handle}: HUP, INT, TERM, USR1, USR2,
 * WINCH. QUIT is refused ("already used by VM": thread dumps). With -Xrs, HUP, INT and TERM are refused too. A signal
 * ignored when the JVM started (SIGINT and SIGQUIT in a background job of a non-interactive shell, SIGHUP under nohup)
 * stays ignored: the JVM does not install the handler. USR2 is HotSpot's suspend/resume signal on Linux (used by JFR's
 * sampler); handling it replaces the VM's handler, so it is taken only while a command is wrapped (readygate runs no JFR).
 */
public final class Signals {
    /** What a process supervisor forwards, as far as the JVM lets Java handle it (not QUIT). */
    static final List<String> FORWARDED = List.of("HUP", "INT", "TERM", "USR1", "USR2", "WINCH");
    private static final Map<Integer, String> NAMES = new ConcurrentHashMap<>();

    static {
        for (String s : FORWARDED) {
            try {
                NAMES.put(128 + new Signal(s).getNumber(), s);
            } catch (IllegalArgumentException e) {
                // not a signal of this platform
            }
        }
    }
    private static volatile IntConsumer handler;
    private static volatile boolean installed;
    private static volatile boolean forwarding;

    private Signals() {
    }

    /** INT and TERM (idempotent); until {@link #onSignal} is set, a signal exits at once. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        handle("INT");
        handle("TERM");
    }

    /**
     * Also HUP, USR1, USR2 and WINCH, for a run that wraps a command: until the command starts, each but WINCH stops the
     * wait as INT and TERM do; then every one is forwarded to it.
     */
    public static synchronized void installForCommand() {
        install();
        if (forwarding) return;
        forwarding = true;
        for (String s : FORWARDED) if (!s.equals("INT") && !s.equals("TERM")) handle(s);
    }

    public static boolean installed() {
        return installed;
    }

    /** What to do on the next signal; null restores the default of exiting with 128+signal (WINCH: nothing). */
    public static void onSignal(IntConsumer h) {
        handler = h;
    }

    /** The signal's name ("HUP") for the exit code a handler received, or null. */
    public static String name(int code) {
        return NAMES.get(code);
    }

    /** Whether the signal ends readygate when no command runs: every one handled here but WINCH (a window resize). */
    public static boolean stops(int code) {
        return !"WINCH".equals(name(code));
    }

    private static void handle(String name) {
        try {
            Signal signal = new Signal(name);
            int code = 128 + signal.getNumber();
            Signal.handle(signal, s -> {
                IntConsumer h = handler;
                if (h != null) h.accept(code);
                else if (stops(code)) Runtime.getRuntime().halt(code);
            });
        } catch (IllegalArgumentException e) {
            // the platform or -Xrs does not let us handle it: the JVM's default applies
        }
    }
}
