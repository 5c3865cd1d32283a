package dev.readygate.source.compose;

import dev.readygate.source.compose.ComposeProject.Dependency;
import dev.readygate.source.compose.ComposeProject.Exposed;
import dev.readygate.source.compose.ComposeProject.Healthcheck;
import dev.readygate.source.compose.ComposeProject.Port;
import dev.readygate.source.compose.ComposeProject.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several Compose files read as one project, as {@code docker compose -f a.yaml -f b.yaml} does: a service
 * written again is merged into the first, what readygate reads following the Compose specification's merge
 * rules: {@code ports} and {@code expose} are added to (an entry written twice counts once), {@code depends_on},
 * {@code networks} and {@code environment} are merged by name (the later file wins), {@code profiles} and
 * {@code env_file} are added to, {@code network_mode}, {@code image}, {@code container_name} and each key of {@code healthcheck} are replaced; a key
 * written {@code !reset} (emptied) or {@code !override} (its value alone) replaces the earlier one. Each value
 * keeps the origin of the file it comes from.
 */
final class ComposeMerge {
    private ComposeMerge() {
    }

    static List<Service> merge(List<Service> base, List<Service> over) {
        Map<String, Service> out = new LinkedHashMap<>();
        for (Service s : base) out.put(s.name(), s);
        for (Service s : over) out.merge(s.name(), s, ComposeMerge::service);
        return List.copyOf(out.values());
    }

    static Service service(Service a, Service b) {
        Set<String> r = b.replaced();
        List<Port> ports = new ArrayList<>(r.contains("ports") ? List.of() : a.ports());
        for (Port p : b.ports()) if (ports.stream().noneMatch(q -> samePort(p, q))) ports.add(p);
        List<Exposed> expose = new ArrayList<>(r.contains("expose") ? List.of() : a.expose());
        for (Exposed e : b.expose())
            if (expose.stream().noneMatch(x -> x.port() == e.port() && x.protocol().equals(e.protocol()))) expose.add(e);
        Map<String, Dependency> deps = new LinkedHashMap<>();
        if (!r.contains("depends_on")) for (Dependency d : a.dependsOn()) deps.put(d.service(), d);
        for (Dependency d : b.dependsOn()) deps.put(d.service(), d);
        LinkedHashSet<String> profiles = new LinkedHashSet<>(r.contains("profiles") ? List.of() : a.profiles());
        profiles.addAll(b.profiles());
        Map<String, List<String>> networks = new LinkedHashMap<>(r.contains("networks") ? Map.of() : a.networks());
        networks.putAll(b.networks());
        Map<String, String> environment = new LinkedHashMap<>(r.contains("environment") ? Map.of() : a.environment());
        environment.putAll(b.environment());
        Map<String, dev.readygate.model.Origin> environmentOrigins = new LinkedHashMap<>(r.contains("environment") ? Map.of() : a.environmentOrigins());
        environmentOrigins.putAll(b.environmentOrigins());
        List<String> envFiles = new ArrayList<>(r.contains("env_file") ? List.of() : a.envFiles());
        envFiles.addAll(b.envFiles());
        List<String> hostPaths = new ArrayList<>(a.hostPaths());
        hostPaths.addAll(b.hostPaths());
        Healthcheck health = r.contains("healthcheck") ? b.healthcheck() : healthcheck(a.healthcheck(), b.healthcheck());
        String mode = r.contains("network_mode") || b.networkMode() != null ? b.networkMode() : a.networkMode();
        Set<String> replaced = new java.util.HashSet<>(a.replaced());
        replaced.addAll(r);
        ComposeProject.Image image = r.contains("image") || b.image() != null ? b.image() : a.image();
        String containerName = r.contains("container_name") || b.containerName() != null ? b.containerName() : a.containerName();
        return new Service(a.name(), a.origin(), ports, expose, health, List.copyOf(deps.values()), List.copyOf(profiles), mode, networks,
                environment, envFiles, hostPaths, replaced, image, containerName, environmentOrigins);
    }

    private static boolean samePort(Port p, Port q) {
        return p.hostIp().equals(q.hostIp()) && p.published() == q.published() && p.target() == q.target() && p.protocol().equals(q.protocol());
    }

    private static Healthcheck healthcheck(Healthcheck a, Healthcheck b) {
        if (a == null || b == null) return b == null ? a : b;
        boolean newTest = !b.test().isEmpty();
        return new Healthcheck(newTest ? b.test() : a.test(), or(b.interval(), a.interval()), or(b.timeout(), a.timeout()),
                or(b.retries(), a.retries()), or(b.startPeriod(), a.startPeriod()), or(b.startInterval(), a.startInterval()),
                b.disabled() || (!newTest && a.disabled()), b.disabled() ? null : newTest ? b.http() : a.http(), b.origin());
    }

    private static <T> T or(T later, T earlier) {
        return later != null ? later : earlier;
    }
}
