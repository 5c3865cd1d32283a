package dev.readygate.source.compose;

/** A Compose file that cannot be read: one line, {@code FILE:LINE:COL: what is wrong; how to fix}. */
final class ComposeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ComposeException(String message) {
        super(message, null, false, false);
    }
}
