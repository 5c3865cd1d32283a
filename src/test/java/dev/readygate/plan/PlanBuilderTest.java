package dev.readygate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.model.Origin;
import dev.readygate.protocol.Protocols;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.protocol.tcp.TcpProtocol;
import dev.readygate.registry.Registry;
import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.SettingException;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
    private static final Protocols PROTOCOLS = Registry.protocols();
    private static final Origin FILE = Origin.file("readygate.yaml", 7, 14);
    private static final Origin ENV = Origin.env("READYGATE_ATTEMPT_TIMEOUT");

    private static <T> Settings layer(Key<T> key, String text, Origin origin) {
        return Settings.of(List.of(Value.parse(key, List.of(text), origin)));
    }

    private static Declaration decl(String url, Settings own) {
        return new Declaration(null, url, Origin.COMMAND_LINE, own);
    }

    private static Plan plan(List<Declaration> decls, Settings cli, Settings env, Settings defaults) {
        return PlanBuilder.build(decls, Layers.of(cli, env, defaults), List.of(cli, env), PROTOCOLS);
    }

    @Test
    void precedenceIsOwnThenCommandLineThenEnvironmentThenDefaultsThenBuiltIn() {
        Key<Duration> k = CoreKeys.ATTEMPT_TIMEOUT;
        Settings cli = layer(k, "2s", Origin.COMMAND_LINE);
        Settings env = layer(k, "3s", ENV);
        Settings defaults = layer(k, "4s", FILE);
        Settings own = layer(k, "1s", FILE);
        assertEquals(Duration.ofSeconds(1), plan(List.of(decl("db:1", own)), cli, env, defaults).targets().get(0).policy().attemptTimeout());
        assertEquals(Duration.ofSeconds(2), plan(List.of(decl("db:1", Settings.EMPTY)), cli, env, defaults).targets().get(0).policy().attemptTimeout());
        assertEquals(Duration.ofSeconds(3), plan(List.of(decl("db:1", Settings.EMPTY)), Settings.EMPTY, env, defaults).targets().get(0).policy().attemptTimeout());
        assertEquals(Duration.ofSeconds(4), plan(List.of(decl("db:1", Settings.EMPTY)), Settings.EMPTY, Settings.EMPTY, defaults).targets().get(0).policy().attemptTimeout());
        assertEquals(k.defaultValue(), plan(List.of(decl("db:1", Settings.EMPTY)), Settings.EMPTY, Settings.EMPTY, Settings.EMPTY)
                .targets().get(0).policy().attemptTimeout());
    }

    @Test
    void eachTargetGetsItsProtocolAndTypedSpec() {
        Plan p = plan(List.of(decl("db:1", Settings.EMPTY), decl("http://h/", Settings.EMPTY)),
                layer(HttpProtocol.STATUS, "2xx,401", Origin.COMMAND_LINE), Settings.EMPTY, Settings.EMPTY);
        assertTrue(p.targets().get(0).protocol() instanceof TcpProtocol);
        assertTrue(p.targets().get(1).protocol() instanceof HttpProtocol);
        HttpSpec spec = p.targets().get(1).target().spec(HttpSpec.class, null);
        assertTrue(spec.status().contains(401));
    }

    @Test
    void noTimeoutMeansWaitForever() {
        Plan p = plan(List.of(decl("db:1", Settings.EMPTY)), layer(CoreKeys.TIMEOUT, "none", Origin.COMMAND_LINE), Settings.EMPTY, Settings.EMPTY);
        assertNull(p.timeout());
    }

    @Test
    void aTargetsOwnKeyOfAnotherProtocolIsAnErrorAtItsLine() {
        SettingException e = assertThrows(SettingException.class, () -> plan(List.of(decl("db:1", layer(HttpProtocol.STATUS, "200", FILE))),
                Settings.EMPTY, Settings.EMPTY, Settings.EMPTY));
        assertEquals("readygate.yaml:7:14: status: applies to http(s) targets only, and tcp://db:1 is tcp", e.getMessage());
        assertEquals(FILE, e.origin());
    }

    @Test
    void configDefaultsForAnotherProtocolAreIgnored() {
        Plan p = plan(List.of(decl("db:1", Settings.EMPTY)), Settings.EMPTY, Settings.EMPTY, layer(HttpProtocol.STATUS, "200", FILE));
        assertEquals(1, p.targets().size());
    }

    @Test
    void aCombinationErrorNamesWhereTheValueWasWritten() {
        SettingException e = assertThrows(SettingException.class, () -> plan(List.of(decl("http://h/", layer(HttpProtocol.BODY, "x", FILE))),
                Settings.EMPTY, Settings.EMPTY, Settings.EMPTY));
        assertEquals("readygate.yaml:7:14: body is sent with POST only; add --method POST", e.getMessage());
        assertEquals(FILE, e.origin());
    }

    @Test
    void aBadTargetNamesItsOrigin() {
        SettingException e = assertThrows(SettingException.class, () -> PlanBuilder.build(
                List.of(new Declaration(null, "db", FILE, Settings.EMPTY)), Layers.of(), List.of(), PROTOCOLS));
        assertEquals("readygate.yaml:7:14: target 'db' has no port; write tcp://db:PORT", e.getMessage());
    }

    @Test
    void kindsCollapseTheSecureVariant() {
        assertEquals("http(s)", PlanBuilder.kinds(List.of("http", "https")));
        assertEquals("amqp(s)/nats", PlanBuilder.kinds(List.of("amqp", "amqps", "nats")));
    }

    @Test
    void aTargetASourceBuiltIsTakenAsItIsNotParsedAgain() {
        dev.readygate.model.Target built = dev.readygate.model.Target.of("http://my_db:8080", FILE);
        Plan p = PlanBuilder.build(List.of(Declaration.of(built, Settings.EMPTY)), Layers.of(), List.of(), PROTOCOLS);
        assertEquals(built.uri(), p.targets().get(0).target().uri());
        assertEquals(FILE, p.targets().get(0).target().origin());
        assertTrue(p.targets().get(0).protocol() instanceof HttpProtocol);
        dev.readygate.model.Target odd = dev.readygate.model.Target.of("grpc://backend:50051", FILE);
        SettingException e = assertThrows(SettingException.class,
                () -> PlanBuilder.build(List.of(Declaration.of(odd, Settings.EMPTY)), Layers.of(), List.of(), PROTOCOLS));
        assertTrue(PROTOCOLS.schemesText().startsWith("tcp://, http://, https://, postgres://") && PROTOCOLS.schemesText().endsWith("compose:, k8s:"), PROTOCOLS::schemesText);
        // every registered protocol's schemes are listed (a new protocol adds its own at the end)
        assertEquals("readygate.yaml:7:14: target 'grpc://backend:50051': unsupported scheme 'grpc'; supported: " + PROTOCOLS.schemesText(),
                e.getMessage());
    }
}
