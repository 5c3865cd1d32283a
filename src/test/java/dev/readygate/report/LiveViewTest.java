package dev.readygate.report;

import dev.readygate.diagnosis.Cause;
import dev.readygate.testing.Targets;
import dev.readygate.wait.PlannedTarget;
import dev.readygate.wait.WaitListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveViewTest {
    /** {R} is red, {D} dim, {0} the reset: colours take no column and a cut inside one resets it; {T} tab, {N} newline. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'short'               | 80 | 'short'",
            "'abcdefghij'          | 11 | 'abcdefghij'",
            "'abcdefghij'          | 10 | 'abcdefghi'",
            "'abcdefghij'          | 4  | 'abc'",
            "'abcdefghij'          | 1  | 'a'",
            "'{R}waiting {0} db:1' | 12 | '{R}waiting {0} db'",
            "'{R}waiting {0} db:1' | 5  | '{R}wait{0}'",
            "'ab{D}cdef{0}'        | 7  | 'ab{D}cdef{0}'",
            "'ab{D}cdef{0}'        | 5  | 'ab{D}cd{0}'",
            "'a{T}b{N}c'           | 80 | 'a b c'",
            "'héllo wörld'         | 6  | 'héllo'"})
    void linesAreFitToTheTerminalsWidth(String line, int columns, String expected) {
        assertEquals(ansi(expected), LiveView.fit(ansi(line), columns));
    }

    @Test
    void everyRedrawFitsTheWidthAskedAtThatRedrawSoAResizeLeavesNoStaleCopy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PlannedTarget db = Targets.planned("tcp://db.internal.example:5432", Targets.policy());
        AtomicInteger columns = new AtomicInteger(60);
        LiveView live = new LiveView(err, new Style(true), List.of(db), columns::get);
        try {
            live.attempt(db, 7, 3_200, Targets.fail(Cause.CONNECTION_REFUSED), WaitListener.State.WAITING);
            live.paint();
            assertLastRedrawIs(bytes, 59);
            columns.set(24);
            live.paint();
            assertLastRedrawIs(bytes, 23);
            columns.set(0); // cannot be told any more: the last known width stays
            live.paint();
            assertLastRedrawIs(bytes, 23);
        } finally {
            live.close();
        }
    }

    /** The last redraw (the painter thread may have drawn too, with the same width) is one line of exactly WIDEST columns. */
    private static void assertLastRedrawIs(ByteArrayOutputStream bytes, int widest) {
        String all = bytes.toString(StandardCharsets.UTF_8);
        String drawn = all.substring(all.lastIndexOf("\r\u001b[2K"));
        String visible = drawn.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "").replace("\n", "");
        assertTrue(drawn.endsWith("\n"), drawn);
        String start = "waiting  tcp://db.internal.example:5432";
        assertTrue(visible.startsWith(start) || start.startsWith(visible), visible);
        assertEquals(widest, visible.codePointCount(0, visible.length()), "the line " + visible);
    }

    private static String ansi(String s) {
        return s.replace("{R}", "\u001b[31m").replace("{D}", "\u001b[2m").replace("{0}", "\u001b[0m").replace("{T}", "\t").replace("{N}", "\n");
    }
}
