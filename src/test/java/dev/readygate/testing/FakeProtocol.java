package dev.readygate.testing;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.Watch;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.List;

/** A protocol whose probe (and watch, if any) is given by the test (for gate and waiter tests). */
public record FakeProtocol(Probe probe, Watch watch) implements Protocol {
    public FakeProtocol(Probe probe) {
        this(probe, null);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<String> schemes() {
        return List.of("tcp", "http", "https");
    }

    @Override
    public int defaultPort(String scheme) {
        return 80;
    }

    @Override
    public List<String[]> forms() {
        return List.of();
    }

    @Override
    public List<Key<?>> settings() {
        return List.of();
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View settings) {
        return target.spec();
    }
}
