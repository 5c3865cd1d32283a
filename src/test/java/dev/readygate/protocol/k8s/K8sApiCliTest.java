package dev.readygate.protocol.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.readygate.testing.CliRun;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** readygate wait k8s:... with a kubeconfig, end to end through the CLI, against a fake API server over HTTPS. */
@Timeout(60)
class K8sApiCliTest {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.sig-never-printed";

    @TempDir
    Path dir;

    Path kubeconfig(FakeApiServer api, String user) throws Exception {
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(api.caPem()));
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, "apiVersion: v1\nkind: Config\ncurrent-context: kind-dev\n"
                + "clusters:\n- name: dev\n  cluster:\n    server: " + api.url() + "\n    certificate-authority-data: " + ca + "\n"
                + "contexts:\n- name: kind-dev\n  context:\n    cluster: dev\n    user: gate\n    namespace: default\n"
                + "users:\n- name: gate\n  user:\n" + user);
        return f;
    }

    static void assertNoToken(CliRun r) {
        assertFalse(r.out.contains(TOKEN) || r.err.contains(TOKEN), "the token is never printed: " + r);
        assertFalse(r.out.contains("sig-never-printed") || r.err.contains("sig-never-printed"), r::toString);
    }

    @Test
    void aKubeconfigWithATokenAndACaWaitsUntilReadyAndNeverPrintsTheToken() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 2, 2, 2));
            Path report = dir.resolve("report.json");
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, "    token: " + TOKEN + "\n").toString(), "--timeout", "20s",
                    "-o", "json", "--report", report.toString(), "-v", "k8s:deployment/default/api");
            assertEquals(0, r.code, r::toString);
            assertTrue(r.out.contains("k8s:deployment/default/api"), r::toString);
            assertNoToken(r);
            assertFalse(Files.readString(report).contains(TOKEN));
            assertEquals("Bearer " + TOKEN, api.tokens.get(0));
        }
    }

    @Test
    void a403PrintsTheMissingRuleAndTheRoleAndNeverTheToken() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            api.statusAlways(403, "Forbidden", "endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:web:gate\" cannot list "
                    + "resource \"endpointslices\" in API group \"discovery.k8s.io\" in the namespace \"data\"");
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, "    token: " + TOKEN + "\n").toString(), "--timeout", "20s",
                    "--fail-fast", "k8s:service/data/db");
            assertEquals(1, r.code, r::toString);
            assertTrue(r.err.contains("FORBIDDEN"), r::toString);
            assertTrue(r.err.contains("missing RBAC rule: verb list, apiGroup \"discovery.k8s.io\", resource endpointslices, namespace data"), r::toString);
            assertTrue(r.err.contains("kind: Role") && r.err.contains("resources: [endpointslices], verbs: [get, list, watch]"), r::toString);
            assertTrue(r.err.contains("--serviceaccount=web:gate"), r::toString);
            assertNoToken(r);
        }
    }

    @Test
    void aMissingObjectIsNotFoundAndPermanentOnlyWithFailFast() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            api.listJson = FakeApiServer.list("JobList", "7");
            String kc = kubeconfig(api, "    token: " + TOKEN + "\n").toString();
            long start = System.nanoTime();
            CliRun fast = CliRun.run("wait", "--kubeconfig", kc, "--timeout", "30s", "--fail-fast", "k8s:job/default/migrate");
            assertEquals(1, fast.code, fast::toString);
            assertTrue(fast.err.contains("NOT_FOUND") && fast.err.contains("job default/migrate does not exist (yet)"), fast::toString);
            assertTrue(System.nanoTime() - start < 15_000_000_000L, "--fail-fast stops at once");
            CliRun waiting = CliRun.run("wait", "--kubeconfig", kc, "--timeout", "1500ms", "k8s:job/default/migrate");
            assertEquals(1, waiting.code, waiting::toString);
            assertTrue(waiting.err.contains("NOT_FOUND"), waiting::toString);
        }
    }

    @Test
    void aKubeconfigWithAClientCertificate() throws Exception {
        dev.readygate.testing.Certs client = new dev.readygate.testing.Certs(dir);
        client.selfSigned("client", "gate", null);
        try (FakeApiServer api = new FakeApiServer(dir, "client")) {
            api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 1));
            String cert = Base64.getEncoder().encodeToString(Files.readAllBytes(client.path("client.pem")));
            Path key = client.privateKeyPem("client");
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, "    client-certificate-data: " + cert + "\n    client-key: " + key.getFileName()
                    + "\n").toString(), "--timeout", "20s", "k8s:deployment/default/api");
            assertEquals(0, r.code, r::toString);
            assertEquals("", api.tokens.get(0), "no token: the certificate authenticates");
        }
    }

    @Test
    void aBadNotationIsOneLineAndExitTwo() {
        CliRun r = CliRun.run("wait", "k8s:deployment/api");
        assertEquals(2, r.code, r::toString);
        assertEquals("readygate: target 'k8s:deployment/api': write k8s:deployment/NAMESPACE/NAME (lower-case names)", r.err.strip());
        CliRun kind = CliRun.run("wait", "k8s:daemonset/default/x");
        assertEquals(2, kind.code, kind::toString);
        assertTrue(kind.err.contains("write k8s:deployment|statefulset|job|service/NAMESPACE/NAME or k8s:pods/NAMESPACE?selector="), kind::toString);
    }

    @Test
    void aBrokenKubeconfigIsOneLineWithItsPlaceAndExitThree() throws Exception {
        Path f = dir.resolve("kc");
        Files.writeString(f, "current-context: prod\ncontexts:\n- name: dev\n  context: {cluster: dev, user: me}\n", StandardCharsets.UTF_8);
        CliRun r = CliRun.run("wait", "--kubeconfig", f.toString(), "k8s:deployment/default/api");
        assertEquals(3, r.code, r::toString);
        assertTrue(r.err.contains(f + ":1:18: no context named prod in contexts"), r::toString);
        assertEquals(1, r.err.strip().lines().count(), r::toString);
    }

    /** A plugin script in the test folder: counts its runs, checks what kubectl would give it, prints {@code json}. */
    private Path plugin(String json) throws Exception {
        Path script = dir.resolve("bin/token-plugin");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho run >> \"$(dirname \"$0\")/runs\"\n"
                + "case \"$KUBERNETES_EXEC_INFO\" in *'\"interactive\":false'*) ;; *) exit 3 ;; esac\n"
                + "[ \"$PLUGIN_REGION\" = eu-1 ] || exit 4\n"
                + "cat <<'EOF'\n" + json + "\nEOF\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private long runs() throws Exception {
        Path runs = dir.resolve("bin/runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    private static final String EXEC = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ./bin/token-plugin\n"
            + "      args: [get-token]\n      env:\n        - {name: PLUGIN_REGION, value: eu-1}\n      interactiveMode: Never\n";

    @Test
    void anExecPluginsTokenIsSentKeptUntilItExpiresAndNeverPrinted() throws Exception {
        plugin("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + TOKEN
                + "\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}");
        try (FakeApiServer api = new FakeApiServer(dir)) {
            api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 1));
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, EXEC).toString(), "--timeout", "20s", "-v", "k8s:deployment/default/api");
            assertEquals(0, r.code, r::toString);
            assertNoToken(r);
            assertEquals("Bearer " + TOKEN, api.tokens.get(0));
            assertEquals(1, runs(), "the token is kept until it expires");
        }
    }

    @Test
    void anExecPluginThatFailsIsAnAuthFailureNamingIt() throws Exception {
        plugin("{\"kind\":\"ExecCredential\",\"status\":{}}");
        try (FakeApiServer api = new FakeApiServer(dir)) {
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, EXEC).toString(), "--timeout", "2s", "--fail-fast", "k8s:deployment/default/api");
            assertEquals(1, r.code, r::toString);
            assertTrue(r.err.contains("the kubeconfig's exec credential plugin token-plugin returned no status.token"), r::toString);
            assertTrue(api.tokens.isEmpty(), "no request without a token");
            Files.writeString(dir.resolve("bin/token-plugin"), "#!/bin/sh\necho '" + TOKEN + "' >&2\nexit 1\n");
            CliRun failed = CliRun.run("wait", "--kubeconfig", kubeconfig(api, EXEC).toString(), "--timeout", "2s", "--fail-fast",
                    "k8s:deployment/default/api");
            assertEquals(1, failed.code, failed::toString);
            assertTrue(failed.err.contains("the kubeconfig's exec credential plugin token-plugin failed (exit 1)"), failed::toString);
            assertNoToken(failed);
        }
    }

    @Test
    void anAuthProviderOrAnInteractivePluginIsRefusedWithOneLine() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            CliRun r = CliRun.run("wait", "--kubeconfig", kubeconfig(api, "    auth-provider:\n      name: gcp\n").toString(),
                    "k8s:deployment/default/api");
            assertEquals(3, r.code, r::toString);
            assertTrue(r.err.contains("uses an auth-provider credential plugin (removed from kubectl in 1.26)"), r::toString);
            assertEquals(1, r.err.strip().lines().count(), r::toString);
            CliRun always = CliRun.run("wait", "--kubeconfig", kubeconfig(api, "    exec:\n      command: aws\n      interactiveMode: Always\n").toString(),
                    "k8s:deployment/default/api");
            assertEquals(3, always.code, always::toString);
            assertTrue(always.err.contains("needs a terminal (interactiveMode: Always), which readygate never gives"), always::toString);
        }
    }

    @Test
    void aKubeconfigWithACaFileAndATokenFileRelativeToIt() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            api.listJson = FakeApiServer.list("DeploymentList", "100", FakeApiServer.deployment("100", 1, 1, 1, 1, 1));
            Path sub = Files.createDirectories(dir.resolve("kube"));
            Files.copy(api.caPem(), sub.resolve("ca.pem"));
            Files.writeString(sub.resolve("token"), TOKEN + "\n");
            Path f = sub.resolve("config");
            Files.writeString(f, "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: " + api.url() + "/\n    certificate-authority: ca.pem\n"
                    + "contexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user:\n    tokenFile: token\n");
            CliRun r = CliRun.run("wait", "--kubeconfig", f.toString(), "--timeout", "20s", "k8s:deployment/default/api");
            assertEquals(0, r.code, r::toString);
            assertEquals("Bearer " + TOKEN, api.tokens.get(0));
            assertNoToken(r);
        }
    }

    @Test
    void aServerCertificateTheKubeconfigDoesNotTrustIsTlsUntrusted() throws Exception {
        try (FakeApiServer api = new FakeApiServer(dir)) {
            Path f = dir.resolve("untrusting");
            Files.writeString(f, "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: " + api.url() + "\n"
                    + "contexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user:\n    token: " + TOKEN + "\n");
            CliRun r = CliRun.run("wait", "--kubeconfig", f.toString(), "--timeout", "2s", "k8s:deployment/default/api");
            assertEquals(1, r.code, r::toString);
            assertTrue(r.err.contains("TLS_UNTRUSTED") && r.err.contains("127.0.0.1:" + api.port()), r::toString);
            assertNoToken(r);
            assertTrue(api.tokens.isEmpty(), "no request reached the untrusted server");
        }
    }
}
