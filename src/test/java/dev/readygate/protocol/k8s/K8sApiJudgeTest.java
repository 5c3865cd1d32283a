package dev.readygate.protocol.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.base.JsonValues;
import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdicts on the API's objects, in their real JSON shapes. */
class K8sApiJudgeTest {
    static K8sSpec spec(K8sSpec.Kind kind, String name, String selector, int min) {
        return new K8sSpec(kind, "default", name, selector, min, null);
    }

    static List<Map<String, Object>> items(String... json) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String j : json) out.add(JsonValues.map(JsonValues.one(j)));
        return out;
    }

    static ProbeResult judge(K8sSpec spec, String... json) throws Exception {
        return Judge.judge(spec, items(json));
    }

    @Test
    void aDeploymentIsJudgedAsKubectlRolloutStatusDoes() throws Exception {
        K8sSpec s = spec(K8sSpec.Kind.DEPLOYMENT, "api", "", 1);
        assertTrue(judge(s, FakeApiServer.deployment("1", 3, 3, 2, 2, 2)).ready());
        assertTrue(judge(s, FakeApiServer.deployment("1", 4, 3, 2, 2, 2)).diagnosis().message().contains("spec update to be observed"));
        assertTrue(judge(s, FakeApiServer.deployment("1", 3, 3, 2, 2, 1)).diagnosis().message().contains("1 of 2 updated replicas are available"));
        String stalled = FakeApiServer.deployment("1", 3, 3, 2, 1, 1).replace("\"reason\":\"ReplicaSetUpdated\"", "\"reason\":\"ProgressDeadlineExceeded\"")
                .replace("is progressing.", "has timed out progressing.");
        ProbeResult r = judge(s, stalled);
        assertEquals(Cause.ROLLOUT_FAILED, r.diagnosis().cause());
        assertTrue(r.diagnosis().permanent());
        ProbeResult missing = judge(s);
        assertEquals(Cause.NOT_FOUND, missing.diagnosis().cause());
        assertTrue(missing.diagnosis().permanent(), "permanent: only --fail-fast stops at it");
        // old replicas still running
        assertTrue(judge(s, FakeApiServer.deployment("1", 3, 3, 2, 2, 2).replace("\"replicas\":2,\"updatedReplicas\"", "\"replicas\":3,\"updatedReplicas\""))
                .diagnosis().message().contains("1 old replicas are pending termination"));
    }

    static String statefulSet(long generation, long observed, int ready, String current, String update) {
        return "{\"kind\":\"StatefulSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"db\",\"namespace\":\"default\",\"generation\":" + generation
                + "},\"spec\":{\"replicas\":3,\"serviceName\":\"db\",\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}},"
                + "\"status\":{\"observedGeneration\":" + observed + ",\"replicas\":3,\"readyReplicas\":" + ready + ",\"currentReplicas\":3,"
                + "\"updatedReplicas\":3,\"currentRevision\":\"" + current + "\",\"updateRevision\":\"" + update + "\"}}";
    }

    @Test
    void aStatefulSetNeedsItsPodsReadyAtTheUpdateRevision() throws Exception {
        K8sSpec s = spec(K8sSpec.Kind.STATEFULSET, "db", "", 1);
        assertTrue(judge(s, statefulSet(2, 2, 3, "db-5f7", "db-5f7")).ready());
        assertTrue(judge(s, statefulSet(2, 2, 2, "db-5f7", "db-5f7")).diagnosis().message().contains("2 of 3 pods are ready"));
        assertTrue(judge(s, statefulSet(2, 2, 3, "db-5f7", "db-9a1")).diagnosis().message().contains("at revision db-9a1"));
        assertTrue(judge(s, statefulSet(3, 2, 3, "db-5f7", "db-5f7")).diagnosis().message().contains("observed"));
    }

    static String job(String conditions) {
        return "{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"migrate\",\"namespace\":\"default\"},\"spec\":{\"completions\":1,"
                + "\"backoffLimit\":2},\"status\":{\"active\":0,\"failed\":3,\"conditions\":[" + conditions + "]}}";
    }

    @Test
    void aCompleteJobIsReadyAndAFailedOneIsPermanent() throws Exception {
        K8sSpec s = spec(K8sSpec.Kind.JOB, "migrate", "", 1);
        assertTrue(judge(s, job("{\"type\":\"Complete\",\"status\":\"True\"}")).ready());
        ProbeResult failed = judge(s, job("{\"type\":\"Failed\",\"status\":\"True\",\"reason\":\"BackoffLimitExceeded\","
                + "\"message\":\"Job has reached the specified backoff limit\"}"));
        assertEquals(Cause.ROLLOUT_FAILED, failed.diagnosis().cause());
        assertTrue(failed.diagnosis().permanent());
        assertTrue(failed.diagnosis().message().contains("BackoffLimitExceeded"), failed.diagnosis().message());
        ProbeResult running = judge(s, job(""));
        assertEquals(Cause.ROLLOUT_PENDING, running.diagnosis().cause());
        assertFalse(running.diagnosis().permanent());
    }

    static String slice(String name, String... endpoints) {
        return "{\"kind\":\"EndpointSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\","
                + "\"labels\":{\"kubernetes.io/service-name\":\"db\"}},\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"pg\",\"port\":5432,\"protocol\":\"TCP\"}],"
                + "\"endpoints\":[" + String.join(",", endpoints) + "]}";
    }

    static String endpoint(String ip, String ready) {
        return "{\"addresses\":[\"" + ip + "\"]" + (ready == null ? "" : ",\"conditions\":{\"ready\":" + ready + ",\"serving\":true,\"terminating\":false}")
                + ",\"targetRef\":{\"kind\":\"Pod\",\"name\":\"db-0\"}}";
    }

    @Test
    void aServiceNeedsMinEndpointsReadyOverItsSlices() throws Exception {
        assertTrue(judge(spec(K8sSpec.Kind.SERVICE, "db", "", 1), slice("db-a", endpoint("10.0.0.1", "true"))).ready());
        assertTrue(judge(spec(K8sSpec.Kind.SERVICE, "db", "", 1), slice("db-a", endpoint("10.0.0.1", null))).ready(), "no condition: ready");
        ProbeResult two = judge(spec(K8sSpec.Kind.SERVICE, "db", "", 2), slice("db-a", endpoint("10.0.0.1", "true"), endpoint("10.0.0.2", "false")));
        assertEquals(Cause.NO_ENDPOINTS, two.diagnosis().cause());
        assertTrue(two.diagnosis().message().contains("1 ready endpoint, needs 2 (1 not ready)"), two.diagnosis().message());
        assertTrue(judge(spec(K8sSpec.Kind.SERVICE, "db", "", 2), slice("db-a", endpoint("10.0.0.1", "true")),
                slice("db-b", endpoint("10.0.0.2", "true"))).ready(), "counted over every slice");
        assertTrue(judge(spec(K8sSpec.Kind.SERVICE, "db", "", 1)).diagnosis().message().contains("no EndpointSlice"));
    }

    static String pod(String name, boolean ready, String containerState) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"labels\":{\"app\":\"api\"}},"
                + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False") + "\"}],"
                + "\"containerStatuses\":[{\"name\":\"api\",\"ready\":" + ready + ",\"restartCount\":5,\"image\":\"api:1\"," + containerState + "}]}}";
    }

    @Test
    void podsMustAllBeReadyAndACrashLoopIsNamedWithItsLastState() throws Exception {
        K8sSpec s = spec(K8sSpec.Kind.PODS, "", "app=api", 1);
        String running = "\"state\":{\"running\":{\"startedAt\":\"2026-12-06T10:00:00Z\"}}";
        assertTrue(judge(s, pod("api-1", true, running), pod("api-2", true, running)).ready());
        assertEquals(Cause.ROLLOUT_PENDING, judge(s).diagnosis().cause());
        assertTrue(judge(s, pod("api-1", true, running), pod("api-2", false, running)).diagnosis().message().contains("1 of 2 pods not ready: api-2"));
        ProbeResult crash = judge(s, pod("api-1", true, running), pod("api-2", false, "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\","
                + "\"message\":\"back-off 5m0s restarting failed container=api pod=api-2\"}},\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}"));
        assertEquals(Cause.POD_FAILING, crash.diagnosis().cause());
        assertTrue(crash.diagnosis().message().contains("pod api-2 container api is waiting: CrashLoopBackOff")
                && crash.diagnosis().message().contains("last state: terminated, Error, exit code 1"), crash.diagnosis().message());
        ProbeResult pull = judge(s, pod("api-3", false, "\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\",\"message\":\"Back-off pulling image \\\"api:2\\\"\"}}"));
        assertEquals("ImagePullBackOff", pull.diagnosis().variant());
    }
}
