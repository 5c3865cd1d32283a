package dev.readygate.protocol.mysql;

import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a MySQL or MariaDB server: read the greeting, upgrade to TLS as the ssl-mode
 * asks, always finish the handshake (HandshakeResponse41 with the configured user, or
 * {@code readygate}) so the server logs no aborted connection and never counts readygate toward
 * max_connect_errors, then COM_PING after a login, then COM_QUIT. See {@link Login} for the
 * exchange and {@link Verdicts} for what each server error means.
 */
final class MysqlProbe implements Probe {

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        MysqlSpec spec = target.spec(MysqlSpec.class, MysqlSpec.DEFAULT);
        WireConnection conn;
        try {
            conn = WireConnection.open(target, timeout);
        } catch (WireFailure f) {
            return ProbeResult.notReady(f.diagnosis());
        }
        List<Diagnosis> warnings = conn.warning() == null ? List.of() : List.of(conn.warning());
        Login login = new Login(conn, spec);
        try {
            return login.run().withWarnings(warnings);
        } catch (WireFailure f) {
            Diagnosis d = f.diagnosis();
            for (Map.Entry<String, Object> e : login.facts().entrySet())
                if (!d.evidence().containsKey(e.getKey())) d = d.withEvidence(e.getKey(), e.getValue());
            return ProbeResult.notReady(d, warnings);
        } finally {
            conn.close();
        }
    }
}
