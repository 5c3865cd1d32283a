package dev.readygate.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.readygate.registry.Registry;
import dev.readygate.settings.Place;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestTest {
    private static final List<String> DEFAULTS = Registry.protocols().catalogue().names(Place.DEFAULTS);

    @ParameterizedTest
    @CsvSource({
            "atempt-timeout, attempt-timeout", // one deletion
            "intervall, interval",
            "stable_for, stable-for",
            "exepct-hedaers, expect-headers", // 4 edits, but a third of a long word
            "STATUS, status", // case is ignored
            "attempt, attempt-timeout", // unique prefix
            "successes-count, successes", // a candidate is a prefix of the word
    })
    void suggests(String word, String expected) {
        assertEquals(Optional.of(expected), Suggest.closest(word, DEFAULTS));
    }

    @ParameterizedTest
    @CsvSource({
            "client", // prefix of client-cert and client-key: ambiguous
            "max", // max-interval or max-redirects
            "timeout", // too far from attempt-timeout, not a prefix
            "xyz",
            "b", // too short for a prefix
    })
    void staysQuietWithoutAClearMatch(String word) {
        assertEquals(Optional.empty(), Suggest.closest(word, DEFAULTS));
    }

    @Test
    void shortWordsNeedACloseMatch() {
        assertEquals(Optional.empty(), Suggest.closest("ab", List.of("id", "url")));
        assertEquals(Optional.of("url"), Suggest.closest("ur", List.of("id", "url")));
    }

    @Test
    void levenshtein() {
        assertEquals(3, Suggest.distance("kitten", "sitting"));
        assertEquals(0, Suggest.distance("", ""));
        assertEquals(4, Suggest.distance("", "abcd"));
    }
}
