package dev.readygate.protocol.http;

/** The phase a hop is in once connected, for telling what a failure means. */
enum Step {
    TLS, SEND, HEAD, BODY
}
