package dev.readygate.source;

import dev.readygate.net.LocalExplain;
import dev.readygate.settings.Declaration;

import java.util.List;
import java.util.Objects;

/**
 * What a source read from one file.
 *
 * @param file         the file as given ({@code -} for stdin)
 * @param declarations the targets it declares, each with its own typed settings and origin
 * @param facts        the source's own facts (for nginx, {@code NginxFacts})
 * @param skipped      what it could not turn into a target, one note each
 * @param own          listeners that belong to what the file configures (a proxy's own listen
 *                     addresses), never offered as "did you mean" for its targets
 */
public record Loaded<F>(String file, List<Declaration> declarations, F facts, List<SkipNote> skipped, LocalExplain.Exclusions own) {
    public Loaded {
        Objects.requireNonNull(file, "file");
        declarations = List.copyOf(declarations);
        skipped = List.copyOf(skipped);
        own = own == null ? LocalExplain.Exclusions.NONE : own;
    }

    public Loaded(String file, List<Declaration> declarations, F facts, List<SkipNote> skipped) {
        this(file, declarations, facts, skipped, LocalExplain.Exclusions.NONE);
    }
}
