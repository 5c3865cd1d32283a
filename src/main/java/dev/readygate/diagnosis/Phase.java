package dev.readygate.diagnosis;

/** The phase of an attempt in which it failed. */
public enum Phase {
    RESOLVE, CONNECT, TLS, EXCHANGE, VALIDATE, PROTOCOL, STABILITY;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
