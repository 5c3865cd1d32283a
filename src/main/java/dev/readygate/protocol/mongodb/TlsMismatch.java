package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * TLS on a plain port and plain on a TLS port, told apart by a second look within the same
 * budget: a plain hello that got nothing (mongod with requireTLS closes the connection) is
 * PLAIN_ON_TLS_PORT when the port completes a TLS handshake; a TLS handshake that failed is
 * TLS_ON_PLAIN_PORT when the port answers a plain hello as MongoDB.
 */
final class TlsMismatch {
    /** What a plain client sees from a TLS-only port, and a TLS client from a plain one. */
    private static final Set<Cause> SILENT_OR_CLOSED = EnumSet.of(Cause.EMPTY_RESPONSE, Cause.CONNECTION_RESET, Cause.PREMATURE_CLOSE,
            Cause.READ_TIMEOUT, Cause.TLS_HANDSHAKE);
    /** Below this, no second look. */
    private static final long MIN_LEFT_MS = 50;

    private TlsMismatch() {
    }

    /** The mismatch the second look confirms, or null (then the first diagnosis stands). */
    static Diagnosis confirm(Target target, MongoSpec spec, Diagnosis failed, boolean inTls, WireConnection first, long deadline) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMs < MIN_LEFT_MS || Thread.currentThread().isInterrupted()) return null;
        if (!spec.tls()) {
            String protocol = first.tlsOnlyPort(failed, deadline);
            if (protocol == null) return null;
            boolean tlsRecord = first.answeredWithTls();
            return Diagnosis.builder(Cause.PLAIN_ON_TLS_PORT, first.address() + " speaks TLS only (a " + protocol + " handshake completes);"
                            + " readygate spoke plain MongoDB and got " + (tlsRecord ? "a TLS record" : "no answer"))
                    .hint("add ?tls=true to the URL (with --ca-cert for a private CA)").permanent(true)
                    .evidence(failed.evidence()).evidence("tlsConfirmed", protocol).build();
        }
        if (!inTls || !SILENT_OR_CLOSED.contains(failed.cause())) return null;
        try (WireConnection c = WireConnection.open(target, Duration.ofMillis(leftMs))) {
            c.write(MongoWire.opMsg(1, Bson.doc().int32("hello", 1).string("$db", "admin").bytes()), "sending hello");
            MongoWire.reply(c, 1, "the reply to hello");
            return Diagnosis.builder(Cause.TLS_ON_PLAIN_PORT, first.address() + " speaks MongoDB in plain text: the TLS handshake failed ("
                            + failed.cause() + ") and a plain hello was answered")
                    .hint("drop tls=true from the URL, or enable TLS on the server (net.tls.mode: requireTLS)").permanent(true)
                    .evidence(failed.evidence()).evidence("plainConfirmed", true).build();
        } catch (WireFailure e) {
            return null;
        }
    }
}
