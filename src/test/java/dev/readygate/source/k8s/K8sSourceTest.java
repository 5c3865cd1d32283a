package dev.readygate.source.k8s;

import dev.readygate.source.Loaded;
import dev.readygate.source.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manifests as wait --from reads them: Pod templates, Services and probes to in-cluster targets, folders, kustomizations, errors. */
class K8sSourceTest {
    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              selector:
                matchLabels: {app: api}
              template:
                metadata:
                  labels: {app: api, tier: web}
                spec:
                  containers:
                    - name: server
                      image: api:1
                      ports:
                        - name: http
                          containerPort: 8080
                        - containerPort: 9090
                      readinessProbe:
                        httpGet:
                          path: ready
                          port: http
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector: {app: api}
              ports:
                - name: web
                  port: 80
                  targetPort: http
                - name: metrics
                  port: 9090
            """;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    static List<String> lines(Loaded<K8sManifests> loaded, Path dir) {
        List<String> out = new ArrayList<>();
        loaded.declarations().forEach(d -> out.add(d.target().name() + " " + d.url() + "  " + d.origin()));
        loaded.skipped().forEach(n -> out.add(n.message()));
        return out.stream().map(l -> l.replace(dir + "/", "")).toList();
    }

    private List<String> lines(String file) throws Exception {
        return lines(new K8sSource().load(dir.resolve(file).toString(), InputStream.nullInputStream()), dir);
    }

    private String error(String file) {
        return assertThrows(SourceException.class, () -> lines(file)).getMessage().replace(dir + "/", "");
    }

    @Test
    void aReadinessProbeIsReachedThroughTheServicesThatSelectItsPods() throws Exception {
        write("app.yaml", DEPLOYMENT);
        assertEquals(List.of(
                "api:80 http://api.default.svc:80/ready  app.yaml:20:13 (Service api at app.yaml:31:7)",
                "api:9090 tcp://api.default.svc:9090  app.yaml:34:7"), lines("app.yaml"));
    }

    @Test
    void tcpGrpcAndExecProbesAndPortsNoServiceTargets() throws Exception {
        write("app.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: data}
                spec:
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers:
                        - name: pg
                          ports: [{containerPort: 5432}]
                          readinessProbe:
                            tcpSocket: {port: 5432}
                        - name: grpc
                          ports: [{containerPort: 7070, name: grpc}]
                          readinessProbe:
                            grpc: {port: 7070}
                        - name: side
                          readinessProbe:
                            exec: {command: [cat, /tmp/ready]}
                        - name: admin
                          readinessProbe:
                            httpGet: {port: 8081}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: data}
                spec:
                  selector: {app: db}
                  ports:
                    - {port: 5432}
                    - {port: 7070, targetPort: grpc}
                    - {port: 53, protocol: UDP}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
                data: {a: b}
                """);
        assertEquals(List.of(
                "db:5432 tcp://db.data.svc:5432  app.yaml:12:13 (Service db at app.yaml:30:7)",
                "db:7070 tcp://db.data.svc:7070  app.yaml:16:13 (Service db at app.yaml:31:7)",
                "skipped the readinessProbe of StatefulSet/db container side at app.yaml:19:13: an exec probe runs inside the pod;"
                        + " its Service ports are waited for over TCP",
                "skipped the readinessProbe of StatefulSet/db container admin at app.yaml:22:13: no Service that selects its pods targets"
                        + " port 8081 (nothing to reach from outside the pod)",
                "skipped port 53/UDP of Service db at app.yaml:32:7: readygate waits for TCP ports"), lines("app.yaml"));
    }

    @Test
    void aKustomizationReadsItsResourcesInItsNamespace() throws Exception {
        write("base/app.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", "resources:\n  - app.yaml\n");
        write("prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../base\n  - https://example.com/x.yaml\npatches:\n  - path: p.yaml\n");
        assertEquals(List.of(
                "api:80 http://api.prod.svc:80/ready  base/app.yaml:20:13 (Service api at base/app.yaml:31:7)",
                "api:9090 tcp://api.prod.svc:9090  base/app.yaml:34:7",
                "skipped patches of prod/kustomization.yaml at prod/kustomization.yaml:5:1: readygate reads resources as written"
                        + " (kustomize build > manifests.yaml for the rendered output)",
                "skipped resource https://example.com/x.yaml of prod/kustomization.yaml at prod/kustomization.yaml:4:5: a remote resource, not read"),
                lines("prod"));
        assertEquals("prod/kustomization.yaml:3:5: resource 'nowhere' not found (prod/nowhere); the path is relative to the kustomization's folder",
                assertThrows(SourceException.class, () -> {
                    write("prod/kustomization.yaml", "resources:\n  - ../base\n  - nowhere\n");
                    lines("prod");
                }).getMessage().replace(dir + "/", ""));
    }

    @Test
    void aFolderIsReadWithItsSubfoldersAndOtherYamlIsLeftAlone() throws Exception {
        write("k8s/app.yaml", DEPLOYMENT);
        write("k8s/jobs/cron.yaml", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        metadata: {labels: {app: nightly}}
                        spec:
                          containers: [{name: run, image: x}]
                """);
        write("k8s/values.yaml", "replicas: 3\nimage: x\n");
        write("k8s/list.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: lone}\n"
                + "    spec:\n      selector: {app: lone}\n      ports: [{port: 1}]\n");
        Loaded<K8sManifests> loaded = new K8sSource().load(dir.resolve("k8s").toString(), InputStream.nullInputStream());
        assertEquals(List.of("Deployment/api", "CronJob/nightly"), loaded.facts().workloads().stream().map(K8sManifests.Workload::id).toList());
        assertEquals(List.of("api", "lone"), loaded.facts().services().stream().map(K8sManifests.Service::name).toList());
        assertEquals(2, loaded.declarations().size());
        assertEquals("k8s", dev.readygate.registry.Registry.sources().pick(dir.resolve("k8s").toString(), InputStream.nullInputStream()).source().name());
    }

    @Test
    void helmTemplatesAreToldNotRead() throws Exception {
        write("chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
        assertEquals("chart/templates/deploy.yaml: a Helm template ({{ }}), which readygate does not render; render the chart first:"
                + " helm template NAME CHART > manifests.yaml, then --from manifests.yaml", error("chart/templates"));
        write("chart/templates/svc.yaml", DEPLOYMENT);
        // {{ }} in a value (a Prometheus rule's template in a ConfigMap) is no Helm template
        write("chart/templates/rules.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules}\ndata:\n  alert: 'instance {{ $labels.instance }} is down'\n");
        // a template action that is not YAML is one, whatever it names
        write("chart/templates/broken.yaml", "{{- if .Capabilities }}\napiVersion: v1\n{{- end }}\n");
        List<String> lines = lines("chart/templates");
        assertTrue(lines.contains("skipped chart/templates/deploy.yaml: a Helm template ({{ }}), which readygate does not"
                + " render (helm template ... > manifests.yaml)"), lines.toString());
        assertTrue(lines.contains("skipped chart/templates/broken.yaml: a Helm template ({{ }}), which readygate does not"
                + " render (helm template ... > manifests.yaml)"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("rules.yaml")), lines.toString());
    }

    @Test
    void brokenManifestsAreOneLineAtTheirPlace() throws Exception {
        write("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n    - port: http\n");
        assertEquals("a.yaml:6:13: port of Service/x is 'http', not a whole number; write a number", error("a.yaml"));
        write("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: c\n      readinessProbe:\n"
                + "        periodSeconds: 5\n");
        assertEquals("a.yaml:8:9: readinessProbe of container c of Pod/x has no handler; add httpGet:, tcpSocket:, grpc: or exec:", error("a.yaml"));
        write("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: c\n      ports:\n"
                + "        - containerPort: 70000\n");
        assertEquals("a.yaml:8:26: containerPort of container c of Pod/x is 70000, not a port; write a port from 1 to 65535", error("a.yaml"));
        write("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 80, targetPort: Web_Port}]\n");
        assertEquals("a.yaml:5:34: targetPort of Service/x is 'Web_Port', neither a port nor a port name; write a number (1-65535) or the name"
                + " of a container port (lowercase, at most 15 characters)", error("a.yaml"));
        write("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [port: 80\n");
        assertTrue(error("a.yaml").startsWith("a.yaml:6:1: invalid YAML: "), error("a.yaml"));
        assertEquals("nothing.yaml: no such file or folder; check the path", error("nothing.yaml"));
        write("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\napiVersion: v2\n");
        assertEquals("a.yaml:4:1: duplicate key 'apiVersion' (first at line 1); remove one of them", error("a.yaml"));
    }
}
