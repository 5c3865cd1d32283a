package dev.readygate.report;

import dev.readygate.gate.Reporter.ReportException;
import dev.readygate.model.Origin;
import dev.readygate.model.Redact;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run tells GitHub Actions (docs/github.md): workflow commands ({@code ::error file=F,line=L::message}),
 * a Markdown step summary appended to the file named by {@code GITHUB_STEP_SUMMARY}, and outputs appended to
 * the file named by {@code GITHUB_OUTPUT}.
 *
 * <p>Every text that can echo input (a target, a server, a file) is redacted ({@link Redact#text}) and then
 * escaped by the workflow-command rules: {@code %}, CR and LF in the message; also {@code :} and {@code ,} in
 * a property. A command is then one line whatever the text holds, so a hostile upstream cannot start a line
 * with {@code ::add-mask::} or {@code ::stop-commands::}.
 */
public final class GitHub {
    /** Set to "true" on every GitHub Actions runner. */
    public static final String ACTIONS = "GITHUB_ACTIONS";
    public static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
    public static final String OUTPUT = "GITHUB_OUTPUT";
    /** The --output name that turns the GitHub reporter on outside Actions too. */
    public static final String FORMAT = "github";

    private GitHub() {
    }

    /** Running on GitHub Actions (GITHUB_ACTIONS=true), or asked for with {@code --output github}. */
    public static boolean on(String output, Map<String, String> env) {
        return FORMAT.equalsIgnoreCase(output) || actions(env);
    }

    /** Running on GitHub Actions (GITHUB_ACTIONS=true): the runner reads workflow commands on stdout and stderr. */
    public static boolean actions(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault(ACTIONS, ""));
    }

    /**
     * A stream on which a line that starts with {@code ::} (after white space) is not a workflow command unless it
     * is written through {@link #command}: the CLI's stdout and stderr on Actions, so that text from a file or a
     * target at the start of a line (a file name in lint's text output, an {@code nginx -T} dump's
     * "# configuration file" name) cannot be taken for one.
     */
    public interface CommandStream {
        /** Writes one workflow command line as it is. */
        void command(String line);
    }

    /**
     * TEXT with every line that would start a workflow command (its first non-blank characters are {@code ::})
     * escaped as the runner reads it, {@code %3A:}; {@code blank}: what came before TEXT on its line is white space.
     */
    public static String neutralise(String text, boolean blank) {
        StringBuilder b = null;
        int copied = 0;
        boolean lineBlank = blank;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineBlank = true;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                continue;
            } else {
                if (lineBlank && c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                    if (b == null) b = new StringBuilder(text.length() + 8);
                    b.append(text, copied, i).append("%3A");
                    copied = i + 1;
                }
                lineBlank = false;
            }
        }
        return b == null ? text : b.append(text, copied, text.length()).toString();
    }

    /** The annotation levels. */
    public enum Level {
        ERROR, WARNING, NOTICE;

        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One annotation: where (null when not from a file), a title and a message (any text: redacted and escaped here). */
    public record Annotation(Level level, Origin origin, String title, String message) {
    }

    /**
     * Everything one run tells GitHub.
     *
     * @param summary Markdown for the step summary, already escaped ({@link #markdown})
     * @param outputs name=value pairs; values are readygate's own (numbers, true/false) and hold no line break
     */
    public record Report(List<Annotation> annotations, String summary, Map<String, String> outputs) {
    }

    /** The message part of a workflow command: %, CR and LF escaped (after redaction). */
    public static String escapeData(String s) {
        return Escaping.escape(s, c -> switch (c) {
            case '%' -> "%25";
            case '\r' -> "%0D";
            case '\n' -> "%0A";
            default -> null;
        });
    }

    /** A property value of a workflow command (file, title): as {@link #escapeData}, and ':' and ',' escaped too. */
    public static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    /**
     * The workflow command of one annotation, one line: {@code ::error file=F,line=L,col=C,title=T::message};
     * file, line and col only for an origin in a file, the path relative to {@code root} when under it.
     */
    public static String command(Annotation a, Path root) {
        List<String> props = new ArrayList<>();
        Origin o = a.origin();
        if (o != null && o.isFile()) {
            String rel = RepoPath.under(root, o.file());
            props.add("file=" + escapeProperty(rel != null ? rel : o.file()));
            if (o.line() > 0) props.add("line=" + o.line());
            if (o.line() > 0 && o.column() > 0) props.add("col=" + o.column());
        }
        if (a.title() != null && !a.title().isEmpty()) props.add("title=" + escapeProperty(a.title()));
        return "::" + a.level().command() + (props.isEmpty() ? "" : " " + String.join(",", props)) + "::" + escapeData(a.message());
    }

    /**
     * Text for Markdown: redacted, on one line, with what Markdown or HTML would read as markup escaped (a table's
     * '|', emphasis, links, code spans, tags), so text from a target or a file shows as it is.
     */
    public static String markdown(String s) {
        return Escaping.escape(s, c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!', '{', '}' -> "\\" + (char) c;
            default -> c < 0x20 || c == 0x7f ? " " : null;
        });
    }

    /** Seconds with three decimals, as the outputs give durations: 1503 ms is "1.503". */
    public static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /**
     * Delivers a report: the workflow commands on {@code commands}, the summary appended to GITHUB_STEP_SUMMARY and
     * the outputs to GITHUB_OUTPUT (each only when its variable is set).
     *
     * @throws ReportException naming each file that could not be appended to (the commands are printed first)
     */
    public static void deliver(Report report, PrintStream commands, Map<String, String> env) throws ReportException {
        Path root = RepoPath.root(null, env);
        for (Annotation a : report.annotations()) {
            if (commands instanceof CommandStream cs) cs.command(command(a, root));
            else commands.println(command(a, root));
        }
        commands.flush();
        List<String> failures = new ArrayList<>();
        append(env, STEP_SUMMARY, capped(report.summary()), failures);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : report.outputs().entrySet()) out.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        append(env, OUTPUT, out.toString(), failures);
        if (!failures.isEmpty()) throw new ReportException(String.join("; ", failures));
    }

    /** GitHub drops a step summary larger than 1 MiB; readygate cuts its own a little below that. */
    static final int SUMMARY_LIMIT = 1_000_000;

    /** The summary, cut at a line break to fit {@link #SUMMARY_LIMIT} bytes (UTF-8), with a line saying so. */
    static String capped(String summary) {
        byte[] bytes = summary.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= SUMMARY_LIMIT) return summary;
        String note = "\n_(cut to fit GitHub's 1 MiB step summary; the JUnit or JSON report has every row)_\n";
        String head = new String(bytes, 0, SUMMARY_LIMIT - note.length() - 4, StandardCharsets.UTF_8);
        int cut = head.lastIndexOf('\n');
        return head.substring(0, cut < 0 ? 0 : cut + 1) + note;
    }

    /** The file a GitHub variable names (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT), or null when it is not set. */
    public static Path file(Map<String, String> env, String variable) {
        String f = env.get(variable);
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    private static void append(Map<String, String> env, String variable, String text, List<String> failures) {
        Path f;
        try {
            f = file(env, variable);
        } catch (java.nio.file.InvalidPathException e) {
            failures.add("cannot append to " + variable + ": " + e.getMessage());
            return;
        }
        if (f == null || text.isEmpty()) return;
        try {
            Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            failures.add("cannot append to " + variable + " (" + f + "): " + why(e));
        }
    }

    /** Why an I/O operation on a file failed, in a few words ("no such directory", "permission denied"). */
    static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "the directory does not exist";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Name/value pairs in order, for {@link Report#outputs}. */
    static Map<String, String> outputs(Object... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) m.put(String.valueOf(pairs[i]), String.valueOf(pairs[i + 1]));
        return m;
    }
}
