package dev.readygate.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The registered sources, in order, and the choice of one for a file by its name and content. */
public final class Sources {
    /** How much of a file (or of stdin) a source sees to recognise it. */
    public static final int HEAD_BYTES = 8192;

    private final List<Source<?>> all;

    public Sources(List<Source<?>> sources) {
        this.all = List.copyOf(sources);
        if (all.stream().map(Source::name).distinct().count() != all.size())
            throw new IllegalStateException("a source name is registered twice");
    }

    public List<Source<?>> all() {
        return all;
    }

    /** What the sources read, for errors and help: {@code nginx configs (...); Compose files (...)}. */
    public String reads() {
        return String.join("; ", all.stream().map(Source::reads).toList());
    }

    /** A source chosen for a file, and the stream it reads for {@code -} (stdin with the bytes looked at put back). */
    public record Picked(Source<?> source, InputStream stdin) {
        public Picked {
            Objects.requireNonNull(source, "source");
        }

        public Loaded<?> load(String file) throws SourceException {
            return load(file, Source.Context.NONE);
        }

        public Loaded<?> load(String file, Source.Context context) throws SourceException {
            return source.load(file, stdin, context);
        }
    }

    /** Picks the source for {@code file} and reads it. */
    public Loaded<?> load(String file, InputStream stdin) throws SourceException {
        return pick(file, stdin).load(file);
    }

    /** Picks the source for {@code file} and reads it with the environment and the run's settings. */
    public Loaded<?> load(String file, InputStream stdin, Source.Context context) throws SourceException {
        return pick(file, stdin).load(file, context);
    }

    /**
     * The first source that recognises {@code file} ({@code -}: stdin) by name and first text.
     *
     * @throws SourceException when none does (naming what is read), or when the file can be neither read nor recognised by name
     */
    public Picked pick(String file, InputStream stdin) throws SourceException {
        Path path = null;
        String head = null;
        String unreadable = null;
        InputStream in = stdin;
        if ("-".equals(file)) {
            byte[] first;
            try {
                first = stdin.readNBytes(HEAD_BYTES);
            } catch (IOException e) {
                throw new SourceException(file + ": cannot read: " + e.getMessage());
            }
            head = new String(first, StandardCharsets.UTF_8);
            in = new SequenceInputStream(new ByteArrayInputStream(first), stdin);
        } else {
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                throw new SourceException(file + ": not a path: " + e.getReason());
            }
            if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
                // opening a FIFO blocks until a writer comes, and a device never ends: refuse before opening
                throw new SourceException(file + ": not a regular file (a FIFO, device or socket); readygate reads only regular files (or - for stdin)");
            }
            if (!Files.isDirectory(path)) {
                try (InputStream s = Files.newInputStream(path)) {
                    head = new String(s.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    unreadable = "no such file; check the path";
                } catch (AccessDeniedException e) {
                    unreadable = "cannot read the file (permission denied); check its permissions";
                } catch (IOException e) {
                    unreadable = "cannot read: " + e.getMessage();
                }
            }
        }
        for (Source<?> s : all) if (s.recognises(path, head)) return new Picked(s, in);
        if (unreadable != null) throw new SourceException(file + ": " + unreadable);
        throw new SourceException(file + ": not a file readygate can read targets from; --from reads: " + reads());
    }
}
