package dev.readygate.lint;

import java.util.List;

/**
 * A lint rule over the facts {@code F} of one source (nginx: {@code NginxFacts}; Compose: {@code ComposeFacts}).
 * Rules never open sockets.
 */
public interface Rule<F> {
    /** Stable id, e.g. {@code nginx/read-timeout-too-high}; never reused for another meaning. */
    String id();

    Severity severity();

    /** One line: what the rule looks for. */
    String summary();

    /** One line: how to fix what it finds. */
    String fix();

    List<Finding> check(F facts);
}
