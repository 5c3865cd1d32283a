package dev.readygate.protocol.mysql;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: a mysql:// target with its spec built by the protocol from settings, as the plan does, and its probe. */
final class Mysql {
    private final List<Value<?>> values = new ArrayList<>();

    static Mysql with() {
        return new Mysql();
    }

    <T> Mysql set(Key<T> key, String text) {
        values.add(Value.parse(key, List.of(text), Origin.COMMAND_LINE));
        return this;
    }

    Target target(String uri) {
        Target t = Registry.protocols().parse(uri, Origin.COMMAND_LINE);
        Layers.View view = Layers.of(Settings.of(values)).forTarget(Settings.EMPTY);
        return t.withSpec(new MysqlProtocol().spec(t, view));
    }

    ProbeResult probe(String uri) {
        return probe(uri, Duration.ofSeconds(5));
    }

    ProbeResult probe(String uri, Duration budget) {
        return new MysqlProbe().probe(target(uri), budget);
    }

    static ProbeResult probeOnce(String uri) {
        return with().probe(uri);
    }

    /** Every text of a result (messages, hints, evidence) as one string, to check for leaked secrets. */
    static String allText(ProbeResult r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.evidence()));
        if (r.diagnosis() != null)
            sb.append(' ').append(r.diagnosis().message()).append(' ').append(r.diagnosis().hint()).append(' ').append(r.diagnosis().evidence());
        return sb.toString();
    }

    static String describe(ProbeResult r) {
        return r.ready() ? "READY " + r.evidence() : r.diagnosis().key() + (r.diagnosis().permanent() ? " (permanent)" : "") + ": "
                + r.diagnosis().message() + " | hint: " + r.diagnosis().hint() + " | " + r.diagnosis().evidence();
    }

    static void assertReady(ProbeResult r) {
        assertTrue(r.ready(), () -> "expected ready, got " + describe(r));
    }

    /** Not ready with this cause key (e.g. "AUTH_FAILED 1045") and permanence. */
    static void assertNotReady(ProbeResult r, String key, boolean permanent) {
        assertFalse(r.ready(), () -> "expected " + key + ", got " + describe(r));
        assertEquals(key, r.diagnosis().key(), () -> describe(r));
        assertEquals(permanent, r.diagnosis().permanent(), () -> describe(r));
    }
}
