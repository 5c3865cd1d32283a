package dev.readygate.model;

/**
 * What a target's protocol needs to probe it, typed by the protocol module that made it (the HTTP
 * module's spec holds the method, the expected status, TLS options, ...). Immutable.
 */
public interface ProtocolSpec {
}
