package dev.readygate.diagnosis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why one attempt found a target not ready: a cause from the closed list, a message saying what
 * happened, a hint saying what to do, and the evidence (ordered; values are String, Number,
 * Boolean, List or Map, and never hold secrets).
 *
 * @param variant distinguishes diagnoses of one cause in the history (e.g. "503" for HTTP_STATUS); may be empty
 * @param permanent overrides the cause's default (e.g. HTTP 404 on a health path is permanent)
 */
public record Diagnosis(Cause cause, String variant, String message, String hint, boolean permanent, Map<String, Object> evidence) {

    public Diagnosis {
        variant = variant == null ? "" : variant;
        hint = hint == null ? cause.hint() : hint;
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public static Diagnosis of(Cause cause, String message) {
        return new Diagnosis(cause, "", message, cause.hint(), cause.permanent(), Map.of());
    }

    public static Builder builder(Cause cause, String message) {
        return new Builder(cause, message);
    }

    /** The key under which the history groups diagnoses. */
    public String key() {
        return variant.isEmpty() ? cause.name() : cause.name() + " " + variant;
    }

    public Phase phase() {
        return cause.phase();
    }

    public Diagnosis withHint(String newHint) {
        return new Diagnosis(cause, variant, message, newHint, permanent, evidence);
    }

    public Diagnosis withEvidence(String name, Object value) {
        Map<String, Object> e = new LinkedHashMap<>(evidence);
        e.put(name, value);
        return new Diagnosis(cause, variant, message, hint, permanent, e);
    }

    /** Fluent construction for probes. */
    public static final class Builder {
        private final Cause cause;
        private final String message;
        private String variant = "";
        private String hint;
        private Boolean permanent;
        private final Map<String, Object> evidence = new LinkedHashMap<>();

        private Builder(Cause cause, String message) {
            this.cause = cause;
            this.message = message;
        }

        public Builder variant(String v) {
            this.variant = v;
            return this;
        }

        public Builder hint(String h) {
            this.hint = h;
            return this;
        }

        public Builder permanent(boolean p) {
            this.permanent = p;
            return this;
        }

        public Builder evidence(String name, Object value) {
            if (value != null) evidence.put(name, value);
            return this;
        }

        public Builder evidence(Map<String, Object> all) {
            all.forEach(this::evidence);
            return this;
        }

        public Diagnosis build() {
            return new Diagnosis(cause, variant, message, hint, permanent == null ? cause.permanent() : permanent, evidence);
        }
    }
}
