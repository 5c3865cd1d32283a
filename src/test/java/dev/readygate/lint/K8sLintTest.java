package dev.readygate.lint;

import dev.readygate.source.k8s.K8sManifests;
import dev.readygate.source.k8s.K8sSource;
import dev.readygate.testing.Corpus;
import dev.readygate.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lint over Kubernetes manifests: a correct app (src/test/resources/k8s/lint/shop) lints clean; one value changed in it
 * is found by its rule, at its line (with the other file's line where the rule is across files); the corpus's findings
 * are pinned.
 */
class K8sLintTest {
    static final Path SHOP = Path.of("src/test/resources/k8s/lint/shop");

    @TempDir
    Path dir;

    private List<String> lint(Path folder) throws Exception {
        K8sManifests m = K8sSource.manifests(folder.toString(), InputStream.nullInputStream(), new ArrayList<>());
        return Linter.k8s().lint(m).stream().map(f -> show(f, folder)).toList();
    }

    private static String show(Finding f, Path folder) {
        String s = f + (f.related().isEmpty() ? "" : " / " + String.join(", ", f.related().stream().map(String::valueOf).toList()));
        return s.replace(folder + "/", "");
    }

    /** The app copied, with {@code from} replaced by {@code to} (once) in {@code file}. */
    private Path mutated(String file, String from, String to) throws Exception {
        return dev.readygate.testing.Mutation.copy(SHOP, dir, List.of("deployment.yaml", "service.yaml", "kustomization.yaml"), file, from, to);
    }

    @Test
    void theCorrectAppLintsClean() throws Exception {
        assertEquals(List.of(), lint(SHOP));
    }

    /** The init-container example the docs show (deploy/kubernetes) is linted clean, at every severity. */
    @Test
    void theDeployExampleLintsClean() throws Exception {
        Path example = Path.of("deploy/kubernetes");
        assertEquals(List.of(), lint(example));
        CliRun r = CliRun.run("lint", "--fail-on", "info", example.toString());
        assertEquals(0, r.code, r::toString);
        K8sManifests m = K8sSource.manifests(example.toString(), InputStream.nullInputStream(), new ArrayList<>());
        assertEquals("wait --timeout=5m tcp://postgres.shop.svc:5432 k8s:deployment/shop/api",
                String.join(" ", m.workloads().get(0).initContainers().get(0).command()));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // across files: the Service's targetPort and the container port it names
            "service.yaml|targetPort: http|targetPort: htp|service.yaml:9:7: error: Service api port 80 sends to targetPort 'htp', but the containers"
                    + " of Deployment/api (deployment.yaml:1:1) declare http = 8080 (deployment.yaml:18:15); did you mean http? [k8s/service-target-port]"
                    + " / deployment.yaml:1:1",
            "service.yaml|targetPort: http|targetPort: 8081|service.yaml:9:7: warning: Service api port 80 sends to targetPort 8081, but the"
                    + " containers of Deployment/api (deployment.yaml:1:1) declare http = 8080 (deployment.yaml:18:15); did you mean 8080?"
                    + " [k8s/service-target-port] / deployment.yaml:1:1",
            "deployment.yaml|containerPort: 8080|containerPort: 9090|-",
            "deployment.yaml|- name: http|- name: web|deployment.yaml:21:13: error: the readinessProbe of Deployment/api container server asks"
                    + " port 'http', which the container does not declare (it declares web = 8080 (deployment.yaml:18:15)) [k8s/probe-port]"
                    + " & deployment.yaml:24:13: error: the livenessProbe of Deployment/api container server asks port 'http', which the container"
                    + " does not declare (it declares web = 8080 (deployment.yaml:18:15)) [k8s/probe-port]"
                    + " & service.yaml:9:7: error: Service api port 80 sends to targetPort 'http', but the containers of Deployment/api"
                    + " (deployment.yaml:1:1) declare web = 8080 (deployment.yaml:18:15) [k8s/service-target-port] / deployment.yaml:1:1",
            // a label changed: the Service selects nothing
            "deployment.yaml|labels: {app: api}|labels: {app: api-v2}|service.yaml:1:1: warning: Service api selects {app=api}, which no Pod"
                    + " template in namespace shop has; the nearest is Deployment/api with {app=api-v2} (deployment.yaml:1:1)"
                    + " [k8s/service-selects-nothing] / deployment.yaml:1:1",
            "service.yaml|port: {name: web}|port: {name: http}|service.yaml:25:15: error: Ingress api sends / to port 'http' of Service api"
                    + " (service.yaml:1:1), which has web = 80 [k8s/ingress-backend] / service.yaml:1:1",
            "service.yaml|name: api\\n                port|name: apii\\n                port|service.yaml:25:15: error: Ingress api sends / to"
                    + " Service apii, which namespace shop does not define; did you mean api? [k8s/ingress-backend]",
            // readiness and shutdown
            "deployment.yaml|            periodSeconds: 5|            periodSeconds: 1|deployment.yaml:21:13: warning: the readinessProbe of"
                    + " Deployment/api container server waits 1 s (timeoutSeconds) for an answer, but runs every 1 s (periodSeconds)"
                    + " [k8s/readiness-timeout]",
            "deployment.yaml|path: /live|path: /ready|-",
            "deployment.yaml|sleep: {seconds: 5}|sleep: {seconds: 28}|deployment.yaml:1:1: warning: Deployment/api gives its pods 30 s to stop,"
                    + " but container server pauses 28 s in preStop (deployment.yaml:28:15), leaving 2 s to drain [k8s/grace-period-too-short]",
            "deployment.yaml|preStop:\\n              sleep: {seconds: 5}|postStart:\\n              sleep: {seconds: 5}|deployment.yaml:15:11:"
                    + " warning: Deployment/api container server is behind Service api and has no preStop [k8s/no-prestop-pause]",
            "deployment.yaml|requests: {cpu: 100m, memory: 128Mi}|x-requests: {}|deployment.yaml:15:11: warning: Deployment/api container server"
                    + " has no resources.requests [k8s/no-resources]"})
    void oneValueChangedIsFoundAtItsLine(String file, String from, String to, String expected) throws Exception {
        List<String> found = lint(mutated(file, from.replace("\\n", "\n"), to.replace("\\n", "\n")));
        assertEquals(expected.equals("-") ? List.of() : List.of(expected.split(" & ")), found);
    }

    @Test
    void readinessEqualToLivenessAndTheMissingProbeAndTheInitLoop() throws Exception {
        Path d = mutated("deployment.yaml", "httpGet: {path: /live, port: http}\n            failureThreshold: 6",
                "httpGet: {path: /ready, port: http}\n            periodSeconds: 5");
        assertEquals(List.of("deployment.yaml:24:13: warning: the livenessProbe of Deployment/api container server is the same check as its"
                + " readinessProbe (deployment.yaml:21:13) [k8s/readiness-is-liveness] / deployment.yaml:21:13"), lint(d));
        String text = Files.readString(SHOP.resolve("deployment.yaml"));
        Files.writeString(d.resolve("deployment.yaml"), text.replace("          readinessProbe:\n            httpGet: {path: /ready, port: http}\n"
                + "            periodSeconds: 5\n", "").replace("      containers:\n", "      initContainers:\n        - name: wait\n"
                + "          image: busybox\n          command: [sh, -c, 'until nc -z db 5432; do sleep 2; done']\n"
                + "          resources: {requests: {cpu: 10m}, limits: {memory: 16Mi}}\n      containers:\n"));
        assertEquals(List.of("deployment.yaml:15:11: info: init container wait of Deployment/api waits in a loop: sh -c until nc -z db 5432; do"
                        + " sleep 2; done [k8s/init-wait-loop]",
                "deployment.yaml:20:11: warning: Deployment/api container server is behind Service api and has no readinessProbe [k8s/no-readiness-probe]"),
                lint(d));
    }

    /** The corpus's app with one targetPort or one label changed: the new finding names both files' lines; nothing else changes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "targetPort: 9555|targetPort: 9556|adservice.yaml:81:5: warning: Service adservice port 9555 sends to targetPort 9556, but the"
                    + " containers of Deployment/adservice (adservice.yaml:15:1) declare 9555 (adservice.yaml:48:11); did you mean 9555?"
                    + " [k8s/service-target-port] / adservice.yaml:15:1",
            "  selector:\\n    app: adservice\\n  ports:|  selector:\\n    app: ad-service\\n  ports:|adservice.yaml:70:1: warning: Service"
                    + " adservice selects {app=ad-service}, which no Pod template in namespace default has; the nearest is Deployment/adservice"
                    + " with {app=adservice} (adservice.yaml:15:1) [k8s/service-selects-nothing] / adservice.yaml:15:1"})
    void theCorpusAppWithOneValueChanged(String from, String to, String expected) throws Exception {
        Path app = Corpus.of("k8s").resolve("microservices-demo");
        List<String> files;
        try (var s = Files.list(app)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        Path copy = dev.readygate.testing.Mutation.copy(app, dir, files, "adservice.yaml", from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        List<String> before = lint(app);
        List<String> after = new ArrayList<>(lint(copy));
        after.removeAll(before);
        assertEquals(List.of(expected), after);
    }

    @Test
    void theCorpusFindingsArePinned() throws Exception {
        Path app = Corpus.of("k8s").resolve("microservices-demo");
        List<String> found = lint(app);
        Path golden = Path.of("src/test/resources/k8s/lint/microservices-demo.txt");
        String text = String.join("\n", found) + "\n";
        if (Boolean.getBoolean("k8s.golden.write")) Files.writeString(golden, text);
        assertEquals(Files.readString(golden), text);
        assertTrue(found.stream().anyMatch(f -> f.contains("[k8s/no-prestop-pause]")), text);
    }

    @Test
    void lintOnAFolderOfManifestsInEveryFormat() {
        Path app = Corpus.of("k8s").resolve("microservices-demo");
        CliRun text = CliRun.run("lint", app.toString());
        assertEquals(0, text.code, text::toString); // warnings only; --fail-on error is the default
        assertEquals(1, CliRun.run("lint", "--fail-on", "warning", app.toString()).code);
        assertTrue(text.out.contains("(11 file(s), 11 workload(s), 12 Service(s))"), text::toString);
        CliRun clean = CliRun.run("lint", SHOP.toString());
        assertEquals(0, clean.code, clean::toString);
        CliRun sarif = CliRun.run("lint", "-o", "sarif", "--fail-on", "error", app.toString());
        assertEquals(0, sarif.code, sarif::toString);
        assertTrue(sarif.out.contains("\"ruleId\" : \"k8s/readiness-is-liveness\"") || sarif.out.contains("\"ruleId\":\"k8s/readiness-is-liveness\""),
                sarif.out.substring(0, Math.min(2000, sarif.out.length())));
        assertTrue(sarif.out.contains("relatedLocations"), sarif.out.substring(0, Math.min(2000, sarif.out.length())));
        CliRun json = CliRun.run("lint", "-o", "json", app.toString());
        assertTrue(json.out.contains("k8s/no-prestop-pause"), json::toString);
    }
}
