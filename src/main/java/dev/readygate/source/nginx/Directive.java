package dev.readygate.source.nginx;

import dev.readygate.model.Origin;

import java.util.List;

/**
 * One nginx directive: its name, its arguments (quotes removed, escapes resolved, variables
 * kept as written) and, for a block directive, its children. Included files are spliced in
 * place of their {@code include} directive, so children may come from several files; each
 * directive knows its own origin.
 *
 * @param name     the directive name, e.g. {@code proxy_pass}
 * @param args     the arguments after the name
 * @param block    the children of a block directive; null for a simple directive
 * @param rawBody  for an opaque block ({@code *_by_lua_block}): its body as written; else null
 * @param origin   file, line and column of the directive name
 * @param endLine  the line of its ';' or '{' (where nginx reports errors about its arguments)
 */
public record Directive(String name, List<String> args, List<Directive> block, String rawBody, Origin origin, int endLine) {
    public Directive {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    /** A directive whose arguments end on the line it starts on. */
    public Directive(String name, List<String> args, List<Directive> block, String rawBody, Origin origin) {
        this(name, args, block, rawBody, origin, origin.line());
    }

    public boolean isBlock() {
        return block != null;
    }

    /** The i-th argument, or null when there are fewer. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** The children named {@code childName}, in order (empty for a simple directive). */
    public List<Directive> children(String childName) {
        if (block == null) return List.of();
        return block.stream().filter(d -> d.name.equals(childName)).toList();
    }

    @Override
    public String toString() {
        return name + (args.isEmpty() ? "" : " " + String.join(" ", args)) + (block == null ? ";" : " {...}") + " @" + origin;
    }
}
