package dev.readygate.cli;

import dev.readygate.plan.Plan;

/** Checks that need more than parsing (certificate files load) before any waiting starts. */
final class Preflight {
    private Preflight() {
    }

    static void check(Plan plan) {
        // TLS material is checked here once the HTTP probe lands (TlsContexts.build)
    }
}
