package dev.readygate.settings;

import java.util.Objects;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;

/**
 * A target as declared by the command line, the environment, a config file or a source (an nginx
 * config), with the settings that are its own.
 *
 * @param name   a name for reports, or null (the redacted URI is used)
 * @param url    the target's notation as written, e.g. {@code tcp://db:5432}
 * @param origin where it was declared
 * @param own    its own settings, above every global layer
 * @param target the target already built by a source from its typed facts, or null when the
 *               notation is to be parsed (command line, environment, config file)
 * @param suggested what its source suggests for it, below every global layer: the command line,
 *                  the environment and the config file's defaults override it (e.g. the statuses
 *                  nginx relays for an upstream probed at /, which --status narrows)
 */
public record Declaration(String name, String url, Origin origin, Settings own, Target target, Settings suggested) {
    public Declaration {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        own = own == null ? Settings.EMPTY : own;
        suggested = suggested == null ? Settings.EMPTY : suggested;
    }

    /** A target written as text, to be parsed by the plan. */
    public Declaration(String name, String url, Origin origin, Settings own) {
        this(name, url, origin, own, null, null);
    }

    /** A target a source built from its facts: nothing is turned back into text to be parsed again. */
    public static Declaration of(Target target, Settings own) {
        return of(target, own, Settings.EMPTY);
    }

    /** {@link #of(Target, Settings)} with the settings its source suggests below the global layers. */
    public static Declaration of(Target target, Settings own, Settings suggested) {
        return new Declaration(null, target.uri().toString(), target.origin(), own, target, suggested);
    }
}
