package dev.readygate.base;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessStartTest {
    /** A stat line: the name in parentheses may hold spaces and ')'; starttime is field 22 (here 12345 ticks). */
    static String stat(String name, long startTicks) {
        return "4242 (" + name + ") S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 " + startTicks + " 1000 10 18446744073709551615\n";
    }

    @Test
    void theAgeIsTheUptimeMinusTheStartRoundedDownByATick() {
        // started at 123.45 s after boot, now 123.80 s: 350 ms, minus one tick (10 ms) so a deadline never ends early
        assertEquals(340_000_000L, ProcessStart.ageNanos(stat("java", 12345), "123.80 456.00\n"));
        assertEquals(340_000_000L, ProcessStart.ageNanos(stat("a) b (c", 12345), "123.80 456.00\n"), "a name with ') ' in it");
    }

    @Test
    void whatDoesNotParseOrIsNotBelievableGivesNoCorrection() {
        assertEquals(0, ProcessStart.ageNanos("garbage", "1.00 1.00"));
        assertEquals(0, ProcessStart.ageNanos(stat("java", 12345), "x"));
        assertEquals(0, ProcessStart.ageNanos(stat("java", 99_999), "123.80 1"), "started after now");
        assertEquals(0, ProcessStart.ageNanos(stat("java", 100), "100000.00 1"), "older than a minute: not the launcher's start");
    }

    @Test
    void thisProcessHasAnAge() {
        long age = ProcessStart.ageNanos();
        assertTrue(age >= 0, Long.toString(age));
    }
}
