package dev.readygate.source.nginx;

import dev.readygate.base.OneLine;

/**
 * A config that nginx would reject (or that readygate refuses to read). The message is one line,
 * {@code FILE:LINE: message}, worded like nginx's own {@code [emerg]} messages where there is one.
 */
public final class NginxConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String detail;

    public NginxConfigException(String file, int line, String detail) {
        super(oneLine(file) + (line > 0 ? ":" + line : "") + ": " + oneLine(detail));
        this.file = file;
        this.line = line;
        this.detail = oneLine(detail);
    }

    /** Control characters (a newline in a quoted directive name, say) written as escapes, so the message stays one line. */
    public static String oneLine(String s) {
        return OneLine.escape(s);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the file:line prefix. */
    public String detail() {
        return detail;
    }
}
