package dev.readygate.testing;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.registry.Registry;
import dev.readygate.wait.WaitPolicy;

import java.time.Duration;
import java.util.Map;

public final class Targets {
    private Targets() {
    }

    /** A target probed by its real protocol. */
    public static PlannedTarget planned(String spec, WaitPolicy policy) {
        Target t = Registry.protocols().parse(spec, Origin.COMMAND_LINE);
        return new PlannedTarget(t, policy, Registry.protocols().forScheme(t.scheme()).orElseThrow());
    }

    /** A target probed by the given probe. */
    public static PlannedTarget planned(String spec, WaitPolicy policy, Probe probe) {
        return new PlannedTarget(Registry.protocols().parse(spec, Origin.COMMAND_LINE), policy, new FakeProtocol(probe));
    }

    public static WaitPolicy policy() {
        return WaitPolicy.defaults();
    }

    public static WaitPolicy policy(int successes, Duration stableFor, boolean failFast) {
        WaitPolicy d = WaitPolicy.defaults();
        return new WaitPolicy(d.attemptTimeout(), d.interval(), d.maxInterval(), successes, stableFor, failFast);
    }

    public static ProbeResult ok() {
        return ProbeResult.ready(Map.of("status", 200));
    }

    public static ProbeResult fail(Cause c) {
        return ProbeResult.notReady(Diagnosis.of(c, c.name().toLowerCase()));
    }

    public static ProbeResult status(int code) {
        return ProbeResult.notReady(Diagnosis.builder(Cause.HTTP_STATUS, "HTTP " + code).variant(Integer.toString(code))
                .permanent(code >= 400 && code < 500).build());
    }
}
