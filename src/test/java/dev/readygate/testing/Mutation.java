package dev.readygate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A correct set of files copied with one value changed: the mutation tests of the lint rules. */
public final class Mutation {
    private Mutation() {
    }

    /**
     * Copies {@code files} (relative paths) from {@code from} to {@code to}, with {@code old} replaced by {@code now} in
     * {@code file}; {@code old} must be written there exactly once, so the test changes what it means to.
     */
    public static Path copy(Path from, Path to, List<String> files, String file, String old, String now) throws IOException {
        for (String f : files) {
            Files.createDirectories(to.resolve(f).toAbsolutePath().getParent());
            String text = Files.readString(from.resolve(f));
            if (f.equals(file)) {
                assertEquals(1, text.split(Pattern.quote(old), -1).length - 1, old + " once in " + f);
                text = text.replace(old, now);
            }
            Files.writeString(to.resolve(f), text);
        }
        return to;
    }
}
