package dev.readygate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.diagnosis.Cause;
import dev.readygate.gate.Gate;
import dev.readygate.gate.GateResult;
import dev.readygate.model.Origin;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.protocol.tcp.TcpProtocol;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.testing.Targets;
import dev.readygate.wait.Clock;
import dev.readygate.wait.WaitListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A protocol whose targets name no host and port (as a Kubernetes object does), observed by a
 * watch: registered beside tcp, it is parsed, planned and waited for with nothing else changed.
 */
class EndpointlessProtocolTest {
    /** k8s:deployment/NAMESPACE/NAME, watched; the watch reports not ready, then ready. */
    static final class FakeK8s implements EndpointlessProtocol {
        record Spec(String kind, String namespace, String name) implements ProtocolSpec {
        }

        @Override
        public String name() {
            return "k8s";
        }

        @Override
        public List<String[]> forms() {
            return List.<String[]>of(new String[] {"k8s:KIND/NAMESPACE/NAME", "ready when the object is"});
        }

        @Override
        public List<Key<?>> settings() {
            return List.of();
        }

        @Override
        public ProtocolSpec spec(Target target, Layers.View settings) {
            String[] parts = target.uri().getSchemeSpecificPart().split("/");
            if (parts.length != 3)
                throw new SettingException(target.origin(), "target '" + target.display() + "': write k8s:KIND/NAMESPACE/NAME");
            return new Spec(parts[0], parts[1], parts[2]);
        }

        @Override
        public Probe probe() {
            return (t, timeout) -> {
                throw new AssertionError("a watched protocol is not probed");
            };
        }

        @Override
        public Watch watch() {
            return (t, timeout, onState) -> {
                onState.accept(Targets.fail(Cause.STARTING_UP));
                onState.accept(Targets.ok());
            };
        }
    }

    static final Protocols PROTOCOLS = new Protocols(List.of(new TcpProtocol(), new FakeK8s()));

    @Test
    void itsTargetsKeepTheirUriAndHaveNoEndpoint() {
        Target t = PROTOCOLS.parse("k8s:deployment/default/api", Origin.COMMAND_LINE);
        assertEquals("k8s", t.scheme());
        assertNull(t.endpoint());
        assertEquals("k8s:deployment/default/api", t.display());
        assertEquals("tcp", PROTOCOLS.parse("db:5432", Origin.COMMAND_LINE).scheme(), "other protocols parse as before");
    }

    @Test
    void itIsPlannedWithItsSpecAndWaitedForThroughItsWatch() {
        Plan plan = PlanBuilder.build(List.of(new Declaration(null, "k8s:deployment/default/api", Origin.COMMAND_LINE, Settings.EMPTY)),
                Layers.of(), List.of(), PROTOCOLS);
        assertEquals(new FakeK8s.Spec("deployment", "default", "api"), plan.targets().get(0).target().spec());
        GateResult r = new Gate(Clock.SYSTEM, WaitListener.NONE).run(new Plan(plan.targets(), Duration.ofSeconds(5)));
        assertTrue(r.ready(), r.toString());
        assertEquals(Cause.STARTING_UP, r.outcomes().get(0).history().get(0).last().cause());
    }

    @Test
    void aBadNotationIsAnErrorAtItsOrigin() {
        Origin file = Origin.file("readygate.yaml", 3, 5);
        SettingException e = assertThrows(SettingException.class, () -> PlanBuilder.build(
                List.of(new Declaration(null, "k8s:api", file, Settings.EMPTY)), Layers.of(), List.of(), PROTOCOLS));
        assertEquals("target 'k8s:api': write k8s:KIND/NAMESPACE/NAME", e.getMessage());
        assertEquals(file, e.origin());
    }
}
