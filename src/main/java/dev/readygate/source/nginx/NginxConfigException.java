package dev.readygate.source.nginx;

/**
 * A config that nginx would reject (or that readygate refuses to read). The message is one line,
 * {@code FILE:LINE: message}, worded like nginx's own {@code [emerg]} messages where there is one.
 */
public final class NginxConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String detail;

    public NginxConfigException(String file, int line, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
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
