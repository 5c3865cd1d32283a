package dev.readygate.protocol.compose;

import dev.readygate.base.JsonValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The containers {@code docker compose ps --all --format json} lists: one JSON object per line since Compose v2.21, one
 * JSON array before; both are read. The fields used are those of Compose's ContainerSummary (cmd/formatter/container.go):
 * {@code Name}, {@code Service}, {@code State}, {@code Health}, {@code ExitCode}, {@code Status}, {@code Labels},
 * {@code Publishers}.
 */
public final class Containers {
    private Containers() {
    }

    /**
     * One container.
     *
     * @param state      created, running, paused, restarting, removing, exited or dead
     * @param health     "", starting, healthy or unhealthy
     * @param status     what docker says in words ({@code Up 3 seconds (health: starting)}, {@code Exited (1) 2 seconds ago})
     * @param publishers the ports it publishes on the host
     */
    public record Container(String name, String service, String state, String health, int exitCode, String status, boolean oneOff,
                            List<Publisher> publishers) {
        public Container {
            publishers = List.copyOf(publishers);
        }
    }

    /** A published port: {@code URL} is the address it is bound to ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}). */
    public record Publisher(String url, int targetPort, int publishedPort, String protocol) {
    }

    /** The containers of the output, or an exception saying what is wrong with it in one line. */
    public static List<Container> parse(String output) throws JsonValues.JsonException {
        List<Container> out = new ArrayList<>();
        for (Object v : JsonValues.all(output)) {
            if (v instanceof List<?> array) {
                for (Object o : array) out.add(container(o));
            } else {
                out.add(container(v));
            }
        }
        return out;
    }

    private static Container container(Object v) throws JsonValues.JsonException {
        if (!(v instanceof Map<?, ?>)) throw new JsonValues.JsonException("not a container: " + JsonValues.text(v, "a list"));
        Map<String, Object> m = JsonValues.map(v);
        List<Publisher> publishers = new ArrayList<>();
        for (Object p : JsonValues.list(m.get("Publishers"))) {
            Map<String, Object> pm = JsonValues.map(p);
            publishers.add(new Publisher(JsonValues.text(pm.get("URL"), ""), number(pm.get("TargetPort")), number(pm.get("PublishedPort")),
                    JsonValues.text(pm.get("Protocol"), "tcp")));
        }
        // `docker compose run` containers are listed with --all too; they are not the service's
        String labels = m.get("Labels") instanceof Map<?, ?> lm ? String.valueOf(lm.get("com.docker.compose.oneoff")) : JsonValues.text(m.get("Labels"), "");
        boolean oneOff = labels.equals("True") || labels.contains("com.docker.compose.oneoff=True");
        return new Container(JsonValues.text(m.get("Name"), "?"), JsonValues.text(m.get("Service"), ""),
                JsonValues.text(m.get("State"), "").toLowerCase(java.util.Locale.ROOT), JsonValues.text(m.get("Health"), "").toLowerCase(java.util.Locale.ROOT),
                number(m.get("ExitCode")), JsonValues.text(m.get("Status"), ""), oneOff, publishers);
    }

    private static int number(Object v) {
        if (v instanceof Number n) return n.intValue();
        try {
            return v == null ? 0 : Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
