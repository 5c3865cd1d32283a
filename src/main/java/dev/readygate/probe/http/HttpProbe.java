package dev.readygate.probe.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.probe.Probe;
import dev.readygate.probe.ProbeResult;
import dev.readygate.target.Target;

import java.time.Duration;

/** Placeholder until the HTTP probe lands. */
public final class HttpProbe implements Probe {
    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        return ProbeResult.notReady(Diagnosis.of(Cause.PROTOCOL_ERROR, "HTTP probe not built yet"));
    }
}
