package dev.readygate.verify;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.Watch;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.time.Duration;
import java.util.List;

/**
 * One target's protocol as verify runs it: a connection refused for longer than the grace is
 * final (permanent, so the waiter stops under verify's fail-fast policy) instead of being retried
 * until --timeout. The kernel answered the refusal: nginx gets the same answer right now, and a
 * verify of a running config has nothing to wait for. Everything else is the protocol's own.
 */
final class RefusalGrace implements Protocol {
    private final Protocol protocol;
    private final long graceNanos;
    private long firstRefusal = -1;

    RefusalGrace(Protocol protocol, Duration grace) {
        this.protocol = protocol;
        this.graceNanos = grace.toNanos();
    }

    @Override
    public Probe probe() {
        Probe inner = protocol.probe();
        return (target, timeout) -> {
            ProbeResult r = inner.probe(target, timeout);
            if (r.ready() || r.diagnosis().cause() != Cause.CONNECTION_REFUSED) {
                firstRefusal = -1;
                return r;
            }
            long now = System.nanoTime();
            if (firstRefusal < 0) firstRefusal = now;
            if (now - firstRefusal < graceNanos) return r;
            Diagnosis d = r.diagnosis();
            return ProbeResult.notReady(new Diagnosis(d.cause(), d.variant(), d.message(), d.hint(), true, d.evidence()), r.warnings());
        };
    }

    @Override
    public String name() {
        return protocol.name();
    }

    @Override
    public List<String> schemes() {
        return protocol.schemes();
    }

    @Override
    public int defaultPort(String scheme) {
        return protocol.defaultPort(scheme);
    }

    @Override
    public boolean hasEndpoint() {
        return protocol.hasEndpoint();
    }

    @Override
    public List<String[]> forms() {
        return protocol.forms();
    }

    @Override
    public List<Key<?>> settings() {
        return protocol.settings();
    }

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        protocol.checkTarget(address, shown);
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View settings) {
        return protocol.spec(target, settings);
    }

    @Override
    public void preflight(Target target) {
        protocol.preflight(target);
    }

    @Override
    public Watch watch() {
        return protocol.watch();
    }
}
