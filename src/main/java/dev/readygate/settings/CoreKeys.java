package dev.readygate.settings;

import dev.readygate.base.Defaults;
import dev.readygate.model.IpFamily;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings every target has, whatever its protocol, and those of the run itself. */
public final class CoreKeys {
    private CoreKeys() {
    }

    public static final Key<Duration> TIMEOUT = Key.scalar("timeout", Parsers::timeout).label("DURATION")
            .defaultValue(Defaults.TIMEOUT, Defaults.TIMEOUT_TEXT).places(Place.CLI, Place.ENV, Place.TOP)
            .help("overall deadline for all targets, counted from the process's start, or 'none' to wait forever").build();
    public static final Key<Duration> ATTEMPT_TIMEOUT = Key.scalar("attempt-timeout", dev.readygate.base.Durations::parse).label("DURATION")
            .defaultValue(Defaults.ATTEMPT_TIMEOUT, Defaults.ATTEMPT_TIMEOUT_TEXT)
            .help("budget of one attempt, all phases; clipped to the time left").build();
    public static final Key<Duration> INTERVAL = Key.scalar("interval", dev.readygate.base.Durations::parse).label("DURATION")
            .defaultValue(Defaults.INTERVAL, Defaults.INTERVAL_TEXT)
            .help("fast retry cadence and first backoff step").build();
    public static final Key<Duration> MAX_INTERVAL = Key.scalar("max-interval", dev.readygate.base.Durations::parse).label("DURATION")
            .defaultValue(Defaults.MAX_INTERVAL, Defaults.MAX_INTERVAL_TEXT)
            .help("cap of the exponential backoff").build();
    public static final Key<Integer> SUCCESSES = Key.scalar("successes", v -> Parsers.integer(v, 1, 1_000_000)).label("N")
            .defaultValue(Defaults.SUCCESSES, Defaults.SUCCESSES_TEXT)
            .help("consecutive successful attempts required").build();
    public static final Key<Duration> STABLE_FOR = Key.scalar("stable-for", dev.readygate.base.Durations::parse).label("DURATION")
            .defaultValue(Defaults.STABLE_FOR, Defaults.STABLE_FOR_TEXT)
            .help("stay ready this long before passing; a failure inside it is FLAPPING").build();
    public static final Key<Boolean> FAIL_FAST = Key.flag("fail-fast").places(Place.CLI, Place.ENV, Place.DEFAULTS)
            .help("stop at the first permanent failure (untrusted certificate, 404, ...)").build();
    public static final Key<Duration> FAIL_FAST_GRACE = Key.scalar("fail-fast-grace", dev.readygate.base.Durations::parse).label("DURATION")
            .defaultValue(Defaults.FAIL_FAST_GRACE, Defaults.FAIL_FAST_GRACE_TEXT)
            .help("with --fail-fast, how long a wrong password, a missing user or database must last before it stops (set-ups create them just after the port opens)").build();
    public static final Key<IpFamily> IP_FAMILY = Key.scalar("ip-family", IpFamily::parse).label("any|all|4|6")
            .defaultValue(IpFamily.ANY, Defaults.IP_FAMILY_TEXT)
            .help("which addresses of a host name must work: any (a failing family is a warning), all, or only 4 or 6").build();

    /**
     * Files whose declared targets are waited for too (nginx.conf, or - for stdin). Every channel adds its own: the
     * command line (repeatable), READYGATE_FROM (one per line or separated by commas), the config file's top-level
     * list (relative to the config file). The option's help is written where the option is declared (WaitCommand).
     */
    public static final Key<List<String>> FROM = Key.list("from", Parsers::text).label("FILE|-").path().defaultValue(List.of(), null)
            .places(Place.CLI, Place.ENV, Place.TOP)
            .help("also wait for the targets a file declares (repeatable)").build();
    /** Compose profiles to enable when a --from file is a Compose file (each value may list several, separated by commas). */
    public static final Key<List<String>> PROFILE = Key.list("profile", Parsers::text).label("NAME").defaultValue(List.of(), null)
            .places(Place.CLI, Place.ENV, Place.TOP)
            .help("Compose profiles to enable for --from compose.yaml (repeatable or comma-separated; '*' enables all; default: COMPOSE_PROFILES)").build();
    /** Read --from Compose files as a gate inside the Compose network does (service:port), not from the host. */
    public static final Key<Boolean> NETWORK = Key.flag("network").places(Place.CLI, Place.ENV, Place.TOP)
            .help("the gate runs inside the Compose network: --from compose.yaml waits for service:port of every exposed or "
                    + "published container port, not for the ports published on the host").build();
    public static final Key<Path> CONFIG = Key.scalar("config", Parsers::path).label("FILE").places(Place.CLI, Place.ENV)
            .help("YAML file with defaults and named targets (see README)").build();
    public static final Key<String> OUTPUT = Key.scalar("output", Parsers::text).alias("-o").label("FORMAT").places(Place.CLI, Place.ENV)
            .defaultValue("text", null)
            .help("text (report on stderr), json (report on stdout, schema in docs/json-report.md) or github (workflow commands, "
                    + "step summary and outputs for GitHub Actions, on by itself when GITHUB_ACTIONS=true; docs/github.md) (default: text)").build();
    public static final Key<Path> REPORT = Key.scalar("report", Parsers::path).label("FILE").places(Place.CLI, Place.ENV)
            .help("also write the JSON report to FILE, or to stdout with '-' (once, even with --output json)").build();
    /** 0 (the default) stands for "derived from the open-files limit" (net.OpenFiles); a value given is at least 1. */
    public static final Key<Integer> MAX_CONCURRENCY = Key.scalar("max-concurrency", v -> Parsers.integer(v, 1, 1_000_000)).label("N")
            .defaultValue(0, Defaults.MAX_CONCURRENCY_TEXT).places(Place.CLI, Place.ENV, Place.TOP)
            .help("attempts (open sockets) at once, over all targets; the others wait their turn").build();
    public static final Key<Path> JUNIT = Key.scalar("junit", Parsers::path).label("FILE").places(Place.CLI, Place.ENV)
            .help("also write a JUnit XML report to FILE: a test case per target (docs/github.md)").build();
    public static final Key<Boolean> QUIET = Key.flag("quiet").alias("-q").places(Place.CLI, Place.ENV)
            .help("no progress; report only targets that are not ready").build();
    public static final Key<Boolean> VERBOSE = Key.flag("verbose").alias("-v").places(Place.CLI, Place.ENV)
            .help("print every attempt").build();

    /** How each target is waited for (before the protocols' own settings in the catalogue). */
    public static final List<Key<?>> WAITING = List.of(TIMEOUT, ATTEMPT_TIMEOUT, INTERVAL, MAX_INTERVAL, SUCCESSES, STABLE_FOR, FAIL_FAST, FAIL_FAST_GRACE,
            IP_FAMILY);

    /** How the run reports (after the protocols' settings in the catalogue). */
    public static final List<Key<?>> RUN = List.of(FROM, PROFILE, NETWORK, CONFIG, MAX_CONCURRENCY, OUTPUT, REPORT, JUNIT, QUIET, VERBOSE);

    /** Keys that apply to every target, whatever its protocol. */
    public static boolean appliesToEveryTarget(Key<?> key) {
        return WAITING.contains(key) || RUN.contains(key);
    }
}
