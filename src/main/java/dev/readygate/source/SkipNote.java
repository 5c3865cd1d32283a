package dev.readygate.source;

import dev.readygate.model.Origin;

/**
 * Something a source read but does not turn into a target, e.g. a pass built from per-request
 * variables.
 *
 * @param origin  where it is written
 * @param message one line that names the origin, e.g. {@code skipped proxy_pass http://$host at nginx.conf:6:7: known only per request}
 */
public record SkipNote(Origin origin, String message) {
    @Override
    public String toString() {
        return message;
    }
}
