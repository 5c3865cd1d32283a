package dev.readygate.wait;

import dev.readygate.diagnosis.Diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The distinct diagnoses of one target, in order of first appearance, with counts and first/last seen. */
public final class History {
    /** One distinct diagnosis; times are milliseconds since the gate started. */
    public record Entry(Diagnosis last, int count, long firstSeenMs, long lastSeenMs) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public synchronized void record(Diagnosis d, long atMs) {
        entries.merge(d.key(), new Entry(d, 1, atMs, atMs),
                (old, now) -> new Entry(d, old.count() + 1, old.firstSeenMs(), atMs));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(new ArrayList<>(entries.values()));
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }
}
