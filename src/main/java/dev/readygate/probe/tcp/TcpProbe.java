package dev.readygate.probe.tcp;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.Dialer;
import dev.readygate.net.Resolver;
import dev.readygate.probe.Probe;
import dev.readygate.probe.ProbeResult;
import dev.readygate.target.Target;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tcp://host:port: ready when a connection is accepted. Every address of the host is tried in
 * the resolver's order until one accepts, as a client would.
 */
public final class TcpProbe implements Probe {

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Resolver.Resolution res = Resolver.resolve(target.endpoint().host(), timeout);
        if (!res.ok()) return ProbeResult.notReady(res.failure());
        int port = target.endpoint().port();
        List<Map<String, Object>> tried = new ArrayList<>();
        Diagnosis first = null;
        for (InetAddress a : res.addresses()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 && first != null) break;
            Dialer.Dial dial = Dialer.connect(a, port, Math.max(1, left));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("address", dial.addressText());
            one.put("family", Resolver.family(a));
            one.put("connectMs", round(dial.connectNanos()));
            if (dial.ok()) {
                Dialer.closeQuietly(dial.socket());
                one.put("result", "connected");
                tried.add(one);
                Map<String, Object> ev = new LinkedHashMap<>(one);
                ev.remove("result");
                if (tried.size() > 1) ev.put("addresses", tried);
                return ProbeResult.ready(ev);
            }
            one.put("result", dial.failure().cause().name());
            tried.add(one);
            if (first == null) first = dial.failure();
        }
        if (tried.size() > 1) first = first.withEvidence("addresses", tried);
        return ProbeResult.notReady(first);
    }

    static double round(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
