package dev.readygate.config;

import dev.readygate.base.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reading a YAML file readygate is given (its config file, a Compose file) under one set of limits:
 * at most {@value #MAX_BYTES} bytes of UTF-8, a regular file, nesting at most {@value #MAX_DEPTH} deep,
 * scalars at most {@value Interpolation#MAX_VALUE} characters, at most {@value #MAX_COLLECTION_ALIASES}
 * aliases to lists or mappings, no repeated keys. Anchors, aliases and merge keys ({@code <<}) work.
 * Every error is a one-line {@link ConfigException}: {@code FILE[:LINE:COL]: what is wrong; how to fix}.
 */
public final class YamlFile {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 20;
    static final int MAX_COLLECTION_ALIASES = 50;
    /** Longest scalar, as written and after interpolation. */
    public static final int MAX_VALUE = Interpolation.MAX_VALUE;

    /**
     * What the file is, for the hints of the limits' messages.
     *
     * @param size  after "the file is larger than 1 MiB; ", e.g. {@code a readygate config is a few KB}
     * @param depth after "nested more than 20 deep; ", e.g. {@code a readygate config needs 4 levels}
     * @param value after "longer than 8192 characters (readygate's limit); ", e.g. {@code a value is a URL ...}
     */
    public record Kind(String size, String depth, String value, int maxBytes, int maxDepth, int maxValue) {
        /** With the limits of a readygate config and a Compose file: 1 MiB, 20 levels, values of 8192 characters. */
        public Kind(String size, String depth, String value) {
            this(size, depth, value, MAX_BYTES, MAX_DEPTH, MAX_VALUE);
        }
    }

    private YamlFile() {
    }

    /** The text of {@code file} (a byte order mark dropped), refused when it is no regular file, too large or not UTF-8. */
    public static String read(Path file, String display, Kind kind) {
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file))
            // opening a FIFO blocks until a writer comes, and a device never ends: refuse before opening
            throw new ConfigException(display + ": not a regular file (a FIFO, device or socket); readygate reads only regular files");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(kind.maxBytes() + 1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(display + ": no such file; check the path");
        } catch (AccessDeniedException e) {
            throw new ConfigException(display + ": cannot read the file (permission denied); check its permissions");
        } catch (IOException e) {
            throw new ConfigException(display + ": cannot read the file (" + e.getClass().getSimpleName()
                    + "); check that it is a readable file");
        }
        if (bytes.length > kind.maxBytes())
            throw new ConfigException(display + ": the file is larger than " + kind.maxBytes() / (1 << 20) + " MiB; " + kind.size()
                    + ", check that this is the right file");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(display + ": the file is not UTF-8 text; save it as UTF-8");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The document's root node (null for an empty document), every node marked with {@code display}, line and column. */
    public static Node compose(String text, String display, Kind kind) {
        return parse(text, display, kind, settings -> new Compose(settings).composeString(text).orElse(null));
    }

    /** Every document of a multi-document stream ({@code ---} between them), empty documents left out. */
    public static java.util.List<Node> composeAll(String text, String display, Kind kind) {
        return parse(text, display, kind, settings -> {
            java.util.List<Node> out = new java.util.ArrayList<>();
            for (Node n : new Compose(settings).composeAllFromString(text)) if (n != null) out.add(n);
            return out;
        });
    }

    private static <T> T parse(String text, String display, Kind kind, java.util.function.Function<LoadSettings, T> composer) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(display)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(kind.maxBytes())
                .build();
        try {
            guard(settings, text, display, kind);
            return composer.apply(settings);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = OneLine.collapse(e.getProblem() != null ? e.getProblem() : e.getContext());
            String context = e.getProblem() != null && e.getContext() != null && !e.getContext().isBlank()
                    ? " (" + OneLine.collapse(e.getContext()) + ")" : "";
            throw new ConfigException(position(display, mark) + ": invalid YAML: " + problem + context
                    + "; check the indentation, quotes and brackets here");
        } catch (YamlEngineException e) {
            throw new ConfigException(display + ": invalid YAML: " + OneLine.collapse(e.getMessage())
                    + "; check the indentation, quotes and brackets");
        }
    }

    /**
     * Walks the event stream (the parser is not recursive, the composer is) to stop deep nesting
     * and alias bombs with a position, before the composer builds any node.
     */
    private static void guard(LoadSettings settings, String text, String display, Kind kind) {
        int depth = 0;
        int aliases = 0;
        Set<Anchor> collections = new HashSet<>();
        for (Event event : new Parse(settings).parseString(text)) {
            if (event instanceof CollectionStartEvent start) {
                if (++depth > kind.maxDepth())
                    throw new ConfigException(position(display, event.getStartMark()) + ": lists and mappings are nested more than "
                            + kind.maxDepth() + " deep; " + kind.depth() + ", check the brackets and indentation");
                start.getAnchor().ifPresent(collections::add);
            } else if (event.getEventId() == Event.ID.MappingEnd || event.getEventId() == Event.ID.SequenceEnd) {
                depth--;
            } else if (event instanceof ScalarEvent scalar) {
                if (scalar.getValue().length() > kind.maxValue())
                    throw new ConfigException(position(display, event.getStartMark()) + ": a value is longer than " + kind.maxValue()
                            + " characters (readygate's limit); " + kind.value() + ": check the quotes here");
                scalar.getAnchor().ifPresent(collections::remove);
            } else if (event instanceof AliasEvent alias && collections.contains(alias.getAlias())
                    && ++aliases > MAX_COLLECTION_ALIASES) {
                throw new ConfigException(position(display, event.getStartMark()) + ": more than " + MAX_COLLECTION_ALIASES
                        + " aliases to lists or mappings (a YAML alias bomb?); write the values out instead of using so many aliases");
            }
        }
    }

    /** {@code FILE:LINE:COL} (1-based) of a mark, or the file alone. */
    public static String position(String display, Optional<Mark> mark) {
        return mark.map(m -> display + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(display);
    }
}
