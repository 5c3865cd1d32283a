package dev.readygate.source;

import dev.readygate.settings.Layers;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a file or folder (or stdin, written {@code -}) into target declarations and facts, each
 * with its origin. Reading is static: a source never opens a socket. Sources are registered in
 * {@code registry.Registry.sources()}, which picks one for {@code wait --from} by file name and
 * content.
 *
 * @param <F> the facts the source derives (for nginx, {@code NginxFacts}), for commands that read them
 */
public interface Source<F> {
    /** A short name, e.g. {@code nginx}. */
    String name();

    /** One line: what it reads, for errors and help, e.g. {@code nginx configs (nginx.conf, *.conf, or 'nginx -T' output with -)}. */
    String reads();

    /** What wait --from says of a file that declares no target, after the file's name, e.g. {@code no upstream to wait for (...)}. */
    default String nothingToWaitFor() {
        return "nothing to wait for";
    }

    /**
     * Whether this source reads the input, judged by its name and its first text; never throws.
     *
     * @param path the file or folder as given; null for stdin
     * @param head the first text of the file or of stdin (at most {@link Sources#HEAD_BYTES}, UTF-8), or
     *             null when there is none to look at (a folder, a file that cannot be read)
     */
    boolean recognises(Path path, String head);

    /**
     * Reads the declarations, facts and skip notes.
     *
     * @param file  the path as given, or {@code -} for stdin
     * @param stdin what {@code -} reads; not touched for a path
     * @throws SourceException for input the source cannot read: one line, {@code FILE:LINE: message} where there is a line
     */
    Loaded<F> load(String file, InputStream stdin) throws SourceException;

    /**
     * What a source may read besides its file: the process's environment (Compose interpolates from it) and the
     * run's settings (e.g. {@code --profile}, {@code --network}), each read through its key.
     */
    record Context(Map<String, String> env, Layers settings) {
        public static final Context NONE = new Context(Map.of(), Layers.of());

        public Context {
            env = Map.copyOf(Objects.requireNonNull(env, "env"));
            Objects.requireNonNull(settings, "settings");
        }
    }

    /** {@link #load(String, InputStream)} with the environment and the run's settings; sources that need neither keep the default. */
    default Loaded<F> load(String file, InputStream stdin, Context context) throws SourceException {
        return load(file, stdin);
    }
}
