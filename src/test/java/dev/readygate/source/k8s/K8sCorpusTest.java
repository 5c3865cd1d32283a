package dev.readygate.source.k8s;

import dev.readygate.source.Loaded;
import dev.readygate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every app of the corpus (as a folder, through its kustomization where it has one) parses; its targets are pinned in golden files. */
class K8sCorpusTest {
    private static final Path GOLDEN = Path.of("src/test/resources/k8s/targets");

    @Test
    void everyAppParsesAndItsTargetsArePinned() throws Exception {
        List<Path> apps;
        try (Stream<Path> s = Files.list(Corpus.of("k8s"))) {
            apps = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(!apps.isEmpty(), "no corpus apps");
        boolean write = Boolean.getBoolean("k8s.golden.write");
        for (Path app : apps) {
            Loaded<K8sManifests> loaded = new K8sSource().load(app.toString(), InputStream.nullInputStream());
            assertTrue(loaded.facts().workloads().size() >= 1, app.toString());
            List<String> lines = new ArrayList<>(K8sSourceTest.lines(loaded, app));
            String text = String.join("\n", lines) + "\n";
            Path golden = GOLDEN.resolve(app.getFileName() + ".txt");
            if (write) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, text);
            }
            assertEquals(Files.readString(golden), text, golden.toString());
        }
    }

    @Test
    void anHttpProbeKeepsItsHeadersAndPassesAsTheKubeletJudges() throws Exception {
        Loaded<K8sManifests> loaded = new K8sSource().load(Corpus.of("k8s").resolve("microservices-demo").toString(), InputStream.nullInputStream());
        var frontend = loaded.declarations().stream().filter(d -> d.target().name().equals("frontend")).findFirst().orElseThrow();
        assertEquals("[Cookie: shop_session-id=x-readiness-probe]", String.valueOf(frontend.own().find(dev.readygate.protocol.http.HttpProtocol.HEADERS).value()
                .stream().map(h -> h.name() + ": " + h.value()).toList()));
        assertEquals("200-399", String.valueOf(frontend.suggested().find(dev.readygate.protocol.http.HttpProtocol.STATUS).value()));
    }
}
