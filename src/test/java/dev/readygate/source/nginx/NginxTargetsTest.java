package dev.readygate.source.nginx;

import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.settings.Declaration;
import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wait --from nginx.conf: what each upstream target is asked. */
class NginxTargetsTest {
    static List<Declaration> decls(String httpBody) {
        return NginxTargets.decls(NginxFacts.of(NginxParser.parseText(RealNginx.wrapHttp(httpBody), "t.conf")), note -> { });
    }

    /** The target is probed at /, which is no health path: any HTTP answer means nginx gets a response, not a 502. */
    @Test
    void anUpstreamTargetAcceptsAnyHttpStatus() {
        List<Declaration> d = decls("upstream app { server 127.0.0.1:8081; server 127.0.0.1:8082; }\n"
                + "server { location / { proxy_pass http://app; } location /b { proxy_pass http://127.0.0.1:8083; } }\n");
        assertEquals(3, d.size(), d.toString());
        for (Declaration x : d) {
            StatusSet status = x.own().get(HttpProtocol.STATUS);
            assertNotNull(status, x.toString());
            for (int code : new int[] {100, 101, 200, 204, 302, 401, 404, 499, 500, 502, 503, 599})
                assertTrue(status.contains(code), x.url() + " does not accept " + code + ": " + status);
            assertFalse(status.contains(600), status.toString());
            assertEquals("nginx upstream (any response)", x.own().find(HttpProtocol.STATUS).origin().source(), x.toString());
        }
    }
}
