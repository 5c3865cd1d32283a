package dev.readygate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The terminal's width for the live view: COLUMNS, else stty on stderr's terminal, else 0 (then progress lines). */
class CliTerminalTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "120   | 120",
            "' 80' | 80",
            "0     | 0",
            "-5    | 0",
            "wide  | 0",
            "      | 0"})
    void columnsVariable(String value, int width) {
        assertEquals(width, Terminal.columnsVariable(value));
    }

    @Test
    void columnsComeFromTheVariableWhenItIsAWidth() {
        assertEquals(132, Terminal.columns(Map.of("COLUMNS", "132")).getAsInt());
    }

    @Test
    void withoutTheVariableAndWithoutATerminalTheWidthCannotBeTold() {
        // the test JVM's stderr is a pipe or a file, never a terminal: stty is not even asked
        assertEquals(0, Terminal.columns(Map.of()).getAsInt());
        assertEquals(0, Terminal.columns(Map.of("COLUMNS", "abc")).getAsInt());
    }
}
