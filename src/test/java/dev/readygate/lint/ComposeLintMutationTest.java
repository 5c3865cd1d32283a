package dev.readygate.lint;

import dev.readygate.source.Source;
import dev.readygate.source.compose.ComposeFacts;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A correct stack (src/test/resources/compose/lint/proxy-stack: nginx proxying to backend:8000, which exposes 8000)
 * with one port changed, in the nginx config or in the Compose file: the cross-file rule names both files and lines,
 * and the port that exists.
 */
class ComposeLintMutationTest {
    static final Path STACK = Path.of("src/test/resources/compose/lint/proxy-stack");

    @TempDir
    Path dir;

    /** The stack copied, with {@code from} replaced by {@code to} (once) in {@code file}. */
    private List<Finding> mutated(String file, String from, String to) throws Exception {
        dev.readygate.testing.Mutation.copy(STACK, dir, List.of("compose.yaml", "nginx/default.conf"), file, from, to);
        return Linter.compose().lint(ComposeFacts.load(dir.resolve("compose.yaml").toString(), Source.Context.NONE, new ArrayList<>()));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // the upstream's server line
            "nginx/default.conf|server backend:8000;|server backend:8001;|nginx/default.conf:2:5: error: backend listens on 8000 (expose at"
                    + " compose.yaml:16:9), not 8001; server backend:8001 of upstream app at nginx/default.conf:2:5 says 8001"
                    + " [compose/nginx-port-mismatch] / compose.yaml:16:9",
            // a pass that names the service itself
            "nginx/default.conf|http://backend:8000/static/|http://backend:8080/static/|nginx/default.conf:11:9: error: backend listens on 8000"
                    + " (expose at compose.yaml:16:9), not 8080; proxy_pass http://backend:8080/static/ at nginx/default.conf:11:9 says 8080"
                    + " [compose/nginx-port-mismatch] / compose.yaml:16:9",
            // a misspelt service
            "nginx/default.conf|server backend:8000;|server backnd:8000;|nginx/default.conf:2:5: error: server backnd:8000 of upstream app names"
                    + " backnd, which is no service of compose.yaml; did you mean backend (compose.yaml:12:3)? nginx fails to start when the"
                    + " name does not resolve [compose/nginx-unknown-service] / compose.yaml:12:3",
    })
    void oneNginxPortOrNameChangedIsNamedWithTheComposeLine(String file, String from, String to, String expected) throws Exception {
        List<Finding> found = mutated(file, from, to);
        assertEquals(List.of(expected), found.stream().map(this::show).toList());
        bothFiles(found);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "compose.yaml|- \"8000\"|- \"8001\"|8001 (expose at compose.yaml:16:9), not 8000",
            "compose.yaml|- \"8000\"|- \"9000\"|9000 (expose at compose.yaml:16:9), not 8000",
    })
    void oneComposePortChangedIsNamedAtEveryNginxLineThatDialsTheOldOne(String file, String from, String to, String listens) throws Exception {
        List<Finding> found = mutated(file, from, to);
        assertEquals(List.of(
                "nginx/default.conf:2:5: error: backend listens on " + listens + "; server backend:8000 of upstream app at nginx/default.conf:2:5"
                        + " says 8000 [compose/nginx-port-mismatch] / compose.yaml:16:9",
                "nginx/default.conf:11:9: error: backend listens on " + listens + "; proxy_pass http://backend:8000/static/ at"
                        + " nginx/default.conf:11:9 says 8000 [compose/nginx-port-mismatch] / compose.yaml:16:9"), found.stream().map(this::show).toList());
        bothFiles(found);
        assertTrue(found.get(0).fix().startsWith("Write backend:" + to.substring(3, 7) + " in "), found.get(0).fix());
    }

    /**
     * The corpus's nginx-flask-mongo: nginx's template says proxy_pass http://$FLASK_SERVER_ADDR, which the proxy's
     * environment sets to backend:9091, where backend listens (FLASK_SERVER_PORT=9091). Changing either port is found.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "FLASK_SERVER_ADDR=backend:9091|FLASK_SERVER_ADDR=backend:9092|backend listens on 9091 (environment FLASK_SERVER_PORT at compose.yaml:22:9), not 9092",
            "FLASK_SERVER_PORT=9091|FLASK_SERVER_PORT=9090|backend listens on 9090 (environment FLASK_SERVER_PORT at compose.yaml:22:9), not 9091",
    })
    void aTemplateFilledInFromTheProxysEnvironment(String from, String to, String expected) throws Exception {
        Path corpus = dev.readygate.testing.Corpus.of("compose/nginx-flask-mongo");
        Files.createDirectories(dir.resolve("nginx"));
        Files.copy(corpus.resolve("nginx/nginx.conf"), dir.resolve("nginx/nginx.conf"));
        String compose = Files.readString(corpus.resolve("compose.yaml"));
        Files.writeString(dir.resolve("compose.yaml"), compose);
        List<Finding> clean = Linter.compose().lint(ComposeFacts.load(dir.resolve("compose.yaml").toString(), Source.Context.NONE, new ArrayList<>()));
        assertTrue(clean.stream().noneMatch(f -> f.ruleId().startsWith("compose/nginx-")), clean.toString());
        Files.writeString(dir.resolve("compose.yaml"), compose.replace(from, to));
        List<Finding> found = Linter.compose().lint(ComposeFacts.load(dir.resolve("compose.yaml").toString(), Source.Context.NONE, new ArrayList<>()))
                .stream().filter(f -> f.ruleId().startsWith("compose/nginx-")).toList();
        assertEquals(1, found.size(), found.toString());
        assertTrue(show(found.get(0)).startsWith("nginx/nginx.conf:4:5: error: " + expected), show(found.get(0)));
        bothFiles(found);
    }

    private static void bothFiles(List<Finding> found) {
        for (Finding f : found) {
            assertTrue(f.origin().file().contains("/nginx/") && f.origin().file().endsWith(".conf"), f.toString());
            assertTrue(f.related().stream().allMatch(o -> o.file().endsWith("compose.yaml")) && !f.related().isEmpty(), f.related().toString());
        }
    }

    private String show(Finding f) {
        return (f + " / " + String.join(", ", f.related().stream().map(String::valueOf).toList())).replace(dir + "/", "");
    }
}
