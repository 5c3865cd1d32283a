package dev.readygate.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The evidence of a diagnosis is read-only and its own, however it was made (it is copied once, not at every step). */
class DiagnosisTest {

    @Test
    void evidenceIsReadOnlyAndKeepsItsOrder() {
        Diagnosis d = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence("b", 1).evidence("a", 2).build();
        assertEquals(List.of("b", "a"), List.copyOf(d.evidence().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> d.evidence().put("c", 3));
        assertThrows(UnsupportedOperationException.class, () -> d.evidence().entrySet().iterator().next().setValue(9));
        assertThrows(UnsupportedOperationException.class, () -> d.evidence().keySet().clear());
    }

    @Test
    void aBuilderUsedAfterBuildDoesNotChangeWhatItBuilt() {
        Diagnosis.Builder b = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence("a", 1);
        Diagnosis first = b.build();
        b.evidence("b", 2);
        Diagnosis second = b.build();
        assertEquals(Map.of("a", 1), first.evidence());
        assertEquals(Map.of("a", 1, "b", 2), second.evidence());
    }

    @Test
    void withEvidenceMakesANewDiagnosisAndLeavesTheOldOne() {
        Diagnosis d = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence("a", 1).build();
        Diagnosis more = d.withEvidence("b", 2);
        Diagnosis all = more.withEvidence(Map.of("a", 3, "c", 4));
        assertEquals(Map.of("a", 1), d.evidence());
        assertEquals(Map.of("a", 1, "b", 2), more.evidence());
        assertEquals(Map.of("a", 3, "b", 2, "c", 4), all.evidence());
        assertEquals(List.of("a", "b", "c"), List.copyOf(all.evidence().keySet()));
        assertSame(d, d.withEvidence(Map.of()));
    }

    @Test
    void aMapGivenToTheConstructorIsCopied() {
        Map<String, Object> mine = new LinkedHashMap<>(Map.of("a", 1));
        Diagnosis d = new Diagnosis(Cause.CONNECTION_REFUSED, "", "refused", null, false, mine);
        mine.put("b", 2);
        assertEquals(Map.of("a", 1), d.evidence());
        assertEquals(Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence("a", 1).build().evidence(), d.evidence());
        assertEquals(d.evidence().hashCode(), new HashMap<>(Map.of("a", 1)).hashCode());
    }

    @Test
    void aBuilderStartedFromADiagnosisSkipsNullsAsBefore() {
        Diagnosis withNull = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").build().withEvidence("gone", null);
        Diagnosis rebuilt = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence(withNull.evidence()).evidence("x", 1).build();
        assertFalse(rebuilt.evidence().containsKey("gone"));
        assertNull(rebuilt.evidence().get("gone"));
        assertEquals(Map.of("x", 1), rebuilt.evidence());
        Diagnosis copied = Diagnosis.builder(Cause.CONNECTION_REFUSED, "refused").evidence(withNull.withEvidence("y", 2).evidence()).build();
        assertEquals(Map.of("y", 2), copied.evidence());
    }
}
