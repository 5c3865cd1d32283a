package dev.readygate.protocol;

import dev.readygate.diagnosis.Diagnosis;

import java.util.List;
import java.util.Map;

/**
 * The result of one attempt: ready, or not ready with a diagnosis. Warnings are diagnoses that
 * do not block readiness (e.g. a certificate close to expiry).
 *
 * @param evidence facts of a successful attempt (status, timings); never secrets
 */
public record ProbeResult(boolean ready, Diagnosis diagnosis, List<Diagnosis> warnings, Map<String, Object> evidence) {

    public ProbeResult {
        if (!ready && diagnosis == null) throw new IllegalArgumentException("a result that is not ready needs a diagnosis");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }

    public static ProbeResult ready(Map<String, Object> evidence) {
        return new ProbeResult(true, null, List.of(), evidence);
    }

    public static ProbeResult ready(Map<String, Object> evidence, List<Diagnosis> warnings) {
        return new ProbeResult(true, null, warnings, evidence);
    }

    /** The same result with these warnings added. */
    public ProbeResult withWarnings(List<Diagnosis> more) {
        List<Diagnosis> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new ProbeResult(ready, diagnosis, all, evidence);
    }

    public static ProbeResult notReady(Diagnosis diagnosis) {
        return new ProbeResult(false, diagnosis, List.of(), Map.of());
    }

    public static ProbeResult notReady(Diagnosis diagnosis, List<Diagnosis> warnings) {
        return new ProbeResult(false, diagnosis, warnings, Map.of());
    }
}
