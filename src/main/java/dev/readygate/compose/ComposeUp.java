package dev.readygate.compose;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.compose.ComposeProtocol;
import dev.readygate.protocol.compose.Containers.Container;
import dev.readygate.protocol.compose.Containers.Publisher;
import dev.readygate.protocol.compose.DockerCompose;
import dev.readygate.protocol.compose.Snapshots;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Settings;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ConfigJson;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code readygate compose [OPTIONS] up [UP OPTIONS]}: the steps around the gate. {@code docker compose up -d} with the
 * user's options, the normalised project from {@code docker compose config --format json}, the targets to wait for
 * (each service's containers as {@code compose:SERVICE}, and the ports published on the host), and, when something is
 * not ready, the last lines of the failing services' logs and, if asked, {@code docker compose down}.
 */
public final class ComposeUp {
    /** How many lines of each failing service's log are shown. */
    public static final int LOG_LINES = 20;
    /** The most time one logs call may take, and all of them together. */
    static final Duration LOGS_BUDGET = Duration.ofSeconds(5);
    static final Duration ALL_LOGS_BUDGET = Duration.ofSeconds(20);
    /** The longest log line shown; the rest is cut. */
    static final int MAX_LOG_LINE = 1000;
    /** What one logs call may print before it is cut. */
    static final int MAX_LOG_BYTES = 256 << 10;

    private final DockerCompose docker;
    private final Snapshots snapshots;
    private final UpArgs up;

    public ComposeUp(DockerCompose docker, List<String> upArgs) {
        this.docker = docker;
        this.snapshots = new Snapshots(docker);
        this.up = UpArgs.parse(upArgs);
    }

    public DockerCompose docker() {
        return docker;
    }

    /** The protocol of this project's {@code compose:SERVICE} targets: one shared ps per round. */
    public ComposeProtocol protocol() {
        return new ComposeProtocol(snapshots);
    }

    /** The arguments of {@code docker compose up}: the user's, with {@code -d} added unless they have it. */
    public List<String> upCommand() {
        List<String> out = new ArrayList<>(List.of("up"));
        if (!up.detached()) out.add("-d");
        out.addAll(up.args());
        return out;
    }

    /** Runs {@code docker compose up -d ...}, its output passed to {@code sink} line by line, for at most {@code budget}. */
    public DockerCompose.Result up(Duration budget, PrintStream sink) {
        return docker.passThrough(upCommand(), budget, sink);
    }

    /** Runs {@code docker compose down}, its output passed to {@code sink}. */
    public DockerCompose.Result down(Duration budget, PrintStream sink) {
        return docker.passThrough(List.of("down"), budget, sink);
    }

    /** Why a step failed: the line to print, and the exit code (docker compose's own when it failed). */
    public static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        StepFailure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * What to wait for: the normalised project ({@code docker compose config --format json SERVICE...}, within the budget) and
     * the ports its containers publish now (one ps, for the host ports the engine picked).
     *
     * @param blocked the exit code when config fails to answer in time
     * @param config  the exit code when what it printed is no Compose project
     */
    public Waited project(Duration budget, int blocked, int config) throws StepFailure {
        long end = System.nanoTime() + budget.toNanos();
        List<String> args = new ArrayList<>(List.of("config", "--format", "json"));
        args.addAll(up.services());
        DockerCompose.Result r = docker.capture(args, budget);
        if (r.failure() != null) throw new StepFailure(blocked, "cannot run " + docker.shown(args) + ": " + r.failure());
        if (r.timedOut()) throw new StepFailure(blocked, docker.shown(args) + " did not finish before the deadline; lengthen --timeout");
        if (r.exit() != 0) throw new StepFailure(r.exit(), r.err().strip().isEmpty() ? docker.shown(args) + " failed (exit " + r.exit() + ")" : r.err().strip());
        if (r.truncated())
            throw new StepFailure(config, docker.shown(args) + " printed more than " + DockerCompose.MAX_CAPTURE / (1 << 20) + " MiB; readygate reads a project up to that size");
        Snapshots.Snapshot now = snapshots.get(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
        List<ConfigJson.Published> published = new ArrayList<>();
        for (Container c : now.containers())
            for (Publisher p : c.publishers())
                if (p.publishedPort() > 0) published.add(new ConfigJson.Published(c.service(), p.targetPort(), p.protocol(), p.url(), p.publishedPort()));
        ConfigJson.Project project;
        try {
            project = ConfigJson.read(r.out(), published);
        } catch (SourceException e) {
            throw new StepFailure(config, e.getMessage());
        }
        List<String> services = new ArrayList<>();
        for (String s : project.services()) {
            if (up.scaledToZero().contains(s)) continue;
            if (up.noDeps() && !up.services().isEmpty() && !up.services().contains(s)) continue;
            services.add(s);
        }
        List<Declaration> decls = new ArrayList<>();
        for (String s : services) {
            Origin origin = new Origin(ConfigJson.DISPLAY + ", service " + s, null, 0, 0);
            decls.add(new Declaration(null, ComposeProtocol.SCHEME + ":" + s, origin, Settings.EMPTY));
        }
        for (Declaration d : project.declarations()) if (services.contains(service(d.target()))) decls.add(d);
        return new Waited(project, services, decls);
    }

    /**
     * The project and what is waited for.
     *
     * @param services     the services whose containers are waited for
     * @param declarations {@code compose:SERVICE} for each, then their published ports
     */
    public record Waited(ConfigJson.Project project, List<String> services, List<Declaration> declarations) {
    }

    /** The service a target stands for: compose:SERVICE's, or the name of a port's ("web" or "web:8080"). */
    public static String service(Target t) {
        if (ComposeProtocol.SCHEME.equals(t.scheme())) return t.uri().getSchemeSpecificPart();
        String name = t.name() == null ? "" : t.name();
        return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    }

    /** The services of these targets, in the project's order. */
    public static List<String> services(List<Target> targets, List<String> ofProject) {
        Set<String> named = new LinkedHashSet<>();
        for (Target t : targets) named.add(service(t));
        return ofProject.stream().filter(named::contains).toList();
    }

    /**
     * Prints the last {@value #LOG_LINES} lines of each service's log ({@code docker compose logs --no-color --tail 20
     * SERVICE}), each call bounded in time and size, the secrets of the project's environment masked.
     */
    public void logs(List<String> services, Set<String> secrets, PrintStream sink) {
        long end = System.nanoTime() + ALL_LOGS_BUDGET.toNanos();
        LogMask mask = new LogMask(secrets);
        for (String s : services) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                sink.println("readygate: no time left for the logs of " + s + " (docker compose logs " + s + ")");
                continue;
            }
            List<String> args = List.of("logs", "--no-color", "--tail", String.valueOf(LOG_LINES), s);
            DockerCompose.Result r = docker.capture(args, Duration.ofNanos(Math.min(left, LOGS_BUDGET.toNanos())), MAX_LOG_BYTES);
            if (r.failure() != null || r.timedOut() || r.exit() != 0) {
                String why = r.failure() != null ? r.failure() : r.timedOut() ? "it did not answer in time" : "exit " + r.exit()
                        + (r.lastErrLine().isEmpty() ? "" : ": " + mask.line(r.lastErrLine()));
                sink.println("readygate: cannot show the log of " + s + " (" + why + ")");
                continue;
            }
            List<String> lines = new ArrayList<>(r.out().lines().toList());
            if (r.truncated() && !lines.isEmpty()) lines.remove(lines.size() - 1); // cut in the middle
            if (lines.size() > LOG_LINES) lines = lines.subList(lines.size() - LOG_LINES, lines.size());
            if (lines.isEmpty()) {
                sink.println("readygate: the log of " + s + " is empty");
                continue;
            }
            sink.println("readygate: last " + lines.size() + " lines of the log of " + s + " (docker compose logs --tail " + LOG_LINES + " " + s + "):");
            for (String l : lines) {
                String shown = l.length() > MAX_LOG_LINE ? l.substring(0, MAX_LOG_LINE) + "..." : l;
                sink.println("  " + mask.line(shown));
            }
        }
    }

    /**
     * What follows {@code up}, as far as readygate needs it: the services named (positional arguments), {@code --no-deps},
     * services scaled to 0, and whether {@code -d} is there already. The options of {@code docker compose up} that take a
     * value are known, so their values are not taken for services.
     */
    public record UpArgs(List<String> args, List<String> services, boolean noDeps, Set<String> scaledToZero, boolean detached) {
        /** up's options that take a value (docker compose v2 cmd/compose/up.go). */
        static final Set<String> WITH_VALUE = Set.of("--pull", "--scale", "--exit-code-from", "-t", "--timeout", "--attach", "--no-attach",
                "--wait-timeout");

        static UpArgs parse(List<String> args) {
            List<String> services = new ArrayList<>();
            Set<String> zero = new LinkedHashSet<>();
            boolean noDeps = false;
            boolean detached = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("-")) {
                    String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                    String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                    if (WITH_VALUE.contains(name) && value == null && i + 1 < args.size()) value = args.get(++i);
                    if (name.equals("--no-deps")) noDeps = true;
                    if (name.equals("-d") || name.equals("--detach") || name.equals("--wait")
                            || !name.startsWith("--") && name.length() > 2 && name.substring(1).contains("d")) detached = true;
                    if (name.equals("--scale") && value != null && value.matches("[^=]+=0+")) zero.add(value.substring(0, value.indexOf('=')));
                } else {
                    services.add(a);
                }
            }
            return new UpArgs(List.copyOf(args), List.copyOf(services), noDeps, zero, detached);
        }
    }
}
