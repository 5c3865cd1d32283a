package dev.readygate.protocol.http;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.readygate.protocol.http.Http.allText;
import static dev.readygate.protocol.http.Http.assertNotReady;
import static dev.readygate.protocol.http.Http.assertReady;
import static dev.readygate.protocol.http.Http.expect;
import static org.junit.jupiter.api.Assertions.*;

class HttpProbeWireMockTest {
    static WireMockServer wm;
    static WireMockServer other;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        other.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
        other.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        other.resetAll();
    }

    String url(String path) {
        return "http://127.0.0.1:" + wm.port() + path;
    }

    @Test
    void headersLargerThanTheProxyBufferAreHeadersTooLarge() {
        wm.stubFor(get("/big").willReturn(ok("ok").withHeader("Set-Cookie", "session=" + "x".repeat(5000))));
        assertReady(expect().probe(url("/big")));
        ProbeResult r = expect().budgets(new dev.readygate.protocol.http.HttpSpec.Budgets(4096, null, java.time.Duration.ofDays(7))).probe(url("/big"));
        assertNotReady(r);
        assertEquals(Cause.HEADERS_TOO_LARGE, r.diagnosis().cause());
        assertTrue(r.diagnosis().message().contains("more than the 4096 a proxy buffer holds: nginx would fail with 'upstream sent too big header'"),
                r.diagnosis().message());
        assertTrue((Integer) r.diagnosis().evidence().get("headerBytes") > 5000);
        assertEquals("Set-Cookie", r.diagnosis().evidence().get("largestHeader"));
        assertFalse(r.diagnosis().toString().contains("xxxxxxxxxx"), "the cookie value is not evidence");
    }

    @Test
    void aResponseSlowerThanTheLatencyBudgetIsSlow() {
        wm.stubFor(get("/slowish").willReturn(ok("ok").withFixedDelay(400)));
        ProbeResult r = expect().budgets(new dev.readygate.protocol.http.HttpSpec.Budgets(0, java.time.Duration.ofMillis(100), java.time.Duration.ofDays(7)))
                .probe(url("/slowish"), java.time.Duration.ofSeconds(3));
        assertNotReady(r);
        assertEquals(Cause.SLOW, r.diagnosis().cause());
        assertTrue(r.diagnosis().message().contains("longer than the 100 ms budget"), r.diagnosis().message());
        assertTrue((Long) r.diagnosis().evidence().get("waitMs") >= 400);
        assertReady(expect().budgets(new dev.readygate.protocol.http.HttpSpec.Budgets(0, java.time.Duration.ofSeconds(2), java.time.Duration.ofDays(7)))
                .probe(url("/slowish"), java.time.Duration.ofSeconds(3)));
    }

    @Test
    void ready200WithEvidence() {
        wm.stubFor(get("/health").willReturn(ok("ok")));
        ProbeResult r = expect().probe(url("/health"));
        assertReady(r);
        assertEquals("127.0.0.1:" + wm.port(), r.evidence().get("address"));
        assertEquals("IPv4", r.evidence().get("family"));
        assertEquals(200, r.evidence().get("status"));
        assertEquals(2, r.evidence().get("bodyBytes"));
        assertTrue((Integer) r.evidence().get("headerBytes") > 20, r.evidence().toString());
        for (String k : List.of("connectMs", "firstByteMs", "totalMs")) assertTrue(r.evidence().containsKey(k), k);
        wm.verify(getRequestedFor(urlEqualTo("/health"))
                .withHeader("Host", equalTo("127.0.0.1:" + wm.port()))
                .withHeader("User-Agent", equalTo("readygate/0.1"))
                .withHeader("Accept", equalTo("*/*")));
    }

    @Test
    void status503WithBodyExcerpt() {
        wm.stubFor(get("/health").willReturn(aResponse().withStatus(503).withBody("starting: migrations 3/7")));
        ProbeResult r = expect().probe(url("/health"));
        assertNotReady(r);
        var d = r.diagnosis();
        assertEquals(Cause.HTTP_STATUS, d.cause());
        assertEquals("503", d.variant());
        assertFalse(d.permanent());
        assertEquals("HTTP 503 Service Unavailable from " + url("/health"), d.message());
        assertEquals("starting: migrations 3/7", d.evidence().get("bodyExcerpt"));
        assertEquals("5xx", d.evidence().get("statusClass"));
        assertEquals(503, d.evidence().get("status"));
        assertTrue(d.hint().contains("logs"), d.hint());
    }

    @Test
    void status404IsPermanentButTooManyRequestsIsNot() {
        wm.stubFor(get("/missing").willReturn(aResponse().withStatus(404).withBody("no\r\nsuch\u0000path")));
        wm.stubFor(get("/busy").willReturn(aResponse().withStatus(429)));
        var d = expect().probe(url("/missing")).diagnosis();
        assertEquals(Cause.HTTP_STATUS, d.cause());
        assertEquals("404", d.variant());
        assertTrue(d.permanent());
        assertEquals("4xx", d.evidence().get("statusClass"));
        assertEquals("no\\r\\nsuch\\x00path", d.evidence().get("bodyExcerpt"));
        assertTrue(d.hint().contains("path"), d.hint());
        var busy = expect().probe(url("/busy")).diagnosis();
        assertEquals("429", busy.variant());
        assertFalse(busy.permanent());
    }

    @Test
    void statusSetWithRanges() {
        wm.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
        wm.stubFor(get("/empty").willReturn(aResponse().withStatus(204)));
        wm.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        assertReady(expect().status("200-299,500-503").probe(url("/down")));
        assertEquals("503", expect().status("200-299,504").probe(url("/down")).diagnosis().variant());
        assertReady(expect().status("200,204").probe(url("/empty")));
        assertReady(expect().status("3xx").probe(url("/moved")));
        wm.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void connectionResetByPeer() {
        wm.stubFor(get("/f").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        var d = expect().probe(url("/f")).diagnosis();
        assertEquals(Cause.CONNECTION_RESET, d.cause(), d.message());
    }

    @Test
    void emptyResponse() {
        wm.stubFor(get("/f").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        var d = expect().probe(url("/f")).diagnosis();
        assertEquals(Cause.EMPTY_RESPONSE, d.cause(), d.message());
    }

    @Test
    void randomDataThenClose() {
        wm.stubFor(get("/f").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        var d = expect().probe(url("/f")).diagnosis();
        assertEquals(Cause.PROTOCOL_ERROR, d.cause(), d.message());
        assertTrue(d.message().contains("not HTTP/1.x"), d.message());
    }

    @Test
    void malformedResponseChunkIsAClosedDelimitedBody() {
        // Pinned: because readygate sends "Connection: close", Jetty answers "200 OK" + "Connection: close" without
        // chunked framing, so WireMock's garbage is a valid close-delimited body: status 200 is ready, a body check fails.
        // (A real malformed chunk size is PROTOCOL_ERROR: see HttpProbeRawServerTest.)
        wm.stubFor(get("/f").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        ProbeResult r = expect().probe(url("/f"), Duration.ofSeconds(5));
        assertReady(r);
        assertEquals(200, r.evidence().get("status"));
        assertTrue((Integer) r.evidence().get("bodyBytes") > 0, r.evidence().toString());
        var d = expect().contains("UP").probe(url("/f"), Duration.ofSeconds(5)).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, d.cause(), d.message());
    }

    @Test
    void slowServerIsReadTimeoutWithinBudget() {
        wm.stubFor(get("/slow").willReturn(ok("late").withFixedDelay(5000)));
        long t0 = System.nanoTime();
        var d = expect().probe(url("/slow"), Duration.ofMillis(500)).diagnosis();
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Cause.READ_TIMEOUT, d.cause(), d.message());
        assertTrue(took < 2000, "took " + took + " ms");
        assertTrue(d.message().contains("a TCP check alone would call it ready"), d.message());
    }

    @Test
    void redirectChainIsFollowed() {
        wm.stubFor(get("/a").willReturn(aResponse().withStatus(301).withHeader("Location", url("/b"))));
        wm.stubFor(get("/b").willReturn(aResponse().withStatus(302).withHeader("Location", "c")));
        wm.stubFor(get("/c").willReturn(aResponse().withStatus(308).withHeader("Location", "/final?x=1")));
        wm.stubFor(get("/final?x=1").willReturn(ok("fine")));
        ProbeResult r = expect().probe(url("/a"));
        assertReady(r);
        assertEquals(List.of(url("/b"), url("/c"), url("/final?x=1")), r.evidence().get("redirects"));
    }

    @Test
    void sixRedirectsAreTooMany() {
        for (int i = 0; i < 6; i++) wm.stubFor(get("/h" + i).willReturn(aResponse().withStatus(302).withHeader("Location", "/h" + (i + 1))));
        wm.stubFor(get("/h6").willReturn(ok()));
        var d = expect().probe(url("/h0")).diagnosis();
        assertEquals(Cause.HTTP_STATUS, d.cause());
        assertEquals("302", d.variant());
        assertTrue(d.message().contains("more than 5 redirects"), d.message());
        assertEquals("3xx", d.evidence().get("statusClass"));
        assertEquals(5, ((List<?>) d.evidence().get("redirects")).size());
        wm.verify(0, getRequestedFor(urlEqualTo("/h6")));
        // five hops are fine
        assertReady(expect().probe(url("/h1")));
    }

    @Test
    void aRedirectToAClosedPortKeepsNoEvidenceOfTheEarlierHop() throws Exception {
        int closed;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        wm.stubFor(get("/go").willReturn(aResponse().withStatus(307).withHeader("Location", "http://127.0.0.1:" + closed + "/x")));
        var d = expect().probe(url("/go")).diagnosis();
        assertEquals(Cause.CONNECTION_REFUSED, d.cause(), d.message());
        assertEquals(List.of("http://127.0.0.1:" + closed + "/x"), d.evidence().get("redirects"));
        assertNull(d.evidence().get("status"), d.evidence().toString());
    }

    @Test
    void seeOtherTurnsPostIntoGet() {
        wm.stubFor(post("/submit").willReturn(aResponse().withStatus(303).withHeader("Location", "/result")));
        wm.stubFor(get("/result").willReturn(ok("done")));
        assertReady(expect().method("POST").body("x=1").probe(url("/submit")));
        wm.verify(getRequestedFor(urlEqualTo("/result")));
    }

    @Test
    void credentialsAreNotForwardedToAnotherPort() {
        String otherUrl = "http://127.0.0.1:" + other.port() + "/landing";
        wm.stubFor(get("/go").willReturn(aResponse().withStatus(302).withHeader("Location", otherUrl)));
        other.stubFor(get("/landing").willReturn(ok()));
        ProbeResult r = expect().header("Authorization: Bearer t0ken-abc").header("Cookie: sid=c00kie").header("X-Trace: 1")
                .probe("http://127.0.0.1:" + wm.port() + "/go");
        assertReady(r);
        wm.verify(getRequestedFor(urlEqualTo("/go")).withHeader("Authorization", equalTo("Bearer t0ken-abc")).withHeader("Cookie", equalTo("sid=c00kie")));
        other.verify(getRequestedFor(urlEqualTo("/landing")).withoutHeader("Authorization").withoutHeader("Cookie")
                .withHeader("X-Trace", equalTo("1")).withHeader("Host", equalTo("127.0.0.1:" + other.port())));
        // URL credentials neither
        wm.resetRequests();
        other.resetRequests();
        assertReady(expect().probe("http://bob:pw@127.0.0.1:" + wm.port() + "/go"));
        wm.verify(getRequestedFor(urlEqualTo("/go")).withHeader("Authorization", equalTo(basic("bob", "pw"))));
        other.verify(getRequestedFor(urlEqualTo("/landing")).withoutHeader("Authorization"));
    }

    @Test
    void bodyContains() {
        wm.stubFor(get("/h").willReturn(ok("status: all systems go")));
        assertReady(expect().contains("systems go").probe(url("/h")));
        var d = expect().contains("READY").probe(url("/h")).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, d.cause());
        assertTrue(d.message().contains("does not contain 'READY'"), d.message());
        assertTrue(d.message().contains("status: all systems go"), d.message());
    }

    @Test
    void bodyRegex() {
        wm.stubFor(get("/h").willReturn(ok("db=ok cache=ok")));
        assertReady(expect().regex("db=ok\\b.*cache=ok").probe(url("/h")));
        var d = expect().regex("queue=ok").probe(url("/h")).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, d.cause());
        assertTrue(d.message().contains("does not match /queue=ok/"), d.message());
    }

    @Test
    void jsonPointerSpringBootStyle() {
        wm.stubFor(get("/up").willReturn(okJson("{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\",\"details\":{\"n\":3,\"ok\":true}}}}")));
        wm.stubFor(get("/down").willReturn(okJson("{\"status\":\"DOWN\"}")));
        wm.stubFor(get("/text").willReturn(ok("<html>UP</html>")));
        assertReady(expect().json("/status=UP").probe(url("/up")));
        assertReady(expect().json("/components/db/details/n=3").probe(url("/up")));
        assertReady(expect().json("/components/db/details/ok=true").probe(url("/up")));
        var down = expect().json("/status=UP").probe(url("/down")).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, down.cause());
        assertTrue(down.message().contains("has /status = \"DOWN\" (expected /status=UP)"), down.message());
        var missing = expect().json("/health/status=UP").probe(url("/up")).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, missing.cause());
        assertTrue(missing.message().contains("no value at /health/status"), missing.message());
        var notJson = expect().json("/status=UP").probe(url("/text")).diagnosis();
        assertEquals(Cause.BODY_MISMATCH, notJson.cause());
        assertTrue(notJson.message().contains("is not JSON"), notJson.message());
    }

    @Test
    void expectedHeader() {
        wm.stubFor(get("/h").willReturn(ok().withHeader("X-Ready", "yes-1").withHeader("Set-Cookie", "sid=s3cret")));
        assertReady(expect().expectHeader("x-ready: ^yes-\\d$").probe(url("/h")));
        var missing = expect().expectHeader("X-Version: 2").probe(url("/h")).diagnosis();
        assertEquals(Cause.HEADER_MISMATCH, missing.cause());
        assertTrue(missing.message().contains("has no header X-Version"), missing.message());
        var wrong = expect().expectHeader("X-Ready: ^no").probe(url("/h")).diagnosis();
        assertEquals(Cause.HEADER_MISMATCH, wrong.cause());
        assertTrue(wrong.message().contains("X-Ready: yes-1"), wrong.message());
        var secret = expect().expectHeader("Set-Cookie: admin").probe(url("/h")).diagnosis();
        assertFalse(allText(expect().expectHeader("Set-Cookie: admin").probe(url("/h"))).contains("s3cret"), secret.message());
    }

    @Test
    void headReadsNoBody() {
        wm.stubFor(head(urlEqualTo("/h")).willReturn(ok().withHeader("Content-Length", "1000")));
        ProbeResult r = expect().method("HEAD").probe(url("/h"), Duration.ofSeconds(2));
        assertReady(r);
        assertEquals(0, r.evidence().get("bodyBytes"));
        assertTrue((Long) r.evidence().get("totalMs") < 1500, r.evidence().toString());
        wm.verify(headRequestedFor(urlEqualTo("/h")));
    }

    @Test
    void postSendsBody() {
        wm.stubFor(post("/graphql").willReturn(ok("{}")));
        wm.stubFor(post("/plain").willReturn(ok()));
        assertReady(expect().method("POST").body("{\"query\":\"{ health }\"}").probe(url("/graphql")));
        wm.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(equalTo("{\"query\":\"{ health }\"}"))
                .withHeader("Content-Type", equalTo("application/json")).withHeader("Content-Length", equalTo("22")));
        assertReady(expect().method("POST").body("ping").header("Content-Type: application/x-custom").probe(url("/plain")));
        wm.verify(postRequestedFor(urlEqualTo("/plain")).withRequestBody(equalTo("ping")).withHeader("Content-Type", equalTo("application/x-custom")));
    }

    @Test
    void userHeadersAndBasicAuthReachServerButNoResultText() {
        wm.stubFor(get("/secure").willReturn(aResponse().withStatus(401).withBody("who are you?")));
        wm.stubFor(get("/open").willReturn(ok()));
        String auth = basic("alice", "s3cr@t:x");
        Http e = expect().header("X-Api-Key: k3y-value").header("Cookie: session=c00kie").header("X-Env: test");
        ProbeResult denied = e.probe("http://alice:s3cr%40t%3Ax@127.0.0.1:" + wm.port() + "/secure");
        ProbeResult ok = e.probe("http://alice:s3cr%40t%3Ax@127.0.0.1:" + wm.port() + "/open");
        wm.verify(getRequestedFor(urlEqualTo("/secure")).withHeader("Authorization", equalTo(auth))
                .withHeader("X-Api-Key", equalTo("k3y-value")).withHeader("Cookie", equalTo("session=c00kie")).withHeader("X-Env", equalTo("test")));
        assertEquals(Cause.HTTP_STATUS, denied.diagnosis().cause());
        assertTrue(denied.diagnosis().permanent());
        assertReady(ok);
        for (ProbeResult r : List.of(denied, ok)) {
            String all = allText(r);
            for (String secret : List.of("s3cr", "k3y-value", "c00kie", auth.substring(6)))
                assertFalse(all.contains(secret), () -> "leaked " + secret + " in " + all);
        }
        assertTrue(denied.diagnosis().message().contains("alice:***@127.0.0.1"), denied.diagnosis().message());
    }

    @Test
    void userAuthorizationWinsOverUrlCredentials() {
        wm.stubFor(get("/x").willReturn(ok()));
        assertReady(expect().header("Authorization: Bearer abc").probe("http://u:p@127.0.0.1:" + wm.port() + "/x"));
        wm.verify(getRequestedFor(urlEqualTo("/x")).withHeader("Authorization", equalTo("Bearer abc")));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
