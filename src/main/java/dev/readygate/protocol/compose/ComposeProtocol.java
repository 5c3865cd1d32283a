package dev.readygate.protocol.compose;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.EndpointlessProtocol;
import dev.readygate.protocol.compose.Containers.Container;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.SettingException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code compose:SERVICE}: the containers of a Compose service, as {@code docker compose ps --all --format json} reports
 * them (one shared {@link Snapshots} per project). A target without an endpoint. A container is ready when it runs and
 * its healthcheck passes (or it has none), or when it has exited 0: a one-shot service (migrations, seeders) is done,
 * unlike for {@code docker compose up --wait}. One that exited with another code is a permanent failure; no container,
 * created, restarting, paused, a healthcheck starting or unhealthy: not ready yet. The service is ready when every one
 * of its containers is.
 *
 * <p>Registered for {@code wait compose:SERVICE} (docker compose of the current folder, as COMPOSE_FILE and
 * COMPOSE_PROJECT_NAME say); {@code readygate compose up} replaces it by one bound to its project's options.
 */
public final class ComposeProtocol implements EndpointlessProtocol {
    public static final String SCHEME = "compose";
    private static final Pattern SERVICE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    /** The service a target names. */
    public record Spec(String service) implements ProtocolSpec {
    }

    private volatile Snapshots snapshots;

    /** docker compose of the current folder, with readygate's environment (looked up at the first attempt). */
    public ComposeProtocol() {
        this.snapshots = null;
    }

    /** The containers of the project these snapshots list. */
    public ComposeProtocol(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public String name() {
        return SCHEME;
    }

    @Override
    public List<String[]> forms() {
        return List.<String[]>of(new String[] {"compose:SERVICE", "ready when its containers run healthy, or exited 0"});
    }

    @Override
    public List<Key<?>> settings() {
        return List.of();
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View settings) {
        return new Spec(service(target));
    }

    /** The service of {@code compose:SERVICE}. */
    static String service(Target target) {
        String ssp = target.uri().getSchemeSpecificPart();
        if (ssp == null || !SERVICE.matcher(ssp).matches())
            throw new SettingException(target.origin(), "target '" + target.display() + "': write compose:SERVICE, a service name of the "
                    + "Compose project (letters, digits, '_', '.', '-')");
        return ssp;
    }

    @Override
    public Probe probe() {
        return (target, timeout) -> {
            Snapshots s = snapshots;
            if (s == null) {
                s = new Snapshots(DockerCompose.of(System.getenv(), List.of()));
                snapshots = s;
            }
            String service = target.spec(Spec.class, null) != null ? target.spec(Spec.class, null).service()
                    : target.uri().getSchemeSpecificPart();
            return judge(service, s.get(timeout), s.docker());
        };
    }

    /** Whether the service is ready by this snapshot, and why not. */
    static ProbeResult judge(String service, Snapshots.Snapshot snapshot, DockerCompose docker) {
        if (snapshot.error() != null)
            return ProbeResult.notReady(Diagnosis.builder(Cause.COMPOSE_ERROR, snapshot.error()).build());
        List<Container> mine = new ArrayList<>();
        for (Container c : snapshot.containers()) if (c.service().equals(service) && !c.oneOff()) mine.add(c);
        if (mine.isEmpty()) {
            return ProbeResult.notReady(Diagnosis.builder(Cause.CONTAINER_NOT_RUNNING, "service " + service + " has no container ("
                            + docker.shown(Snapshots.PS) + " lists none)")
                    .variant("no container")
                    .hint("compose creates it at up: check up's output, the service's name and profiles, and docker compose ps --all").build());
        }
        Diagnosis worst = null;
        List<Object> seen = new ArrayList<>();
        for (Container c : mine) {
            seen.add(evidence(c));
            Diagnosis d = diagnose(c, service);
            if (d != null && (worst == null || d.permanent() && !worst.permanent())) worst = d;
        }
        if (worst != null) {
            Diagnosis w = worst;
            return ProbeResult.notReady(w.withEvidence("containers", seen));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("containers", seen);
        return ProbeResult.ready(evidence);
    }

    /** Why this container is not ready, or null when it is (running and healthy or without healthcheck, or exited 0). */
    static Diagnosis diagnose(Container c, String service) {
        String status = c.status().isEmpty() ? "" : " (" + c.status() + ")";
        switch (c.state()) {
            case "running" -> {
                if (c.health().isEmpty() || c.health().equals("healthy")) return null;
                String which = c.health().equals("unhealthy") ? "fails" : c.health().equals("starting") ? "has not passed yet" : "is " + c.health();
                return Diagnosis.builder(Cause.HEALTHCHECK, "container " + c.name() + " runs, but its healthcheck " + which
                        + (status.isEmpty() ? " (health: " + c.health() + ")" : status)).variant(c.health()).build();
            }
            case "exited" -> {
                if (c.exitCode() == 0) return null; // a one-shot service that is done
                return Diagnosis.builder(Cause.CONTAINER_EXITED, "container " + c.name() + " exited with code " + c.exitCode() + status)
                        .variant(String.valueOf(c.exitCode()))
                        .hint("the container stopped with an error: its log (docker compose logs " + service + ") usually says why; fix it and run up again")
                        .build();
            }
            case "dead" -> {
                return Diagnosis.builder(Cause.CONTAINER_NOT_RUNNING, "container " + c.name() + " is dead (the engine could not stop or remove it)" + status)
                        .variant("dead").permanent(true).hint("remove it (docker compose down) and run up again").build();
            }
            default -> {
                String state = c.state().isEmpty() ? "in no known state" : c.state();
                String why = switch (c.state()) {
                    case "created" -> "created, not started (waiting for a dependency?)";
                    case "restarting" -> "restarting (it exited and its restart policy starts it again: a crash loop?)";
                    case "paused" -> "paused (docker compose unpause " + service + ")";
                    default -> state;
                };
                return Diagnosis.builder(Cause.CONTAINER_NOT_RUNNING, "container " + c.name() + " is " + why + status)
                        .variant(c.state().isEmpty() ? "unknown" : c.state()).build();
            }
        }
    }

    private static Map<String, Object> evidence(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("state", c.state());
        if (!c.health().isEmpty()) m.put("health", c.health());
        if (c.state().equals("exited")) m.put("exitCode", c.exitCode());
        if (!c.status().isEmpty()) m.put("status", c.status());
        return m;
    }
}
