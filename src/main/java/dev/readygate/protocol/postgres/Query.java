package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A simple Query ('Q') after a login, read through to ReadyForQuery: the first column of the first row, or the error. */
final class Query {
    private static final int MAX_MESSAGES = 1_000;

    /** @param value the first column of the first row as text ({@code t}/{@code f} for a boolean), null when NULL or no row */
    record Result(String value, Map<Character, String> error) {
    }

    private Query() {
    }

    static Result run(WireConnection c, String sql) throws WireFailure {
        c.write(Wire.query(sql), "sending the query");
        String value = null;
        boolean row = false;
        Map<Character, String> error = null;
        for (int i = 0; i < MAX_MESSAGES; i++) {
            Wire.Message m = Wire.read(c, "the answer to the query");
            switch (m.type()) {
                case 'D' -> {
                    if (!row) value = firstColumn(m.body());
                    row = true;
                }
                case 'E' -> error = Wire.fields(m.body());
                case 'Z' -> {
                    return new Result(value, error);
                }
                default -> {
                    // RowDescription, CommandComplete, notices, parameter changes: nothing to read
                }
            }
        }
        throw new WireFailure(c.diagnosis(Cause.PROTOCOL_ERROR, c.address() + " answered a one-row query with more than " + MAX_MESSAGES + " messages")
                .hint("this is not a PostgreSQL server as readygate knows it: check the port").build());
    }

    /**
     * A string literal of {@code text} that means the same whatever standard_conforming_strings
     * says: an escape string {@code E'...'} with quotes and backslashes doubled.
     */
    static String literal(String text) {
        StringBuilder sb = new StringBuilder("E'");
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '\\') sb.append(ch);
            sb.append(ch);
        }
        return sb.append('\'').toString();
    }

    private static String firstColumn(byte[] body) {
        if (body.length < 6) return null;
        int columns = (body[0] & 0xff) << 8 | (body[1] & 0xff);
        int len = Wire.int32(body, 2);
        if (columns < 1 || len < 0 || len > body.length - 6) return null;
        return new String(body, 6, len, StandardCharsets.UTF_8);
    }
}
