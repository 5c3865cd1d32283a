package dev.readygate.lint;

import dev.readygate.source.nginx.NginxFacts;

import java.util.List;

/** A lint rule over the facts of an nginx config. Rules never open sockets. */
public interface Rule {
    /** Stable id, e.g. {@code nginx/read-timeout-too-high}; never reused for another meaning. */
    String id();

    Severity severity();

    /** One line: what the rule looks for. */
    String summary();

    /** One line: how to fix what it finds. */
    String fix();

    List<Finding> check(NginxFacts facts);
}
