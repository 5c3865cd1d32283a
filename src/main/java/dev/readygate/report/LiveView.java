package dev.readygate.report;

import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Redact;
import dev.readygate.wait.WaitListener;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * On a terminal: one line per target (state, attempts, elapsed, last cause) redrawn in place
 * ten times a second. At most {@link #MAX_LINES} targets are drawn; the rest are counted. Every
 * line is cut to the terminal's width (asked again at each redraw), so none wraps: a wrapped line
 * would move the cursor further than the redraw goes back and leave a stale copy on the screen.
 */
public final class LiveView implements WaitListener, AutoCloseable {
    static final int MAX_LINES = 20;
    private final PrintStream err;
    private final Style style;
    private final List<PlannedTarget> targets;
    private final Map<PlannedTarget, String> lines = new ConcurrentHashMap<>();
    private final Map<PlannedTarget, Boolean> readyNow = new ConcurrentHashMap<>();
    private final long start = System.nanoTime();
    private final IntSupplier columns;
    private final Thread painter;
    private final Object lock = new Object();
    private int drawn;
    private volatile boolean closed;

    /** @param columns the terminal's width now (asked at each redraw; 0 or less: keep the last known width) */
    public LiveView(PrintStream err, Style style, List<PlannedTarget> targets, IntSupplier columns) {
        this.err = err;
        this.style = style;
        this.targets = targets;
        this.columns = columns;
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

    private int width = 80;

    void paint() {
        synchronized (lock) {
            if (closed) return;
            int asked = columns.getAsInt();
            if (asked > 0) width = asked;
            StringBuilder b = new StringBuilder();
            if (drawn > 0) b.append("\u001b[").append(drawn).append('F');
            int n = 0;
            for (PlannedTarget t : targets) {
                if (n == MAX_LINES) break;
                b.append("\r\u001b[2K").append(fit(lines.get(t), width)).append('\n');
                n++;
            }
            if (targets.size() > MAX_LINES) {
                long ready = readyNow.values().stream().filter(x -> x).count();
                b.append("\r\u001b[2K").append(fit("... and " + (targets.size() - MAX_LINES) + " more; " + ready + " of " + targets.size()
                        + " ready, " + TextReport.secs((System.nanoTime() - start) / 1_000_000), width)).append('\n');
                n++;
            }
            err.print(b);
            err.flush();
            drawn = n;
        }
    }

    /**
     * LINE cut to at most {@code columns - 1} visible characters (the last column is left free: some terminals wrap
     * when it is written). Escape sequences (colours) are kept whole and take no column; a cut inside a colour resets it;
     * other control characters become spaces.
     */
    static String fit(String line, int columns) {
        int room = Math.max(1, columns - 1);
        StringBuilder b = new StringBuilder(Math.min(line.length(), room + 32));
        int visible = 0;
        boolean coloured = false;
        for (int i = 0; i < line.length(); ) {
            char c = line.charAt(i);
            if (c == '\u001b' && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < line.length() && (line.charAt(end) < 0x40 || line.charAt(end) > 0x7e)) end++;
                String sequence = line.substring(i, Math.min(end + 1, line.length()));
                b.append(sequence);
                coloured = !sequence.equals("\u001b[0m");
                i += sequence.length();
                continue;
            }
            if (visible == room) {
                if (coloured) b.append("\u001b[0m");
                return b.toString();
            }
            int cp = line.codePointAt(i);
            b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp); // a tab or newline would take more than its column
            visible++;
            i += Character.charCount(cp);
        }
        return b.toString();
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
