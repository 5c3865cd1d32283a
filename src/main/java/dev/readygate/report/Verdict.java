package dev.readygate.report;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.diagnosis.Phase;

import dev.readygate.wait.History;
import dev.readygate.wait.WaitOutcome;

import java.util.List;

/**
 * One closing sentence per target that is not ready: the most likely cause and the next step,
 * read from the whole history, not only the last attempt.
 */
public final class Verdict {
    private Verdict() {
    }

    /** null for a ready target. */
    public static String conclude(WaitOutcome o) {
        if (o.ready()) return null;
        Diagnosis last = o.last();
        if (last == null) return "no attempt finished before waiting stopped: give it more time (--timeout)";
        List<History.Entry> h = o.history();
        int flaps = h.stream().filter(e -> e.last().cause() == Cause.FLAPPING).mapToInt(History.Entry::count).sum();
        if (flaps > 0 && last.cause() != Cause.FLAPPING)
            return "it came up and went down again " + times(flaps) + " (now " + last.cause() + "): it is crash-looping or restarting; check its logs and restart count";
        if (last.cause() == Cause.FLAPPING)
            return flaps > 1 ? "it keeps coming up and going down (" + times(flaps) + "): it is crash-looping; check its logs and restart count"
                    : last.message() + "; " + last.hint();
        if (last.cause() == Cause.LOCAL_RESOURCES)
            return "readygate itself ran out of file descriptors (" + last.key() + "), so the target was not really tried; next: " + last.hint();
        if (o.stop() == WaitOutcome.Stop.FAIL_FAST || last.permanent())
            return "waiting will not fix this (" + last.key() + " does not go away by itself); next: " + last.hint();
        Diagnosis first = h.isEmpty() ? last : h.get(0).last();
        if (h.size() > 1 && first.phase().ordinal() < last.phase().ordinal() && !last.cause().equals(first.cause()))
            return "it was still starting when waiting ended (it got from " + first.key() + " to " + last.key()
                    + "): give it more time (--timeout), or find out why its start-up is slow; next: " + last.hint();
        int count = h.stream().filter(e -> e.last().key().equals(last.key())).mapToInt(History.Entry::count).findFirst().orElse(1);
        return never(last.phase()) + " (" + last.key() + " x" + count + " in " + String.format(java.util.Locale.ROOT, "%.1fs", o.waitedMs() / 1000.0)
                + "); next: " + last.hint();
    }

    private static String never(Phase p) {
        return switch (p) {
            case RESOLVE -> "its name never resolved";
            case CONNECT -> "it never accepted a connection";
            case TLS -> "the TLS handshake never succeeded";
            case EXCHANGE -> "it accepted connections but never answered properly";
            case VALIDATE -> "it answered, but never as expected";
            case PROTOCOL -> "it answered in its protocol, but was never ready";
            case CONTAINER -> "its containers never became ready";
            case STABILITY -> "it never stayed up";
        };
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
