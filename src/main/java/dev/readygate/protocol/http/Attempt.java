package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of {@link HttpProbe#probe}: the target and its expectations, the deadline every phase
 * runs under, and what the attempt has learnt so far across its hops: one ordered evidence map
 * and the warnings (problems that do not block readiness).
 */
final class Attempt {
    /** Evidence that describes one hop; cleared when a redirect starts the next one. */
    private static final List<String> HOP_EVIDENCE = List.of("address", "family", "addresses", "connectMs", "tlsMs", "tlsProtocol",
            "cipher", "certificate", "firstByteMs", "status", "headerBytes", "bodyBytes", "bodyTruncated", "bytesReceived");

    final Target target;
    final HttpSpec spec;
    /** The URI the attempt started from (redirects never change it). */
    final URI origin;
    final long start;
    final long deadline;
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private final List<Diagnosis> warnings = new ArrayList<>();

    Attempt(Target target, long start, long deadline) {
        this.target = target;
        this.spec = target.spec(HttpSpec.class, HttpSpec.DEFAULT);
        this.origin = target.uri();
        this.start = start;
        this.deadline = deadline;
    }

    /** Milliseconds since fromNanos (never negative). */
    long ms(long fromNanos) {
        return Math.max(0, (System.nanoTime() - fromNanos) / 1_000_000);
    }

    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** What is left of the budget, rounded up, at least 1. */
    long remainingMs() {
        return Math.max(1, (remainingNanos() + 999_999) / 1_000_000);
    }

    long budgetMs() {
        return (deadline - start) / 1_000_000;
    }

    /** Forgets the evidence of the previous hop. */
    void startHop() {
        HOP_EVIDENCE.forEach(evidence::remove);
    }

    void note(String name, Object value) {
        evidence.put(name, value);
    }

    boolean noted(String name) {
        return evidence.containsKey(name);
    }

    void warn(Diagnosis warning) {
        warnings.add(warning);
    }

    List<Diagnosis> warnings() {
        return warnings;
    }

    /** A diagnosis carrying the attempt's evidence so far (and its total time). */
    Diagnosis.Builder diagnosis(Cause cause, String message) {
        evidence.put("totalMs", ms(start));
        return Diagnosis.builder(cause, message).evidence(evidence);
    }

    /** Another component's diagnosis with the attempt's evidence added where it has none of its own. */
    Diagnosis withEvidence(Diagnosis d) {
        evidence.put("totalMs", ms(start));
        Map<String, Object> all = new LinkedHashMap<>(d.evidence());
        evidence.forEach(all::putIfAbsent);
        return new Diagnosis(d.cause(), d.variant(), d.message(), d.hint(), d.permanent(), all);
    }

    /** The evidence of a ready result. */
    Map<String, Object> finalEvidence() {
        evidence.put("totalMs", ms(start));
        return evidence;
    }
}
