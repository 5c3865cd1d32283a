package dev.readygate.plan;

import dev.readygate.base.Durations;
import dev.readygate.model.Origin;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.Protocols;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Layers;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.WaitPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns declared targets and typed settings into one immutable plan: each target gets its
 * protocol, the protocol's typed spec and its wait policy.
 *
 * <p>Precedence for a target's setting: the target's own settings (config file entry, source),
 * then the layers in order (command line, environment, config file defaults), then the built-in
 * default. A setting that the target's protocol does not read is an error naming the setting and
 * the target.
 */
public final class PlanBuilder {
    private PlanBuilder() {
    }

    /**
     * @param invocation the layers given on the command line and in the environment (checked: a
     *                   protocol setting there must apply to at least one target)
     * @throws SettingException for any bad target or combination of settings
     */
    public static Plan build(List<Declaration> decls, Layers layers, List<Settings> invocation, Protocols protocols) {
        Duration timeout = layers.get(CoreKeys.TIMEOUT);
        List<PlannedTarget> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Declaration d : decls) {
            Target target = parse(d, protocols);
            Protocol protocol = protocols.forScheme(target.scheme()).orElseThrow();
            String identity = target.name() + "\u0000" + target.uri();
            if (!seen.add(identity)) continue; // the same target from two sources is waited for once
            for (Value<?> v : d.own().values()) {
                if (!Protocols.applies(v.key(), protocol)) throw notApplicable(v, protocols, List.of(target));
            }
            Layers.View view = layers.forTarget(d.own(), d.suggested());
            target = target.withIpFamily(view.get(CoreKeys.IP_FAMILY));
            ProtocolSpec spec = protocol.spec(target, view);
            out.add(new PlannedTarget(target.withSpec(spec), policy(view), protocol));
        }
        for (Settings layer : invocation) {
            for (Value<?> v : layer.values()) {
                if (CoreKeys.appliesToEveryTarget(v.key())) continue;
                if (out.stream().noneMatch(pt -> Protocols.applies(v.key(), pt.protocol())))
                    throw notApplicable(v, protocols, out.stream().map(PlannedTarget::target).toList());
            }
        }
        return new Plan(out, timeout, layers.get(CoreKeys.MAX_CONCURRENCY));
    }

    private static Target parse(Declaration d, Protocols protocols) {
        try {
            Target target = d.target() != null ? built(d.target(), protocols) : protocols.parse(d.url(), d.origin());
            return d.name() != null ? target.withName(d.name()) : target;
        } catch (IllegalArgumentException e) {
            throw new SettingException(d.origin(), prefix(d.origin()) + e.getMessage());
        }
    }

    /** A target a source built: its scheme must still be one a protocol speaks. */
    private static Target built(Target target, Protocols protocols) {
        protocols.require(target.scheme(), "target '" + target.display() + "'");
        return target;
    }

    private static WaitPolicy policy(Layers.View s) {
        Duration attempt = s.get(CoreKeys.ATTEMPT_TIMEOUT);
        Duration interval = s.get(CoreKeys.INTERVAL);
        Value<Duration> maxSet = s.find(CoreKeys.MAX_INTERVAL);
        Duration max = s.get(CoreKeys.MAX_INTERVAL);
        if (maxSet == null && max.compareTo(interval) < 0) max = interval;
        if (attempt.isZero()) throw s.bad(CoreKeys.ATTEMPT_TIMEOUT, "must be more than 0, e.g. 2s");
        if (interval.isZero()) throw s.bad(CoreKeys.INTERVAL, "must be more than 0, e.g. 60ms");
        if (max.compareTo(interval) < 0) throw s.bad(CoreKeys.MAX_INTERVAL, "(" + Durations.format(max)
                + ") must not be below interval (" + Durations.format(interval) + ")");
        return new WaitPolicy(attempt, interval, max, s.get(CoreKeys.SUCCESSES), s.get(CoreKeys.STABLE_FOR), s.get(CoreKeys.FAIL_FAST),
                s.get(CoreKeys.FAIL_FAST_GRACE));
    }

    /** "--status: applies to http(s) targets only, and tcp://db:5432 is tcp". */
    private static SettingException notApplicable(Value<?> v, Protocols protocols, List<Target> targets) {
        List<String> schemes = new ArrayList<>();
        for (Protocol p : protocols.owners(v.key())) schemes.addAll(p.schemes());
        String kinds = kinds(schemes);
        String which = targets.size() == 1 ? targets.get(0).display() + " is " + targets.get(0).scheme()
                : "no target is (" + String.join(", ", targets.stream().map(t -> t.display() + " is " + t.scheme()).toList()) + ")";
        return new SettingException(v.origin(), v.label() + ": applies to " + kinds + " targets only, and " + which);
    }

    /** http, https -> http(s); others joined with '/'. */
    static String kinds(List<String> schemes) {
        List<String> out = new ArrayList<>();
        for (String s : schemes) {
            if (!out.isEmpty() && s.equals(out.get(out.size() - 1) + "s")) out.set(out.size() - 1, out.get(out.size() - 1) + "(s)");
            else out.add(s);
        }
        return String.join("/", out);
    }

    private static String prefix(Origin o) {
        return o.isFile() ? o + ": " : o.isEnvironment() ? o.source() + ": " : "";
    }
}
