package dev.readygate.model;

/**
 * Where a target came from: the command line, an environment variable, or a file position
 * (line and column are 1-based; 0 when unknown).
 */
public record Origin(String source, String file, int line, int column, String via) {
    public static final Origin COMMAND_LINE = new Origin("command line", null, 0, 0);

    public Origin(String source, String file, int line, int column) {
        this(source, file, line, column, null);
    }

    /**
     * The same place, with another that the target also comes from, said after it: a Kubernetes readiness probe's
     * target is reached through a Service ({@code "Service web at web.yaml:20:3"}).
     */
    public Origin via(String also) {
        return new Origin(source, file, line, column, also);
    }

    public static Origin env(String variable) {
        return new Origin("environment " + variable, null, 0, 0);
    }

    public static Origin file(String file, int line, int column) {
        return new Origin("file", file, line, column);
    }

    public boolean isFile() {
        return file != null;
    }

    /** Given in an environment variable. */
    public boolean isEnvironment() {
        return file == null && source.startsWith("environment");
    }

    /** Given on the command line or in the environment (as opposed to a file or what a source derived from one). */
    public boolean isInvocation() {
        return this.equals(COMMAND_LINE) || isEnvironment();
    }

    @Override
    public String toString() {
        if (file == null) return source;
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line);
        if (column > 0) sb.append(':').append(column);
        if (via != null) sb.append(" (").append(via).append(')');
        return sb.toString();
    }
}
