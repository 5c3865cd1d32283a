package dev.readygate.protocol.compose;

import dev.readygate.base.Durations;
import dev.readygate.base.JsonValues;
import dev.readygate.protocol.compose.Containers.Container;

import java.time.Duration;
import java.util.List;

/**
 * The containers of the project, as one {@code docker compose ps --all --format json} saw them, shared by every
 * {@code compose:SERVICE} target: an attempt takes the last snapshot when it is younger than {@link #FRESH_NANOS}, waits
 * for the one under way, or runs a new one (one at a time). So a round of attempts over many services costs one ps, not
 * one per service. Without {@code --all} ps hides exited containers, and a one-shot service would vanish.
 */
public final class Snapshots {
    /** How long a snapshot answers for the state of the containers. */
    static final long FRESH_NANOS = 250_000_000L;
    /**
     * An attempt with less time than this (the last one before the deadline, clipped) takes the last snapshot, however
     * old, rather than a ps it would kill: the report then says what the containers were doing, not that ps was cut.
     */
    static final long SHORT_NANOS = 500_000_000L;
    static final List<String> PS = List.of("ps", "--all", "--format", "json");

    private final DockerCompose docker;
    private Snapshot last;
    private long takenAt;
    private boolean running;

    public Snapshots(DockerCompose docker) {
        this.docker = docker;
    }

    public DockerCompose docker() {
        return docker;
    }

    /**
     * What one ps said.
     *
     * @param containers the containers listed (empty when it failed)
     * @param error      why there is no list (ps failed, timed out, printed no JSON), or null
     */
    public record Snapshot(List<Container> containers, String error) {
        public Snapshot {
            containers = List.copyOf(containers);
        }
    }

    /** A snapshot no older than {@link #FRESH_NANOS}, within the budget (a ps past it is killed and said). */
    public Snapshot get(Duration budget) {
        long start = System.nanoTime();
        long end = start + Math.max(1, budget.toNanos());
        synchronized (this) {
            while (true) {
                if (last != null && (System.nanoTime() - takenAt < FRESH_NANOS || budget.toNanos() < SHORT_NANOS)) return last;
                if (!running) break;
                long left = end - System.nanoTime();
                if (left <= 0) return new Snapshot(List.of(), docker.shown(PS) + " did not answer within " + Durations.format(budget));
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Snapshot(List.of(), "interrupted");
                }
            }
            running = true;
        }
        long began = System.nanoTime();
        Snapshot s = null;
        try {
            s = take(Duration.ofNanos(Math.max(1, end - began)));
            return s;
        } finally {
            synchronized (this) {
                running = false;
                if (s != null && s.error() == null) {
                    last = s;
                    takenAt = began;
                }
                notifyAll();
            }
        }
    }

    private Snapshot take(Duration budget) {
        DockerCompose.Result r = docker.capture(PS, budget);
        String shown = docker.shown(PS);
        if (r.failure() != null) return new Snapshot(List.of(), "cannot run " + shown + ": " + r.failure());
        if (r.timedOut()) return new Snapshot(List.of(), shown + " did not answer within " + Durations.format(budget));
        if (r.exit() != 0)
            return new Snapshot(List.of(), shown + " failed (exit " + r.exit() + ")" + (r.lastErrLine().isEmpty() ? "" : ": " + r.lastErrLine()));
        if (r.truncated()) return new Snapshot(List.of(), shown + " printed more than " + DockerCompose.MAX_CAPTURE / (1 << 20) + " MiB");
        try {
            return new Snapshot(r.out().isBlank() ? List.of() : Containers.parse(r.out()), null);
        } catch (JsonValues.JsonException e) {
            return new Snapshot(List.of(), shown + " printed " + e.getMessage());
        }
    }
}
