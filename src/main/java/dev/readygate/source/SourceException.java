package dev.readygate.source;

/** Input a source cannot read, or that no source reads. The message is one line ({@code FILE:LINE: message} where there is a line). */
public final class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message, null, false, false);
    }
}
