package dev.readygate.protocol.wire;

import dev.readygate.diagnosis.Diagnosis;

/**
 * Why an exchange stopped, carried out of a deep read or parse to the probe, which returns it as
 * its result. Not for bugs: a probe never lets it escape.
 */
public final class WireFailure extends Exception {
    private final transient Diagnosis diagnosis;

    public WireFailure(Diagnosis diagnosis) {
        super(diagnosis.message(), null, false, false);
        this.diagnosis = diagnosis;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
