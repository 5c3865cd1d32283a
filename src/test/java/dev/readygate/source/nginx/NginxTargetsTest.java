package dev.readygate.source.nginx;

import dev.readygate.model.Origin;
import dev.readygate.plan.Plan;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.HttpSpec;
import dev.readygate.registry.Registry;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.settings.Declaration;
import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wait --from nginx.conf: what each upstream target is asked. */
class NginxTargetsTest {
    static List<Declaration> decls(String httpBody) {
        return NginxTargets.decls(NginxFacts.of(NginxParser.parseText(RealNginx.wrapHttp(httpBody), "t.conf")), note -> { });
    }

    /**
     * The target is probed at /, which is no health path: any answer but a server error means
     * nginx gets a response it relays as the app's (a 404 is the app's answer), while a 5xx is
     * the app failing (nginx would relay the 500 to every user), so the target is not ready.
     */
    @Test
    void anUpstreamTargetAcceptsAnyAnswerButAServerError() {
        List<Declaration> d = decls("upstream app { server 127.0.0.1:8081; server 127.0.0.1:8082; }\n"
                + "server { location / { proxy_pass http://app; } location /b { proxy_pass http://127.0.0.1:8083; } }\n");
        assertEquals(3, d.size(), d.toString());
        for (Declaration x : d) {
            assertNull(x.own().find(HttpProtocol.STATUS), "not the target's own: the command line can narrow it");
            StatusSet status = x.suggested().get(HttpProtocol.STATUS);
            assertNotNull(status, x.toString());
            for (int code : new int[] {100, 101, 200, 204, 302, 401, 404, 499})
                assertTrue(status.contains(code), x.url() + " does not accept " + code + ": " + status);
            for (int code : new int[] {500, 502, 503, 504, 599})
                assertFalse(status.contains(code), x.url() + " accepts the app's " + code + ": " + status);
            assertTrue(x.suggested().find(HttpProtocol.STATUS).origin().source().startsWith("nginx upstream"), x.toString());
        }
    }

    /** --status (or READYGATE_STATUS, or the config's defaults) narrows what an nginx upstream must answer; without it, 100-499. */
    @Test
    void theCommandLineStatusOverridesWhatNginxSuggests() {
        List<Declaration> d = decls("server { location / { proxy_pass http://127.0.0.1:8083; } }\n");
        Settings cli = Settings.of(List.of(Value.parse(HttpProtocol.STATUS, List.of("200-299"), Origin.COMMAND_LINE)));
        Plan narrowed = PlanBuilder.build(d, Layers.of(cli), List.of(cli), Registry.protocols());
        StatusSet s = narrowed.targets().get(0).target().spec(HttpSpec.class, null).status();
        assertTrue(s.contains(200) && !s.contains(404), s.toString());
        Plan plain = PlanBuilder.build(d, Layers.of(), List.of(), Registry.protocols());
        StatusSet p = plain.targets().get(0).target().spec(HttpSpec.class, null).status();
        assertTrue(p.contains(404) && !p.contains(500), p.toString());
    }
}
