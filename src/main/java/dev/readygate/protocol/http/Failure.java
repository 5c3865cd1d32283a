package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;

/** A finding about what the server sent, raised from deep in the parser and turned into a diagnosis. */
final class Failure extends Exception {
    final Cause cause;

    Failure(Cause cause, String message) {
        super(message, null, false, false);
        this.cause = cause;
    }
}
