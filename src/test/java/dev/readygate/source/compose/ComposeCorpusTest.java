package dev.readygate.source.compose;

import dev.readygate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Compose file of the corpus parses, and the targets it derives (from the host, and with --network) are
 * pinned in src/test/resources/compose/targets/STACK.txt. After a deliberate change, rewrite them with
 * {@code -Dcompose.golden.write=true} and read the diff.
 */
class ComposeCorpusTest {
    static final Path GOLDEN = Path.of("src/test/resources/compose/targets");

    static List<Path> stacks() throws Exception {
        return Corpus.composeStacks();
    }

    @Test
    void everyFileParsesAndItsTargetsArePinned() throws Exception {
        List<Path> stacks = stacks();
        assertEquals(20, stacks.size(), stacks.toString());
        boolean write = Boolean.getBoolean("compose.golden.write");
        int targets = 0;
        for (Path stack : stacks) {
            Path file = stack.resolve("compose.yaml");
            List<String> lines = new ArrayList<>(List.of("# from the host"));
            var host = ComposeTesting.load(file, ComposeTesting.context(Map.of(), false));
            lines.addAll(ComposeTesting.lines(host));
            lines.add("# --network");
            var network = ComposeTesting.load(file, ComposeTesting.context(Map.of(), true));
            lines.addAll(ComposeTesting.lines(network));
            targets += host.declarations().size() + network.declarations().size();
            assertTrue(host.facts().services().size() >= 1, file.toString());
            String text = String.join("\n", lines) + "\n";
            Path golden = GOLDEN.resolve(stack.getFileName() + ".txt");
            if (write) Files.writeString(golden, text);
            assertEquals(Files.readString(golden), text, golden.toString());
        }
        assertTrue(targets > 60, "targets: " + targets);
    }
}
