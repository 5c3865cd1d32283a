package dev.readygate.protocol.tcp;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Redact;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.List;

/** tcp://HOST:PORT (and a bare HOST:PORT): ready when a connection is accepted. */
public final class TcpProtocol implements Protocol {
    /** tcp targets have no settings of their own. */
    public record TcpSpec() implements ProtocolSpec {
    }

    private static final TcpSpec SPEC = new TcpSpec();
    private final Probe probe = new TcpProbe();

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public List<String> schemes() {
        return List.of("tcp");
    }

    @Override
    public int defaultPort(String scheme) {
        return 0;
    }

    @Override
    public List<String[]> forms() {
        return List.<String[]>of(new String[] {"tcp://HOST:PORT, HOST:PORT", "ready when a TCP connection is accepted"});
    }

    @Override
    public List<Key<?>> settings() {
        return List.of();
    }

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        if (!address.path().isEmpty() && !"/".equals(address.path()))
            throw new IllegalArgumentException(shown + ": a tcp target has no path; did you mean "
                    + Redact.text("http://" + address.authority() + address.path()) + " ?");
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View settings) {
        return SPEC;
    }

    @Override
    public Probe probe() {
        return probe;
    }
}
