package dev.readygate.source.compose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every interpolation form Compose has, with SET=value, EMPTY= and UNSET not set. */
class ComposeInterpolationTest {
    static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "PORT", "8080");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain                 | plain                 | ''",
            "${SET}                | value                 | ''",
            "$SET                  | value                 | ''",
            "$SET/x                | value/x               | ''",
            "${UNSET}              | ''                    | UNSET",
            "$UNSET                | ''                    | UNSET",
            "${SET:-d}             | value                 | ''",
            "${EMPTY:-d}           | d                     | ''",
            "${UNSET:-d}           | d                     | ''",
            "${SET-d}              | value                 | ''",
            "${EMPTY-d}            | ''                    | ''",
            "${UNSET-d}            | d                     | ''",
            "${SET:+alt}           | alt                   | ''",
            "${EMPTY:+alt}         | ''                    | ''",
            "${UNSET:+alt}         | ''                    | ''",
            "${SET+alt}            | alt                   | ''",
            "${EMPTY+alt}          | alt                   | ''",
            "${UNSET+alt}          | ''                    | ''",
            "${SET:?needed}        | value                 | ''",
            "${SET?needed}         | value                 | ''",
            "${EMPTY?needed}       | ''                    | ''",
            "$$SET                 | $SET                  | ''",
            "$${SET}               | ${SET}                | ''",
            "a $ b $1              | a $ b $1              | ''",
            "${UNSET:-${PORT}}     | 8080                  | ''",
            "${UNSET:-${NOPE:-80}} | 80                    | ''",
            "${PORT:-80}:80        | 8080:80               | ''",
            "${UNSET:-127.0.0.1}:${PORT}:80 | 127.0.0.1:8080:80 | ''",
            "${UNSET:-a:b}         | a:b                   | ''"})
    void forms(String text, String expected, String unset) {
        List<String> told = new ArrayList<>();
        assertEquals(expected, new ComposeInterpolation(ENV, told::add).apply(text));
        assertEquals(unset.isEmpty() ? List.of() : List.of(unset), told);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "${UNSET:?set the port} | required variable UNSET is not set: set the port",
            "${EMPTY:?no}           | required variable EMPTY is empty: no",
            "${UNSET?}              | required variable UNSET is not set",
            "${SET                  | unclosed '${' in an interpolation",
            "${1X}                  | '${1X}' is not a variable reference",
            "${SET!}                | '${SET!}' is not a variable reference"})
    void errors(String text, String what) {
        dev.readygate.config.Interpolation.Failure f = assertThrows(dev.readygate.config.Interpolation.Failure.class,
                () -> new ComposeInterpolation(ENV, n -> { }).apply(text));
        assertEquals(what, f.what);
    }
}
