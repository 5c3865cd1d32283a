package dev.readygate.testing;

import java.nio.file.Path;

/**
 * The real-world configuration files tests read, copied into the repository with their licences
 * (see src/test/resources/corpus/README.md). The path is relative to the project directory, where
 * Maven runs the tests, so paths derived from it stay relative (as a user would pass them).
 */
public final class Corpus {
    public static final Path ROOT = Path.of("src/test/resources/corpus");

    private Corpus() {
    }

    /** The Compose stacks of the corpus: each folder of compose/ that holds a compose.yaml, in name order. */
    public static java.util.List<Path> composeStacks() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(of("compose"))) {
            return s.filter(p -> java.nio.file.Files.isRegularFile(p.resolve("compose.yaml"))).sorted().toList();
        }
    }

    /** A file or folder of the corpus, e.g. {@code "nginx/h5bp/nginx.conf"}. */
    public static Path of(String relative) {
        return ROOT.resolve(relative);
    }
}
