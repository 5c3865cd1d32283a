package dev.readygate.testing;

import dev.readygate.cli.Cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in process with captured streams; toString shows everything for assertion messages. */
public final class CliRun {
    public final int code;
    public final String out;
    public final String err;

    private CliRun(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    public static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    public static CliRun run(Map<String, String> env, String... args) {
        return run(InputStream.nullInputStream(), env, args);
    }

    /** With TEXT on stdin (e.g. 'nginx -T' output for FILE -). */
    public static CliRun withStdin(String text, String... args) {
        return withStdin(text, Map.of(), args);
    }

    /** With TEXT on stdin and the given environment. */
    public static CliRun withStdin(String text, Map<String, String> env, String... args) {
        return run(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), env, args);
    }

    private static CliRun run(InputStream stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = Cli.run(args, new Cli.Context(stdin, po, pe, environment, false));
        }
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
