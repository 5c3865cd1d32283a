package dev.readygate.base;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"250ms,250", "7d,604800000", "2s,2000", "1.5s,1500", "1m,60000", "1m30s,90000", "2h,7200000", "0s,0"})
    void parses(String text, long ms) {
        assertEquals(Duration.ofMillis(ms), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2     | '2' has no unit; write e.g. 2s or 2ms",
            "2 sec | '2 sec' is not a duration; write e.g. 250ms, 2s, 1m30s",
            "-1s   | '-1s' is not a duration; write e.g. 250ms, 2s, 1m30s",
            "1w    | '1w' is not a duration; write e.g. 250ms, 2s, 1m30s"})
    void rejects(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"250,250ms", "2000,2s", "1500,1.5s", "90000,1m30s"})
    void formats(long ms, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(ms)));
    }
}
