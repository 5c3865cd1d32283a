package dev.readygate.cli;

import dev.readygate.model.Redact;
import dev.readygate.report.GitHub;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one choke point for what readygate prints: every command's stdout and stderr (messages,
 * usage errors, skip notes, reports) go through {@link Redact#text} before they reach the real
 * stream. Text printed as a String is redacted whole and passed on to the real stream, which
 * encodes it; bytes (picocli's writers) are held until a line break or flush and redacted line by
 * line, read as ISO-8859-1 so that any ASCII-compatible encoding passes through unchanged (what
 * Redact looks at is ASCII; it cuts text only next to ASCII characters).
 *
 * <p>On GitHub Actions it is also where workflow commands are kept apart from text: a line printed
 * here that would start with {@code ::} gets its first ':' escaped ({@link GitHub#neutralise}), and
 * only {@link #command} writes a command line as it is.
 */
final class RedactingStream extends PrintStream implements GitHub.CommandStream {
    private final PrintStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Lines that start with "::" are escaped (on GitHub Actions). */
    private final boolean commandsApart;
    /** What has been written of the current line is white space (or nothing). */
    private boolean lineBlank = true;

    private RedactingStream(PrintStream target, boolean commandsApart) {
        super(OutputStream.nullOutputStream(), true);
        this.target = target;
        this.commandsApart = commandsApart;
    }

    /** {@code target} with secrets removed from everything printed to it. */
    static PrintStream over(PrintStream target) {
        return over(target, false);
    }

    /**
     * {@code target} with secrets removed from everything printed to it and, with {@code commandsApart}, no line
     * taken for a workflow command but those written through {@link #command}.
     */
    static PrintStream over(PrintStream target, boolean commandsApart) {
        return target instanceof RedactingStream ? target : new RedactingStream(target, commandsApart);
    }

    /** Redacted text, with lines that would be workflow commands escaped when commands are kept apart. */
    private String safe(String text) {
        String r = Redact.text(text);
        if (!commandsApart || r.isEmpty()) return r;
        String out = GitHub.neutralise(r, lineBlank);
        int nl = out.lastIndexOf('\n');
        boolean blank = nl >= 0 || lineBlank;
        for (int i = nl + 1; i < out.length() && blank; i++) blank = out.charAt(i) == ' ' || out.charAt(i) == '\t' || out.charAt(i) == '\r';
        lineBlank = blank;
        return out;
    }

    @Override
    public synchronized void command(String line) {
        drain();
        target.print(Redact.text(line));
        target.println();
        lineBlank = true;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') drain();
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                pending.write(buf, start, i + 1 - start);
                drain();
                start = i + 1;
            }
        }
        pending.write(buf, start, off + len - start);
    }

    @Override
    public void write(byte[] buf) {
        write(buf, 0, buf.length);
    }

    private void drain() {
        if (pending.size() == 0) return;
        byte[] redacted = safe(pending.toString(StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        pending.reset();
        target.write(redacted, 0, redacted.length);
    }

    @Override
    public synchronized void print(String s) {
        drain();
        target.print(safe(String.valueOf(s)));
    }

    @Override
    public void print(Object o) {
        print(String.valueOf(o));
    }

    @Override
    public void print(char[] s) {
        print(new String(s));
    }

    @Override
    public void print(char c) {
        print(String.valueOf(c));
    }

    @Override
    public void print(boolean x) {
        print(String.valueOf(x));
    }

    @Override
    public void print(int x) {
        print(String.valueOf(x));
    }

    @Override
    public void print(long x) {
        print(String.valueOf(x));
    }

    @Override
    public void print(float x) {
        print(String.valueOf(x));
    }

    @Override
    public void print(double x) {
        print(String.valueOf(x));
    }

    @Override
    public void println(boolean x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(char x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(int x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(long x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(float x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(double x) {
        println(String.valueOf(x));
    }

    @Override
    public synchronized void println() {
        drain();
        target.println();
        lineBlank = true;
    }

    @Override
    public synchronized void println(String s) {
        print(s);
        target.println();
        lineBlank = true;
    }

    @Override
    public void println(Object o) {
        println(String.valueOf(o));
    }

    @Override
    public void println(char[] s) {
        println(new String(s));
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        return format(format, args);
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        return format(l, format, args);
    }

    @Override
    public PrintStream format(String format, Object... args) {
        print(String.format(format, args));
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        print(String.format(l, format, args));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        print(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        print(String.valueOf(csq == null ? "null" : csq).substring(start, end));
        return this;
    }

    @Override
    public PrintStream append(char c) {
        print(c);
        return this;
    }

    @Override
    public synchronized void flush() {
        drain();
        target.flush();
    }

    @Override
    public void close() {
        flush();
    }

    @Override
    public boolean checkError() {
        return target.checkError();
    }
}
