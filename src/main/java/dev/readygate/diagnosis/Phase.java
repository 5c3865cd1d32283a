package dev.readygate.diagnosis;

/** The phase of an attempt in which it failed. */
public enum Phase {
    RESOLVE, CONNECT, TLS, EXCHANGE, VALIDATE, PROTOCOL,
    /** the state of a target's containers, as its orchestrator reports it (docker compose ps) */
    CONTAINER,
    STABILITY;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
