package dev.readygate.source.compose;

import dev.readygate.source.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Cut and spliced corpus files: the source reads them or says why in one line, never with another exception. */
@Timeout(60)
class ComposeHostileInputTest {
    @TempDir
    Path dir;

    private static final List<String> SHAPES = List.of("", "~", "[]", "{}", "[[1]]", "{a: b}", "\"${X:?}\"", "${", "-1", "0", "99999",
            "\"[::1]:1:2\"", "*x", "&x", "<<: 1", "!!binary AAAA", "'a:b:c:d:e'", "{target: {}}", "[CMD]", "true", ".inf");

    @Test
    void cutsSplicesAndOddValuesNeverThrowAnythingElse() throws Exception {
        List<Path> stacks = ComposeCorpusTest.stacks();
        Random random = new Random(11);
        int read = 0;
        int refused = 0;
        for (int round = 0; round < 600; round++) {
            String a = Files.readString(stacks.get(random.nextInt(stacks.size())).resolve("compose.yaml"));
            String b = Files.readString(stacks.get(random.nextInt(stacks.size())).resolve("compose.yaml"));
            String text = switch (round % 3) {
                case 0 -> a.substring(0, random.nextInt(a.length() + 1));
                case 1 -> a.substring(0, random.nextInt(a.length() + 1)) + b.substring(random.nextInt(b.length() + 1));
                default -> replaceAValue(a, SHAPES.get(random.nextInt(SHAPES.size())), random);
            };
            Path f = Files.writeString(dir.resolve("compose.yaml"), text);
            for (boolean network : List.of(false, true)) {
                try {
                    ComposeTesting.load(f, ComposeTesting.context(Map.of(), network, "*"));
                    read++;
                } catch (SourceException e) {
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                    refused++;
                } catch (RuntimeException e) {
                    fail("round " + round + ": " + e + "\n" + text, e);
                }
            }
        }
        assertTrue(read > 100 && refused > 100, read + " read, " + refused + " refused");
    }

    /** The text with the value after one "key: " replaced. */
    private static String replaceAValue(String text, String shape, Random random) {
        String[] lines = text.split("\n", -1);
        for (int tries = 0; tries < 20; tries++) {
            int i = random.nextInt(lines.length);
            int colon = lines[i].indexOf(": ");
            int dash = lines[i].indexOf("- ");
            if (colon > 0) {
                lines[i] = lines[i].substring(0, colon + 2) + shape;
                break;
            } else if (dash >= 0) {
                lines[i] = lines[i].substring(0, dash + 2) + shape;
                break;
            }
        }
        return String.join("\n", lines);
    }
}
