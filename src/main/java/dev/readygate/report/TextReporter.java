package dev.readygate.report;

import dev.readygate.gate.GateResult;
import dev.readygate.gate.Reporter;
import dev.readygate.wait.WaitListener;

import java.io.PrintStream;

/**
 * The report for people, on stderr: while waiting a live view on a terminal whose width can be
 * told, progress lines otherwise (every attempt with verbose, nothing with quiet); at the end the
 * {@link TextReport}.
 */
public final class TextReporter implements Reporter {
    private final PrintStream err;
    private final Style style;
    private final boolean quiet;
    private final WaitListener progress;
    private final LiveView live;

    public TextReporter(Reporters.Setup s) {
        this.err = s.err();
        this.style = s.style();
        this.quiet = s.quiet();
        this.live = !s.quiet() && s.terminal() && !s.verbose() && s.columns().getAsInt() > 0
                ? new LiveView(s.err(), s.style(), s.targets(), s.columns()) : null;
        this.progress = s.quiet() ? WaitListener.NONE : live != null ? live : new Progress(s.err(), s.verbose(), s.style());
    }

    @Override
    public WaitListener progress() {
        return progress;
    }

    /** Erases the live view, so the closing report replaces it. */
    @Override
    public void stopped() {
        if (live != null) live.close();
    }

    @Override
    public void finish(GateResult result, int exitCode) {
        String text = TextReport.render(result, style, quiet);
        if (!text.isEmpty()) err.print(text);
        err.flush();
    }
}
