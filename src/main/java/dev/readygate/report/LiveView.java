package dev.readygate.report;

import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Redact;
import dev.readygate.wait.WaitListener;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * On a terminal: one line per target (state, attempts, elapsed, last cause) redrawn in place
 * ten times a second. At most {@link #MAX_LINES} targets are drawn; the rest are counted.
 */
public final class LiveView implements WaitListener, AutoCloseable {
    static final int MAX_LINES = 20;
    private final PrintStream err;
    private final Style style;
    private final List<PlannedTarget> targets;
    private final Map<PlannedTarget, String> lines = new ConcurrentHashMap<>();
    private final Map<PlannedTarget, Boolean> readyNow = new ConcurrentHashMap<>();
    private final long start = System.nanoTime();
    private final Thread painter;
    private final Object lock = new Object();
    private int drawn;
    private volatile boolean closed;

    public LiveView(PrintStream err, Style style, List<PlannedTarget> targets) {
        this.err = err;
        this.style = style;
        this.targets = targets;
        for (PlannedTarget t : targets) lines.put(t, style.dim("waiting") + "  " + t.target().display());
        this.painter = new Thread(null, this::loop, "live-view", 256 * 1024);
        painter.setDaemon(true);
        painter.start();
    }

    @Override
    public void attempt(PlannedTarget target, int attempt, long elapsedMs, ProbeResult result, State state) {
        String status = switch (state) {
            case READY -> style.ok("ready   ");
            case STABILIZING -> style.warn("stable? ");
            default -> style.bad("waiting ");
        };
        String why = state == State.WAITING ? "  " + result.diagnosis().cause() + ": " + Redact.text(result.diagnosis().message()) : "";
        lines.put(target, status + " " + target.target().display() + "  " + style.dim(TextReport.attempts(attempt) + ", "
                + TextReport.secs(elapsedMs)) + why);
        readyNow.put(target, state == State.READY);
    }

    private void loop() {
        while (!closed) {
            paint();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void paint() {
        synchronized (lock) {
            if (closed) return;
            StringBuilder b = new StringBuilder();
            if (drawn > 0) b.append("\u001b[").append(drawn).append('F');
            int n = 0;
            for (PlannedTarget t : targets) {
                if (n == MAX_LINES) break;
                b.append("\r\u001b[2K").append(truncate(lines.get(t))).append('\n');
                n++;
            }
            if (targets.size() > MAX_LINES) {
                long ready = readyNow.values().stream().filter(x -> x).count();
                b.append("\r\u001b[2K").append("... and ").append(targets.size() - MAX_LINES).append(" more; ")
                        .append(ready).append(" of ").append(targets.size()).append(" ready, ")
                        .append(TextReport.secs((System.nanoTime() - start) / 1_000_000)).append('\n');
                n++;
            }
            err.print(b);
            err.flush();
            drawn = n;
        }
    }

    private static String truncate(String s) {
        return s.length() > 400 ? s.substring(0, 400) : s;
    }

    /** Erases the live block so the closing report replaces it. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            painter.interrupt();
            if (drawn > 0) {
                err.print("\u001b[" + drawn + "F\u001b[J");
                err.flush();
            }
            drawn = 0;
        }
    }
}
