package dev.readygate.protocol.compose;

import dev.readygate.base.Executables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docker compose [GLOBAL OPTIONS] ...}: {@code docker} as the PATH of the given environment finds it, with
 * that environment and no stdin. Every run is bounded in time (past its budget the process and its children, such as the
 * compose plugin, are killed) and in what it keeps of its output.
 *
 * @param docker the docker executable found, or null when the PATH has none
 * @param global the options before the compose subcommand ({@code -f FILE}, {@code -p NAME}, {@code --profile P}, ...)
 * @param env    the environment docker runs with (COMPOSE_FILE, COMPOSE_PROJECT_NAME, DOCKER_HOST are read by it)
 */
public record DockerCompose(String docker, List<String> global, Map<String, String> env) {
    /** The most of stdout a captured run keeps (compose's JSON of a large project is a few hundred KB). */
    public static final int MAX_CAPTURE = 4 << 20;
    /** The most of stderr a captured run keeps: its last lines say why it failed. */
    static final int MAX_ERR = 64 << 10;
    /** A line passed through longer than this is cut (a progress bar redrawn without line breaks). */
    static final int MAX_LINE = 8192;
    /** How long the output of a killed process is still read. */
    private static final long DRAIN_MS = 300;

    public DockerCompose {
        global = List.copyOf(global);
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** docker as the environment's PATH finds it. */
    public static DockerCompose of(Map<String, String> env, List<String> global) {
        return new DockerCompose(Executables.find("docker", env.get("PATH")), global, env);
    }

    public boolean found() {
        return docker != null;
    }

    /** What the user would type for these arguments, for messages: {@code docker compose -p shop ps --all --format json}. */
    public String shown(List<String> args) {
        List<String> all = new ArrayList<>(List.of("docker", "compose"));
        all.addAll(global);
        all.addAll(args);
        StringBuilder sb = new StringBuilder();
        for (String a : all) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\|&;<>()*?].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }

    /**
     * How a run ended.
     *
     * @param exit      the exit code; -1 when it was killed (timed out or interrupted) or could not start
     * @param out       stdout, at most {@link #MAX_CAPTURE} bytes kept (passed-through runs: empty)
     * @param err       the end of stderr, at most {@link #MAX_ERR} bytes (passed-through runs: empty)
     * @param timedOut  killed at the end of its budget
     * @param truncated stdout was longer than what was kept
     * @param failure   why it could not start, or null
     */
    public record Result(int exit, String out, String err, boolean timedOut, boolean truncated, String failure) {
        public boolean ok() {
            return exit == 0 && failure == null && !timedOut;
        }

        /** The last non-blank line of stderr, or "". */
        public String lastErrLine() {
            String[] lines = err.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    /** Runs it with stdout and stderr kept (bounded), for at most {@code budget}. */
    public Result capture(List<String> args, Duration budget) {
        return capture(args, budget, MAX_CAPTURE);
    }

    /** Runs it with at most {@code maxOut} bytes of stdout kept (the first ones), for at most {@code budget}. */
    public Result capture(List<String> args, Duration budget, int maxOut) {
        Bounded out = new Bounded(maxOut, false);
        Bounded err = new Bounded(MAX_ERR, true);
        return run(args, budget, out::accept, err::accept, () -> new Result(0, out.text(), err.text(), false, out.truncated, null));
    }

    /**
     * Runs it with every line of its stdout and stderr passed to {@code sink} as it comes (docker compose up's progress),
     * for at most {@code budget}.
     */
    public Result passThrough(List<String> args, Duration budget, PrintStream sink) {
        Lines outLines = new Lines(sink);
        Lines errLines = new Lines(sink);
        return run(args, budget, outLines::accept, errLines::accept, () -> {
            outLines.flush();
            errLines.flush();
            return new Result(0, "", "", false, false, null);
        });
    }

    /** Starts it, feeds its stdout and stderr to the two sinks, waits within the budget; {@code ended} says what was kept. */
    private Result run(List<String> args, Duration budget, Chunk out, Chunk err, java.util.function.Supplier<Result> ended) {
        Process p;
        try {
            p = start(args);
        } catch (IOException e) {
            return new Result(-1, "", "", false, false, reason(e));
        }
        Thread o = drain(p.getInputStream(), out);
        Thread e = drain(p.getErrorStream(), err);
        boolean finished = await(p, budget);
        join(o, e);
        Result kept = ended.get();
        return new Result(finished ? p.exitValue() : -1, kept.out(), kept.err(), !finished, kept.truncated(), null);
    }

    private Process start(List<String> args) throws IOException {
        if (docker == null) throw new IOException("error=2, No such file or directory");
        List<String> command = new ArrayList<>(List.of(docker, "compose"));
        command.addAll(global);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String reason(IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("error=2,") || why.contains("No such file")) return "docker not found on the PATH";
        int i = why.indexOf(", error=");
        return i >= 0 ? why.substring(i + 2) : why;
    }

    /** Waits for the process within the budget; past it, or when interrupted, kills it and its children. */
    private static boolean await(Process p, Duration budget) {
        try {
            if (p.waitFor(Math.max(1, budget.toNanos()), TimeUnit.NANOSECONDS)) return true;
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return false;
        }
        kill(p);
        return false;
    }

    /** The process and its descendants (docker runs the compose plugin as a child), at once. */
    private static void kill(Process p) {
        try {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException ignored) {
            // gone already
        }
        p.destroyForcibly();
    }

    private static void join(Thread... readers) {
        long until = System.nanoTime() + DRAIN_MS * 1_000_000;
        for (Thread t : readers) {
            long left = (until - System.nanoTime()) / 1_000_000;
            try {
                if (left > 0) t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface Chunk {
        void accept(byte[] b, int n);
    }

    private static Thread drain(InputStream in, Chunk sink) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) sink.accept(buf, n);
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "docker-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Keeps at most {@code max} bytes: the first ones, or the last ones ({@code tail}). */
    private static final class Bounded {
        private final int max;
        private final boolean tail;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        volatile boolean truncated;

        Bounded(int max, boolean tail) {
            this.max = max;
            this.tail = tail;
        }

        synchronized void accept(byte[] b, int n) {
            if (!tail) {
                int room = max - kept.size();
                if (room > 0) kept.write(b, 0, Math.min(room, n));
                if (n > room) truncated = true;
                return;
            }
            kept.write(b, 0, n);
            if (kept.size() > 2 * max) {
                byte[] all = kept.toByteArray();
                kept.reset();
                kept.write(all, all.length - max, max);
                truncated = true;
            }
        }

        synchronized String text() {
            byte[] all = kept.toByteArray();
            if (tail && all.length > max) all = java.util.Arrays.copyOfRange(all, all.length - max, all.length);
            return new String(all, StandardCharsets.UTF_8);
        }
    }

    /** Cuts one stream into lines for the sink, whole lines at a time (stdout's and stderr's do not mix within a line). */
    private static final class Lines {
        private final PrintStream sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream sink) {
            this.sink = sink;
        }

        synchronized void accept(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                byte c = b[i];
                if (c == '\n') emit();
                else if (c != '\r' && line.size() < MAX_LINE) line.write(c);
            }
        }

        synchronized void flush() {
            if (line.size() > 0) emit();
        }

        private void emit() {
            synchronized (sink) {
                sink.println(line.toString(StandardCharsets.UTF_8));
            }
            line.reset();
        }
    }
}
