package dev.readygate.protocol.k8s;

import static dev.readygate.base.JsonValues.list;
import static dev.readygate.base.JsonValues.map;
import static dev.readygate.base.JsonValues.text;

import dev.readygate.base.JsonValues;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.ProbeResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One watch of a target: list (the objects and the resourceVersion), then watch from that version, each event applied to
 * the objects and the target judged again, a change of verdict reported at once. A BOOKMARK moves the version on; a 410
 * Gone (an ERROR event holding a Status, or the HTTP status) lists afresh; a watch the server closes is opened again from
 * the last version. Returns by the timeout, or with a not-ready result the waiter retries after its backoff (an answer
 * other than 200, an unreachable server).
 */
final class Watcher {
    /** A watch that ends sooner than this is reopened after a short pause, so a server that closes at once costs no busy loop. */
    static final long QUICK_END_NANOS = 1_000_000_000L;
    static final long PAUSE_MILLIS = 100;
    /**
     * A watch silent this long is taken for a dead connection and opened again: the server ends a watch after the
     * timeoutSeconds asked for, and sends bookmarks meanwhile.
     */
    static final long SILENT_NANOS = (Api.MAX_WATCH_SECONDS + 30) * 1_000_000_000L;

    private final Api api;
    private final K8sSpec spec;
    private final Consumer<ProbeResult> onState;
    private ProbeResult last;

    Watcher(Api api, K8sSpec spec, Consumer<ProbeResult> onState) {
        this.api = api;
        this.spec = spec;
        this.onState = onState;
    }

    /** The items of a list by namespace/name. */
    static Map<String, Map<String, Object>> items(Map<String, Object> list) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : list(list.get("items"))) out.put(key(map(o)), map(o));
        return out;
    }

    private static String key(Map<String, Object> o) {
        Map<String, Object> m = map(o.get("metadata"));
        return text(m.get("namespace"), "") + "/" + text(m.get("name"), "");
    }

    void run(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        Map<String, Map<String, Object>> objects = null;
        String version = null;
        while (System.nanoTime() < end) {
            if (objects == null) {
                Api.Listed l = api.list(left(end));
                if (l.failure() != null) {
                    report(ProbeResult.notReady(l.failure()));
                    return;
                }
                objects = items(l.list());
                version = l.resourceVersion();
                report(Judge.judge(spec, objects.values()));
            }
            long opened = System.nanoTime();
            Api.Opened w = api.watch(version, left(end));
            if (w.failure() != null) {
                if (w.failure().evidence().get("status") instanceof Integer code && code == 410) {
                    objects = null; // the version is too old: list afresh
                    pauseIfQuick(opened, end);
                    continue;
                }
                report(ProbeResult.notReady(w.failure()));
                return;
            }
            try (Lines lines = w.lines()) {
                while (true) {
                    String line = lines.next(Math.min(end - System.nanoTime(), SILENT_NANOS));
                    if (line == null) break; // the server closed the watch, it went silent, or the deadline came
                    Map<String, Object> event;
                    try {
                        event = map(JsonValues.one(line));
                    } catch (JsonValues.JsonException e) {
                        report(ProbeResult.notReady(Diagnosis.builder(Cause.PROTOCOL_ERROR, "a watch event of " + spec.shown() + " is not JSON ("
                                + e.getMessage() + ")").build()));
                        return;
                    }
                    String type = text(event.get("type"), "");
                    Map<String, Object> object = map(event.get("object"));
                    String rv = text(map(object.get("metadata")).get("resourceVersion"), null);
                    switch (type) {
                        case "ADDED", "MODIFIED" -> objects.put(key(object), object);
                        case "DELETED" -> objects.remove(key(object));
                        case "BOOKMARK" -> {
                        }
                        case "ERROR" -> {
                            long code = object.get("code") instanceof Number n ? n.longValue() : 0;
                            if (code == 410) {
                                objects = null;
                                version = null;
                            } else {
                                report(ProbeResult.notReady(api.status((int) code, "{\"message\":" + quote(text(object.get("message"), "")) + "}", "watch")));
                                return;
                            }
                        }
                        default -> {
                            report(ProbeResult.notReady(Diagnosis.builder(Cause.PROTOCOL_ERROR, "a watch event of " + spec.shown()
                                    + " has an unknown type '" + dev.readygate.base.OneLine.escape(type.length() > 40 ? type.substring(0, 40) : type) + "'").build()));
                            return;
                        }
                    }
                    if (objects == null) break;
                    if (rv != null) version = rv;
                    if (!type.equals("BOOKMARK")) report(Judge.judge(spec, objects.values()));
                }
                if (lines.error() != null && objects != null && !lines.error().startsWith("the connection broke")) {
                    report(ProbeResult.notReady(Diagnosis.builder(Cause.PROTOCOL_ERROR, "the watch of " + spec.shown() + " ended: " + lines.error()).build()));
                    return;
                }
            }
            pauseIfQuick(opened, end);
        }
    }

    /** After a watch that ended (or was refused with 410) soon after it was opened, a short pause: no busy loop against such a server. */
    private static void pauseIfQuick(long opened, long end) throws InterruptedException {
        long now = System.nanoTime();
        if (now - opened < QUICK_END_NANOS && now < end) Thread.sleep(Math.max(1, Math.min(PAUSE_MILLIS, (end - now) / 1_000_000)));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(' ');
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static Duration left(long end) {
        return Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime()));
    }

    /** Reports a state when it differs from the last one reported (readiness, cause, message). */
    private void report(ProbeResult r) {
        if (last != null && last.ready() == r.ready() && (r.ready() || Objects.equals(last.diagnosis().key(), r.diagnosis().key())
                && Objects.equals(last.diagnosis().message(), r.diagnosis().message()))) return;
        last = r;
        onState.accept(r);
    }
}
