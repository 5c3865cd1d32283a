package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.net.Dialer;
import dev.readygate.net.Dialing;
import dev.readygate.net.Resolver;

/** The dial phase: resolve the host and connect as the target's address-family policy asks, under the deadline. */
final class DialPhase {
    private DialPhase() {
    }

    /** The connection, or why there is none (with the attempt's evidence). */
    record Result(Dialer.Dial connected, Diagnosis failure) {
    }

    static Result connect(Attempt a, String host, int port) {
        Dialing.Result dialed = Dialing.dial(host, port, a.target.ipFamily(), a.deadline);
        if (!dialed.addresses().isEmpty()) a.note("addresses", dialed.addresses());
        if (dialed.warning() != null) a.warn(dialed.warning());
        if (!dialed.ok()) return new Result(null, a.withEvidence(dialed.failure()));
        Dialer.Dial dial = dialed.connected();
        a.note("address", dial.addressText());
        a.note("family", Resolver.family(dial.address()));
        a.note("connectMs", dial.connectNanos() / 1_000_000);
        return new Result(dial, null);
    }
}
