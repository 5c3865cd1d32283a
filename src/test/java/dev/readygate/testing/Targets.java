package dev.readygate.testing;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Origin;
import dev.readygate.model.TargetSpec;
import dev.readygate.wait.WaitPolicy;

import java.time.Duration;
import java.util.Map;

public final class Targets {
    private Targets() {
    }

    public static PlannedTarget planned(String spec, WaitPolicy policy) {
        return new PlannedTarget(TargetSpec.parse(spec, Origin.COMMAND_LINE), policy);
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
