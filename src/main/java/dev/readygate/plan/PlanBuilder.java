package dev.readygate.plan;

import dev.readygate.base.Durations;
import dev.readygate.wait.PlannedTarget;

import dev.readygate.cli.ExitCodes;
import dev.readygate.config.Setting;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.model.IpFamily;
import dev.readygate.model.Origin;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.model.Target;
import dev.readygate.model.TargetSpec;
import dev.readygate.base.Defaults;
import dev.readygate.wait.WaitPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Merges targets and settings from every source into one immutable plan, parsing every value
 * with the same code whatever its source, so an error names where the bad value was given.
 *
 * <p>Precedence for a target's setting: the target's own entry in the config file, then the
 * command line, then the environment, then the config file's defaults, then the built-in
 * default. For the overall timeout: command line, environment, config file, default.
 */
public final class PlanBuilder {
    /** Keys that only make sense for http(s) targets. */
    public static final Set<String> HTTP_KEYS = Set.of("status", "body-contains", "body-regex", "json-pointer", "expect-headers",
            "method", "body", "headers", "max-redirects", "insecure", "ca-cert", "client-cert", "client-key", "max-header-bytes",
            "max-latency", "cert-min-validity");

    /** A source of global settings; exitCode is what a bad value in it exits with. */
    public record Layer(Map<String, Setting> settings, int exitCode) {
    }

    /** A declared target with its own settings (config file entries have some; others none). */
    public record TargetDecl(String name, String url, Origin origin, Map<String, Setting> settings, int exitCode) {
    }

    private PlanBuilder() {
    }

    /**
     * @param layers global settings, highest precedence first
     * @throws PlanException for any bad value or target
     */
    public static Plan build(List<TargetDecl> decls, List<Layer> layers) {
        Duration timeout = Defaults.TIMEOUT;
        Resolved t = lookup("timeout", Map.of(), 0, layers);
        if (t != null) timeout = t.parse(PlanBuilder::timeout);
        List<PlannedTarget> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TargetDecl d : decls) {
            Target target;
            try {
                target = TargetSpec.parse(d.url(), d.origin());
            } catch (IllegalArgumentException e) {
                throw new PlanException(d.exitCode(), prefix(d.origin()) + e.getMessage());
            }
            if (d.name() != null) target = target.withName(d.name());
            String identity = target.name() + "\u0000" + target.uri();
            if (!seen.add(identity)) continue; // the same target from two sources is waited for once
            for (Setting s : d.settings().values()) {
                if (HTTP_KEYS.contains(s.key()) && !target.isHttp())
                    throw new PlanException(d.exitCode(), label(s) + ": applies to http(s) targets only, and " + target.display() + " is " + target.scheme());
            }
            target = target.withIpFamily(get("ip-family", d, layers, IpFamily::parse, IpFamily.ANY));
            out.add(new PlannedTarget(target.isHttp() ? target.withSpec(http(d, layers)) : target, policy(d, layers)));
        }
        return new Plan(out, timeout);
    }

    private static WaitPolicy policy(TargetDecl d, List<Layer> layers) {
        Duration attempt = get("attempt-timeout", d, layers, Durations::parse, Defaults.ATTEMPT_TIMEOUT);
        Duration interval = get("interval", d, layers, Durations::parse, Defaults.INTERVAL);
        Resolved maxR = lookup("max-interval", d.settings(), d.exitCode(), layers);
        Duration max = maxR == null ? Defaults.MAX_INTERVAL : maxR.parse(Durations::parse);
        if (maxR == null && max.compareTo(interval) < 0) max = interval;
        int successes = get("successes", d, layers, v -> integer(v, 1, 1_000_000), Defaults.SUCCESSES);
        Duration stable = get("stable-for", d, layers, Durations::parse, Defaults.STABLE_FOR);
        boolean failFast = get("fail-fast", d, layers, PlanBuilder::bool, false);
        if (attempt.isZero()) throw bad("attempt-timeout", d, layers, "must be more than 0, e.g. 2s");
        if (interval.isZero()) throw bad("interval", d, layers, "must be more than 0, e.g. 60ms");
        if (max.compareTo(interval) < 0) throw bad("max-interval", d, layers, "(" + Durations.format(max)
                + ") must not be below interval (" + Durations.format(interval) + ")");
        return new WaitPolicy(attempt, interval, max, successes, stable, failFast);
    }

    private static HttpSpec http(TargetDecl d, List<Layer> layers) {
        HttpSpec def = HttpSpec.DEFAULT;
        String method = get("method", d, layers, PlanBuilder::method, def.method());
        String body = get("body", d, layers, v -> v, null);
        if (body != null && !"POST".equals(method)) throw bad("body", d, layers, "is sent with POST only; add --method POST");
        List<HttpSpec.Header> headers = getList("headers", d, layers, HttpSpec.Header::parse);
        StatusSet status = get("status", d, layers, StatusSet::parse, def.status());
        String contains = get("body-contains", d, layers, v -> v, null);
        Pattern regex = get("body-regex", d, layers, PlanBuilder::regex, null);
        HttpSpec.JsonPointerExpect pointer = get("json-pointer", d, layers, HttpSpec.JsonPointerExpect::parse, null);
        List<HttpSpec.HeaderExpect> expectHeaders = getList("expect-headers", d, layers, HttpSpec.HeaderExpect::parse);
        int redirects = get("max-redirects", d, layers, v -> integer(v, 0, 20), def.maxRedirects());
        boolean insecure = get("insecure", d, layers, PlanBuilder::bool, false);
        Path ca = get("ca-cert", d, layers, PlanBuilder::file, null);
        Path cert = get("client-cert", d, layers, PlanBuilder::file, null);
        Path key = get("client-key", d, layers, PlanBuilder::file, null);
        if ((cert == null) != (key == null))
            throw bad(cert == null ? "client-key" : "client-cert", d, layers, "needs " + (cert == null ? "--client-cert" : "--client-key") + " too");
        if ("HEAD".equals(method) && (contains != null || regex != null || pointer != null))
            throw bad("method", d, layers, "HEAD has no body, so body checks cannot pass; use GET");
        int maxHeaderBytes = get("max-header-bytes", d, layers, PlanBuilder::size, 0);
        Duration maxLatency = get("max-latency", d, layers, PlanBuilder::positive, null);
        Duration certMin = get("cert-min-validity", d, layers, Durations::parse, Defaults.CERT_MIN_VALIDITY);
        return new HttpSpec(method, body, headers, status, contains, regex, pointer, expectHeaders, redirects,
                new HttpSpec.TlsOptions(insecure, ca, cert, key), new HttpSpec.Budgets(maxHeaderBytes, maxLatency, certMin));
    }

    // ---- value parsers: each throws IllegalArgumentException with the fix ----

    static Duration timeout(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none") || s.equals("never") || s.equals("forever")) return null;
        Duration d = Durations.parse(v);
        if (d.isZero()) throw new IllegalArgumentException("'" + v + "' would give up at once; write e.g. 60s, or none to wait forever");
        return d;
    }

    /** Bytes as nginx writes them: 4096, 4k, 8K, 1m. */
    static int size(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : 1;
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits) * unit;
            if (n > 0 && n <= Integer.MAX_VALUE) return (int) n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + v + "' is not a size; write e.g. 4k, 8k or 16384");
    }

    static Duration positive(String v) {
        Duration d = Durations.parse(v);
        if (d.isZero()) throw new IllegalArgumentException("'" + v + "' must be more than 0");
        return d;
    }

    static int integer(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + v + "' is not a whole number from " + min + " to " + max);
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        };
    }

    static String method(String v) {
        String m = v.trim().toUpperCase(Locale.ROOT);
        if (m.equals("GET") || m.equals("HEAD") || m.equals("POST")) return m;
        throw new IllegalArgumentException("'" + v + "' is not a supported method; use GET, HEAD or POST");
    }

    static Pattern regex(String v) {
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' is not a valid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    static Path file(String v) {
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("file '" + v + "' does not exist");
        if (!Files.isReadable(p)) throw new IllegalArgumentException("file '" + v + "' is not readable");
        return p;
    }

    // ---- lookup with precedence ----

    private record Resolved(Setting setting, int exitCode) {
        <T> T parse(Function<String, T> parser) {
            try {
                return parser.apply(setting.value());
            } catch (IllegalArgumentException e) {
                throw new PlanException(exitCode, label(setting) + ": " + e.getMessage());
            }
        }
    }

    private static Resolved lookup(String key, Map<String, Setting> own, int ownExit, List<Layer> layers) {
        Setting s = own.get(key);
        if (s != null) return new Resolved(s, ownExit);
        for (Layer l : layers) {
            s = l.settings().get(key);
            if (s != null) return new Resolved(s, l.exitCode());
        }
        return null;
    }

    private static <T> T get(String key, TargetDecl d, List<Layer> layers, Function<String, T> parser, T def) {
        Resolved r = lookup(key, d.settings(), d.exitCode(), layers);
        return r == null ? def : r.parse(parser);
    }

    private static <T> List<T> getList(String key, TargetDecl d, List<Layer> layers, Function<String, T> parser) {
        Resolved r = lookup(key, d.settings(), d.exitCode(), layers);
        if (r == null) return List.of();
        List<T> out = new ArrayList<>();
        for (String v : r.setting().values()) {
            try {
                out.add(parser.apply(v));
            } catch (IllegalArgumentException e) {
                throw new PlanException(r.exitCode(), label(r.setting()) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static PlanException bad(String key, TargetDecl d, List<Layer> layers, String what) {
        Resolved r = lookup(key, d.settings(), d.exitCode(), layers);
        if (r == null) return new PlanException(ExitCodes.USAGE, "--" + cliName(key) + " " + what);
        return new PlanException(r.exitCode(), label(r.setting()) + " " + what);
    }

    /** Where a setting was given: "--attempt-timeout", "environment READYGATE_TIMEOUT", "readygate.yaml:7:14: attempt-timeout". */
    public static String label(Setting s) {
        Origin o = s.origin();
        if (o.isFile()) return o + ": " + s.key();
        if (o.source().startsWith("environment")) return o.source();
        return "--" + cliName(s.key());
    }

    private static String prefix(Origin o) {
        return o.isFile() ? o + ": " : o.source().startsWith("environment") ? o.source() + ": " : "";
    }

    /** The command-line option for a config key (lists are plural in the file, singular and repeatable on the command line). */
    public static String cliName(String key) {
        return switch (key) {
            case "headers" -> "header";
            case "expect-headers" -> "expect-header";
            default -> key;
        };
    }
}
