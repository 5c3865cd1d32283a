package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: a postgres target with settings given as on the command line ("sql-table", "public.t"), probed once. */
final class Pg {
    private static final PostgresProtocol PROTOCOL = new PostgresProtocol();

    private Pg() {
    }

    /** The target with its spec, built by the protocol from these settings (name, value pairs; a flag's value is "true"). */
    static Target target(String uri, String... settings) {
        Target t = Registry.protocols().parse(uri, Origin.COMMAND_LINE);
        Settings.Builder b = new Settings.Builder();
        for (int i = 0; i < settings.length; i += 2) b.put(Value.parse(key(settings[i]), List.of(settings[i + 1]), Origin.COMMAND_LINE));
        return t.withSpec(PROTOCOL.spec(t, Layers.of(b.build()).forTarget(Settings.EMPTY)));
    }

    static ProbeResult probe(String uri, String... settings) {
        return new PostgresProbe().probe(target(uri, settings), Duration.ofSeconds(5));
    }

    static Key<?> key(String name) {
        return PROTOCOL.settings().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no key " + name));
    }

    /** Every text of a result (messages, hints, evidence) as one string, to check for leaked secrets. */
    static String allText(ProbeResult r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.evidence())).append(' ').append(r);
        if (r.diagnosis() != null)
            sb.append(' ').append(r.diagnosis().message()).append(' ').append(r.diagnosis().hint()).append(' ').append(r.diagnosis().evidence());
        return sb.toString();
    }

    static void assertReady(ProbeResult r) {
        assertTrue(r.ready(), () -> "expected ready, got " + describe(r));
    }

    static void assertNotReady(ProbeResult r, Cause cause, boolean permanent) {
        assertFalse(r.ready(), () -> "expected " + cause + ", got ready " + r.evidence());
        assertEquals(cause, r.diagnosis().cause(), () -> describe(r));
        assertEquals(permanent, r.diagnosis().permanent(), () -> "permanence of " + describe(r));
    }

    static String describe(ProbeResult r) {
        return r.diagnosis() == null ? "ready " + r.evidence()
                : r.diagnosis().key() + ": " + r.diagnosis().message() + " | hint: " + r.diagnosis().hint() + " | " + r.diagnosis().evidence();
    }
}
