package dev.readygate.protocol;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.List;

/**
 * One kind of target: its URI schemes and default ports, its own settings, how a target and its
 * settings become the typed spec its probe reads, and the probe (or a watch). Registered once in
 * {@code registry.Registry}; everything else (the CLI options, config keys, environment names,
 * "supported schemes" texts and --help) is derived from there.
 */
public interface Protocol {
    /** A short name, e.g. {@code http}. */
    String name();

    /** The lower-case URI schemes, e.g. {@code http, https}. */
    List<String> schemes();

    /** The port a target of this scheme gets when it names none; 0 when it must name one. */
    int defaultPort(String scheme);

    /**
     * Whether its targets are a host and port to dial. A protocol whose targets name something
     * else ({@code k8s:deployment/NAMESPACE/NAME}, {@code file:...}) says false: its targets
     * keep their URI as written and have no endpoint, and its {@link #spec} reads the URI
     * (throwing a {@link dev.readygate.settings.SettingException} at the target's origin when it
     * cannot).
     */
    default boolean hasEndpoint() {
        return true;
    }

    /** One {notation, what ready means} pair per form, for --help, e.g. {"tcp://HOST:PORT", "ready when ..."}. */
    List<String[]> forms();

    /** The protocol's own settings (options, config keys and environment variables for its targets only). */
    List<Key<?>> settings();

    /**
     * Why a target written in a notation of this protocol that one endpoint cannot carry (a
     * MongoDB seed list {@code mongodb://a:1,b:2/}, {@code mongodb+srv://}) is not taken, or null.
     * Asked of every protocol before the target is parsed, so it answers for its own notations only.
     *
     * @param text the target as written (may hold a password: never echo it unredacted)
     * @return a one-line message that says how to write it instead, or null
     */
    default String refusal(String text) {
        return null;
    }

    /**
     * For a notation of this protocol with several hosts (a MongoDB seed list
     * {@code mongodb://a:1,b:2/?replicaSet=rs}): the same text with only its first host, whose
     * address becomes the target's endpoint; null for a one-host notation (or another protocol's).
     * The target keeps the text as written as its URI, so the protocol's {@link #spec} reads every
     * host from {@code target.uri().getRawAuthority()}.
     */
    default String firstHostOnly(String text) {
        return null;
    }

    /**
     * Checks what the notation of a target may not hold for this protocol (e.g. a tcp target has
     * no path), before its settings are read.
     *
     * @param shown the target as error messages show it ({@code target '...'}, secrets redacted)
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    default void checkTarget(TargetAddress address, String shown) {
    }

    /**
     * The typed spec of one target from the settings it sees.
     *
     * @throws dev.readygate.settings.SettingException for a combination of settings that cannot work
     *                                                   (see {@link Layers.View#bad})
     */
    ProtocolSpec spec(Target target, Layers.View settings);

    /**
     * Checks that need more than parsing (certificate and key files load), before waiting starts.
     *
     * @throws IllegalArgumentException with a one-line message
     */
    default void preflight(Target target) {
    }

    /** Looks at a target once. */
    Probe probe();

    /** A long-lived observation that reports each change of state, or null when the protocol only probes. */
    default Watch watch() {
        return null;
    }
}
