package dev.readygate.lint;

import dev.readygate.source.Source;
import dev.readygate.source.compose.ComposeFacts;
import dev.readygate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lint over every Compose stack of the corpus: the findings (with their fixes and related places) are pinned in
 * src/test/resources/compose/lint/corpus/STACK.txt. After a deliberate change, rewrite them with
 * {@code -Dcompose.golden.write=true} and read the diff.
 */
class ComposeLintCorpusTest {
    static final Path GOLDEN = Path.of("src/test/resources/compose/lint/corpus");

    static List<Path> stacks() throws Exception {
        return Corpus.composeStacks();
    }

    @Test
    void theFindingsOfEveryStackArePinned() throws Exception {
        boolean write = Boolean.getBoolean("compose.golden.write");
        if (write) Files.createDirectories(GOLDEN);
        Map<String, Integer> byRule = new TreeMap<>();
        List<Path> stacks = stacks();
        assertEquals(20, stacks.size(), stacks.toString());
        for (Path stack : stacks) {
            ComposeFacts facts = ComposeFacts.load(stack.resolve("compose.yaml").toString(), Source.Context.NONE, new ArrayList<>());
            StringBuilder text = new StringBuilder();
            for (Finding f : Linter.compose().lint(facts)) {
                byRule.merge(f.ruleId(), 1, Integer::sum);
                text.append(f).append('\n').append("  fix: ").append(f.fix()).append('\n');
                for (var o : f.related()) text.append("  related: ").append(o).append('\n');
            }
            String got = text.toString().replace(stack + "/", "");
            Path golden = GOLDEN.resolve(stack.getFileName() + ".txt");
            if (write) Files.writeString(golden, got);
            assertEquals(Files.readString(golden), got, golden.toString());
        }
        // the corpus holds real mistakes: proxies that start before their app is ready, databases published on every interface
        assertTrue(byRule.getOrDefault("compose/proxy-without-health-condition", 0) >= 4, byRule.toString());
        assertTrue(byRule.getOrDefault("compose/database-port-public", 0) >= 3, byRule.toString());
        assertTrue(byRule.getOrDefault("compose/dependency-without-healthcheck", 0) >= 3, byRule.toString());
        assertTrue(byRule.getOrDefault("compose/healthcheck-timeout-not-below-interval", 0) >= 1, byRule.toString());
    }

    /** A corpus file with one value replaced by an odd one is linted (or refused in one line), never with another exception. */
    @Test
    void oddValuesNeverMakeARuleThrow(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> shapes = List.of("", "~", "[]", "{}", "0", "99999", "localhost", "\"127.0.0.1:5432\"", "[CMD-SHELL, curl localhost]",
                "{condition: service_healthy}", "{test: [CMD, curl], timeout: 1m}", "nginx:alpine", "postgres", "[\"5432:5432\"]", "[NONE]");
        List<Path> stacks = stacks();
        java.util.Random random = new java.util.Random(12);
        int linted = 0;
        for (int round = 0; round < 300; round++) {
            Path stack = stacks.get(random.nextInt(stacks.size()));
            String[] lines = Files.readString(stack.resolve("compose.yaml")).split("\n", -1);
            int i = random.nextInt(lines.length);
            int colon = lines[i].indexOf(": "), dash = lines[i].indexOf("- ");
            String shape = shapes.get(random.nextInt(shapes.size()));
            if (colon > 0) lines[i] = lines[i].substring(0, colon + 2) + shape;
            else if (dash >= 0) lines[i] = lines[i].substring(0, dash + 2) + shape;
            Path copy = dir.resolve(stack.getFileName());
            if (!Files.exists(copy)) {
                try (Stream<Path> all = Files.walk(stack)) {
                    for (Path from : all.toList()) {
                        Path to = copy.resolve(stack.relativize(from).toString());
                        if (Files.isDirectory(from)) Files.createDirectories(to);
                        else Files.copy(from, to);
                    }
                }
            }
            Path f = Files.writeString(copy.resolve("compose.yaml"), String.join("\n", lines));
            try {
                Linter.compose().run(ComposeFacts.load(f.toString(), Source.Context.NONE, new ArrayList<>()));
                linted++;
            } catch (dev.readygate.source.SourceException e) {
                assertTrue(e.getMessage().startsWith(f.toString()) && !e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(linted > 100, "linted " + linted);
    }

    /** nginx-golang-mysql: the proxy depends on backend without a health condition, and proxies to backend:8000, which declares no port. */
    @Test
    void nginxGolangMysql() throws Exception {
        Path stack = Corpus.of("compose/nginx-golang-mysql");
        List<Finding> found = Linter.compose().lint(ComposeFacts.load(stack.resolve("compose.yaml").toString(), Source.Context.NONE, new ArrayList<>()));
        List<String> ids = found.stream().map(f -> f.ruleId() + " " + f.origin().toString().replace(stack + "/", "")).toList();
        assertTrue(ids.contains("compose/proxy-without-health-condition compose.yaml:44:9"), ids.toString());
        assertTrue(ids.contains("compose/nginx-port-mismatch proxy/nginx.conf:5:9"), ids.toString());
        assertEquals(Severity.INFO, found.stream().filter(f -> f.ruleId().equals("compose/nginx-port-mismatch")).findFirst().orElseThrow().severity());
    }
}
