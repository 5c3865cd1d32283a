package dev.readygate.protocol;

import dev.readygate.protocol.tcp.TcpProbe;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One probe per URI scheme. Adding a protocol is one entry here plus its package. */
public final class ProbeRegistry {
    private final Map<String, Probe> probes;

    public ProbeRegistry(Map<String, Probe> probes) {
        this.probes = Map.copyOf(probes);
    }

    public static ProbeRegistry standard() {
        Probe http = new dev.readygate.protocol.http.HttpProbe();
        return new ProbeRegistry(Map.of("tcp", new TcpProbe(), "http", http, "https", http));
    }

    /** @throws IllegalArgumentException for a scheme no probe speaks */
    public Probe forScheme(String scheme) {
        Probe p = probes.get(scheme);
        if (p == null) throw new IllegalArgumentException("no probe for scheme '" + scheme + "'; supported: " + schemes());
        return p;
    }

    public Set<String> schemes() {
        return new TreeSet<>(probes.keySet());
    }
}
