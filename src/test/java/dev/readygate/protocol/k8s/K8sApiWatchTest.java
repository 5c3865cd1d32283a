package dev.readygate.protocol.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.diagnosis.Cause;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.Protocols;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** k8s: targets watched against a fake API server over HTTPS, with in-cluster credentials (a service account folder). */
@Timeout(30)
class K8sApiWatchTest {
    @TempDir
    Path dir;
    FakeApiServer api;
    Path sa;
    K8sProtocol protocol;
    final LinkedBlockingQueue<Object[]> states = new LinkedBlockingQueue<>();
    Thread watching;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApiServer(dir);
        sa = Files.createDirectories(dir.resolve("sa"));
        Files.writeString(sa.resolve("token"), "token-one\n");
        Files.copy(api.caPem(), sa.resolve("ca.crt"));
        protocol = new K8sProtocol(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", String.valueOf(api.port())), sa, dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (watching != null) {
            watching.interrupt();
            watching.join(2000);
            assertFalse(watching.isAlive(), "the watch returns when interrupted");
        }
        api.close();
    }

    void watch(String notation, Duration timeout) {
        Target t = new Protocols(List.of(protocol)).parse(notation, Origin.COMMAND_LINE);
        watching = new Thread(() -> {
            try {
                protocol.watch().watch(t, timeout, r -> states.add(new Object[] {System.nanoTime(), r}));
            } catch (InterruptedException e) {
                // stopped
            }
        });
        watching.setDaemon(true);
        watching.start();
    }

    ProbeResult next() throws InterruptedException {
        Object[] s = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(s, "a state within 10 s");
        return (ProbeResult) s[1];
    }

    @Test
    void aDeploymentThatBecomesReadyMidWatchIsSeenAtOnce() throws Exception {
        api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 2, 2, 3, 1, 1));
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        ProbeResult first = next();
        assertFalse(first.ready());
        assertEquals(Cause.ROLLOUT_PENDING, first.diagnosis().cause());
        assertTrue(first.diagnosis().message().contains("1 of 3 new replicas have been updated"), first.diagnosis().message());
        String query = api.watchOpened.poll(10, TimeUnit.SECONDS);
        assertNotNull(query);
        assertTrue(query.contains("resourceVersion=100") && query.contains("allowWatchBookmarks=true")
                && query.contains("fieldSelector=metadata.name%3Dapi"), query);
        api.event("BOOKMARK", FakeApiServer.bookmark("105"));
        api.event("MODIFIED", FakeApiServer.deployment("106", 2, 2, 3, 3, 2));
        ProbeResult second = next();
        assertTrue(second.diagnosis().message().contains("2 of 3 updated replicas are available"), second.diagnosis().message());
        long pushed = System.nanoTime();
        api.event("MODIFIED", FakeApiServer.deployment("107", 2, 2, 3, 3, 3));
        Object[] s = states.poll(10, TimeUnit.SECONDS);
        assertNotNull(s);
        long ms = TimeUnit.NANOSECONDS.toMillis((long) s[0] - pushed);
        assertTrue(((ProbeResult) s[1]).ready());
        System.out.println("ready seen " + ms + " ms after the event was pushed");
        assertTrue(ms < 1000, "seen within 1 s of the event (100 ms unloaded): " + ms + " ms");
        assertTrue(api.tokens.stream().allMatch(t -> t.equals("Bearer token-one")), api.tokens.toString());
        assertTrue(api.requests.get(0).startsWith("/apis/apps/v1/namespaces/default/deployments?fieldSelector=metadata.name%3Dapi"), api.requests.get(0));
    }

    @Test
    void aWatchClosedByTheServerIsReopenedFromTheLastVersionWithTheRotatedToken() throws Exception {
        api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 0));
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        assertFalse(next().ready());
        assertNotNull(api.watchOpened.poll(10, TimeUnit.SECONDS));
        api.event("BOOKMARK", FakeApiServer.bookmark("120"));
        Files.writeString(sa.resolve("token"), "token-two\n"); // the kubelet rotated the projected token
        api.closeWatch();
        String second = api.watchOpened.poll(10, TimeUnit.SECONDS);
        assertNotNull(second, "the watch is reopened");
        assertTrue(second.contains("resourceVersion=120"), second);
        assertEquals("Bearer token-two", api.tokens.get(api.tokens.size() - 1), "the reopened watch carries the new token");
        assertEquals("Bearer token-one", api.tokens.get(0));
        api.event("MODIFIED", FakeApiServer.deployment("121", 1, 1, 1, 1, 1));
        assertTrue(next().ready());
        assertEquals(1, api.requests.stream().filter(r -> !r.contains("watch=1")).count(), "no relist: " + api.requests);
    }

    @Test
    void aGoneWatchIsAnsweredByAFreshList() throws Exception {
        api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 0));
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        assertFalse(next().ready());
        assertNotNull(api.watchOpened.poll(10, TimeUnit.SECONDS));
        api.listJson = FakeApiServer.list("DeploymentList", "300", FakeApiServer.deployment("300", 1, 1, 1, 1, 1));
        api.event("ERROR", FakeApiServer.status(410, "Expired", "too old resource version: 100 (250)"));
        assertTrue(next().ready(), "the relist sees the deployment ready");
        String again = api.watchOpened.poll(10, TimeUnit.SECONDS);
        assertNotNull(again);
        assertTrue(again.contains("resourceVersion=300"), again);
        assertEquals(2, api.requests.stream().filter(r -> !r.contains("watch=1")).count(), api.requests.toString());
    }

    @Test
    void aGoneWatchRequestIsAnsweredByAFreshListToo() throws Exception {
        api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 1));
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        assertTrue(next().ready());
        assertNotNull(api.watchOpened.poll(10, TimeUnit.SECONDS));
        api.statusOnce(410, "Expired", "too old resource version");
        api.closeWatch();
        assertNotNull(api.watchOpened.poll(10, TimeUnit.SECONDS), "after the 410 a list, then a new watch");
        assertTrue(api.requests.stream().filter(r -> !r.contains("watch=1")).count() >= 2, api.requests.toString());
    }

    @Test
    void a403NamesTheRuleAndTheRole() throws Exception {
        api.statusOnce(403, "Forbidden", "deployments.apps \"api\" is forbidden: User \"system:serviceaccount:web:gate\" cannot list resource "
                + "\"deployments\" in API group \"apps\" in the namespace \"default\"");
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        ProbeResult r = next();
        assertEquals(Cause.FORBIDDEN, r.diagnosis().cause());
        assertTrue(r.diagnosis().message().contains("missing RBAC rule: verb list, apiGroup \"apps\", resource deployments, namespace default"),
                r.diagnosis().message());
        assertTrue(r.diagnosis().hint().contains("kind: Role") && r.diagnosis().hint().contains("verbs: [get, list, watch]")
                && r.diagnosis().hint().contains("--serviceaccount=web:gate"), r.diagnosis().hint());
    }

    @Test
    void a401IsATokenProblemAndNeverShowsTheToken() throws Exception {
        api.statusOnce(401, "Unauthorized", "Unauthorized");
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        ProbeResult r = next();
        assertEquals(Cause.AUTH_FAILED, r.diagnosis().cause());
        assertTrue(r.diagnosis().hint().contains("token"));
        assertFalse((r.diagnosis().message() + r.diagnosis().hint() + r.diagnosis().evidence()).contains("token-one"));
    }

    @Test
    void anUnreachableApiServerIsAConnectCauseWithItsAddress() throws Exception {
        int port = api.port();
        api.close();
        watch("k8s:deployment/default/api", Duration.ofSeconds(20));
        ProbeResult r = next();
        assertEquals(Cause.CONNECTION_REFUSED, r.diagnosis().cause(), r.diagnosis().message());
        assertTrue(r.diagnosis().message().contains("127.0.0.1:" + port), r.diagnosis().message());
    }

    @Test
    void theWatchReturnsByItsTimeout() throws Exception {
        api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 0));
        Target t = new Protocols(List.of(protocol)).parse("k8s:deployment/default/api", Origin.COMMAND_LINE);
        long start = System.nanoTime();
        protocol.watch().watch(t, Duration.ofMillis(800), r -> { });
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 3000, ms + " ms");
    }

    @Test
    void podsAreWatchedByTheirSelectorAndADeletedCrashingPodCountsNoMore() throws Exception {
        String running = "\"state\":{\"running\":{}}";
        String crash = "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\"}}";
        api.listJson = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"50\"},\"items\":["
                + K8sApiJudgeTest.pod("api-1", true, running) + "," + K8sApiJudgeTest.pod("api-2", false, crash) + "]}";
        watch("k8s:pods/default?selector=app%3Dapi", Duration.ofSeconds(20));
        ProbeResult first = next();
        assertEquals(Cause.POD_FAILING, first.diagnosis().cause());
        assertTrue(first.diagnosis().message().contains("OOMKilled, exit code 137"), first.diagnosis().message());
        String query = api.watchOpened.poll(10, TimeUnit.SECONDS);
        assertNotNull(query);
        assertTrue(query.contains("labelSelector=app%3Dapi"), query);
        assertTrue(api.requests.get(0).startsWith("/api/v1/namespaces/default/pods?labelSelector=app%3Dapi"), api.requests.get(0));
        api.event("DELETED", K8sApiJudgeTest.pod("api-2", false, crash).replace("\"namespace\":\"default\"", "\"namespace\":\"default\",\"resourceVersion\":\"51\""));
        assertTrue(next().ready(), "the crashing pod is gone; the other is ready");
    }

    @Test
    void aServiceIsWatchedThroughItsEndpointSlices() throws Exception {
        api.listJson = "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":["
                + K8sApiJudgeTest.slice("db-abc", K8sApiJudgeTest.endpoint("10.1.0.7", "false")) + "]}";
        watch("k8s:service/default/db", Duration.ofSeconds(20));
        assertEquals(Cause.NO_ENDPOINTS, next().diagnosis().cause());
        assertNotNull(api.watchOpened.poll(10, TimeUnit.SECONDS));
        assertTrue(api.requests.get(0).startsWith("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Ddb"),
                api.requests.get(0));
        api.event("MODIFIED", K8sApiJudgeTest.slice("db-abc", K8sApiJudgeTest.endpoint("10.1.0.7", "true")));
        assertTrue(next().ready());
    }
}
