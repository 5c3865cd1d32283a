package dev.readygate.cli;

import dev.readygate.model.Redact;

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
 */
final class RedactingStream extends PrintStream {
    private final PrintStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private RedactingStream(PrintStream target) {
        super(OutputStream.nullOutputStream(), true);
        this.target = target;
    }

    /** {@code target} with secrets removed from everything printed to it. */
    static PrintStream over(PrintStream target) {
        return target instanceof RedactingStream ? target : new RedactingStream(target);
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
        byte[] redacted = Redact.text(pending.toString(StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        pending.reset();
        target.write(redacted, 0, redacted.length);
    }

    @Override
    public synchronized void print(String s) {
        drain();
        target.print(Redact.text(String.valueOf(s)));
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
    }

    @Override
    public synchronized void println(String s) {
        print(s);
        target.println();
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
