package dev.readygate.protocol.tcp;

import dev.readygate.net.Dialer;
import dev.readygate.net.Dialing;
import dev.readygate.net.Resolver;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.model.Target;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tcp://host:port: ready when a connection is accepted. The host's addresses are dialled as
 * the target's --ip-family asks (see {@link Dialing}).
 */
public final class TcpProbe implements Probe {

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Dialing.Result r = Dialing.dial(target.endpoint().host(), target.endpoint().port(), target.ipFamily(), deadline);
        if (!r.ok()) return ProbeResult.notReady(r.failure());
        Dialer.Dial d = r.connected();
        Dialer.closeQuietly(d.socket());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("address", d.addressText());
        ev.put("family", Resolver.family(d.address()));
        ev.put("connectMs", Math.round(d.connectNanos() / 10_000.0) / 100.0);
        if (!r.addresses().isEmpty()) ev.put("addresses", r.addresses());
        return ProbeResult.ready(ev, r.warning() == null ? List.of() : List.of(r.warning()));
    }
}
