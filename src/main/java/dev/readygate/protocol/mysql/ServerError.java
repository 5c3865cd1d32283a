package dev.readygate.protocol.mysql;

import dev.readygate.base.OneLine;

import java.nio.charset.StandardCharsets;

/**
 * An ERR packet: {@code 0xff}, {@code int<2>} code, then (after the greeting) {@code '#'} and a
 * five-character SQLSTATE, then the message. Before the greeting MySQL sends no SQLSTATE.
 */
record ServerError(int code, String sqlState, String message) {
    static final int MAX_MESSAGE = 300;

    static ServerError parse(byte[] payload) {
        if (payload.length < 3) return new ServerError(0, null, "(an ERR packet without a code)");
        int code = (payload[1] & 0xff) | (payload[2] & 0xff) << 8;
        int at = 3;
        String state = null;
        if (payload.length >= 9 && payload[3] == '#') {
            state = new String(payload, 4, 5, StandardCharsets.US_ASCII);
            at = 9;
        }
        String msg = new String(payload, at, payload.length - at, StandardCharsets.UTF_8);
        msg = OneLine.escape(msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) + "..." : msg);
        return new ServerError(code, state == null ? null : OneLine.escape(state), msg);
    }

    /** "1045 (28000) Access denied ..." as the mysql client shows it. */
    String text() {
        return code + (sqlState == null ? "" : " (" + sqlState + ")") + " " + message;
    }
}
