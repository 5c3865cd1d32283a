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
        evidence = evidence == null ? Map.of() : evidence instanceof Evidence ? evidence : new Evidence(Evidence.copy(evidence));
    }

    /**
     * The evidence, read-only, in its order. The copies made here (withEvidence, the builder) are
     * wrapped without a second copy: a refused target makes a diagnosis several times a second.
     */
    private static final class Evidence extends java.util.AbstractMap<String, Object> {
        private final LinkedHashMap<String, Object> own;
        private final Map<String, Object> view;

        /** Takes a map no one else holds. */
        Evidence(LinkedHashMap<String, Object> own) {
            this.own = own;
            this.view = Collections.unmodifiableMap(own);
        }

        /** A new map with these entries (straight from the map inside, not through the read-only view). */
        static LinkedHashMap<String, Object> copy(Map<String, Object> evidence) {
            return new LinkedHashMap<>(evidence instanceof Evidence e ? e.own : evidence);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return view.entrySet();
        }

        @Override
        public Object get(Object key) {
            return own.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return own.containsKey(key);
        }

        @Override
        public int size() {
            return own.size();
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            own.forEach(action);
        }
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
        LinkedHashMap<String, Object> e = Evidence.copy(evidence);
        e.put(name, value);
        return new Diagnosis(cause, variant, message, hint, permanent, new Evidence(e));
    }

    /** This diagnosis with more evidence (later names replace earlier ones), in one copy. */
    public Diagnosis withEvidence(Map<String, Object> more) {
        if (more.isEmpty()) return this;
        LinkedHashMap<String, Object> e = Evidence.copy(evidence);
        e.putAll(more instanceof Evidence m ? m.own : more);
        return new Diagnosis(cause, variant, message, hint, permanent, new Evidence(e));
    }

    /** Fluent construction for probes. */
    public static final class Builder {
        private final Cause cause;
        private final String message;
        private String variant = "";
        private String hint;
        private Boolean permanent;
        private LinkedHashMap<String, Object> evidence = new LinkedHashMap<>();
        /** The map went into a built diagnosis: copied before the next change. */
        private boolean shared;

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
            if (value == null) return this;
            if (shared) {
                evidence = new LinkedHashMap<>(evidence);
                shared = false;
            }
            evidence.put(name, value);
            return this;
        }

        public Builder evidence(Map<String, Object> all) {
            if (all.isEmpty()) return this;
            if (evidence.isEmpty() && all instanceof Evidence e && !e.own.containsValue(null)) {
                // a diagnosis's evidence as the start (its map holds no nulls): one copy, no puts one by one
                evidence = Evidence.copy(e);
                shared = false;
                return this;
            }
            all.forEach(this::evidence);
            return this;
        }

        public Diagnosis build() {
            shared = true;
            return new Diagnosis(cause, variant, message, hint, permanent == null ? cause.permanent() : permanent, new Evidence(evidence));
        }
    }
}
