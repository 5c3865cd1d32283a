package dev.readygate.source.compose;

import dev.readygate.model.Origin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What readygate reads of a Compose project: its services, in file order, each with the origin of what it
 * is derived from. Values are interpolated.
 *
 * @param file     the file as given
 * @param services the services, in file order
 */
public record ComposeProject(String file, List<Service> services) {
    public ComposeProject {
        services = List.copyOf(services);
    }

    /**
     * The names other containers reach each service by on its networks: its name, its {@code container_name}, its
     * network aliases (a service's own name wins over another's alias).
     */
    public Map<String, Service> hostNames() {
        Map<String, Service> out = new java.util.LinkedHashMap<>();
        for (Service s : services) out.put(s.name(), s);
        for (Service s : services) {
            if (s.containerName() != null) out.putIfAbsent(s.containerName(), s);
            s.networks().values().forEach(aliases -> aliases.forEach(a -> out.putIfAbsent(a, s)));
        }
        return out;
    }

    /**
     * One service.
     *
     * @param networkMode {@code network_mode} as written ({@code host}, {@code none}, {@code service:NAME}, ...), or null
     * @param networks    the networks it joins, each with its aliases (no {@code networks:}: the default network)
     * @param environment its {@code environment:} entries (a name without a value: null); env_file is not read
     * @param hostPaths   what it takes from the host's files: the sources of its bind mounts and its build context,
     *                    each resolved against the folder of the file that names it (where an nginx config may be)
     * @param replaced    the keys written with {@code !reset} or {@code !override}: merged into an earlier file's
     *                    service, they replace its value instead of adding to it
     * @param image       its {@code image:}; for a service built without one, the base its Dockerfile builds from
     *                    ({@link Dockerfiles}, with the Dockerfile's line); or null
     * @param containerName its {@code container_name:} (another name the network resolves to it), or null
     * @param environmentOrigins where each {@code environment:} entry is written
     */
    public record Service(String name, Origin origin, List<Port> ports, List<Exposed> expose, Healthcheck healthcheck,
                          List<Dependency> dependsOn, List<String> profiles, String networkMode,
                          Map<String, List<String>> networks, Map<String, String> environment, List<String> envFiles, List<String> hostPaths,
                          Set<String> replaced, Image image, String containerName, Map<String, Origin> environmentOrigins) {
        public Service(String name, Origin origin, List<Port> ports, List<Exposed> expose, Healthcheck healthcheck,
                       List<Dependency> dependsOn, List<String> profiles, String networkMode,
                       Map<String, List<String>> networks, Map<String, String> environment, List<String> envFiles, List<String> hostPaths) {
            this(name, origin, ports, expose, healthcheck, dependsOn, profiles, networkMode, networks, environment, envFiles, hostPaths, Set.of());
        }

        public Service(String name, Origin origin, List<Port> ports, List<Exposed> expose, Healthcheck healthcheck,
                       List<Dependency> dependsOn, List<String> profiles, String networkMode,
                       Map<String, List<String>> networks, Map<String, String> environment, List<String> envFiles, List<String> hostPaths,
                       Set<String> replaced) {
            this(name, origin, ports, expose, healthcheck, dependsOn, profiles, networkMode, networks, environment, envFiles, hostPaths, replaced,
                    null, null, Map.of());
        }

        public Service {
            environmentOrigins = Map.copyOf(environmentOrigins);
            replaced = Set.copyOf(replaced);
            ports = List.copyOf(ports);
            expose = List.copyOf(expose);
            dependsOn = List.copyOf(dependsOn);
            profiles = List.copyOf(profiles);
            hostPaths = List.copyOf(hostPaths);
        }

        /**
         * Whether an environment variable names the port the service's own server listens on: PORT, or NAME_PORT where
         * NAME says the server (SERVER, HTTP, APP, LISTEN, WEB, API: Heroku, Cloud Run, Spring Boot and the like) or is
         * the service's name; not DB_PORT or REDIS_PORT, which are a client's settings.
         */
        public static boolean ownPortVariable(String service, String variable) {
            String n = variable.toUpperCase(java.util.Locale.ROOT);
            if (n.equals("PORT")) return true;
            if (!n.endsWith("_PORT")) return false;
            Set<String> words = Set.of(n.substring(0, n.length() - 5).split("_"));
            String own = service.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            return words.contains(own) || words.stream().anyMatch(w -> Set.of("SERVER", "HTTP", "APP", "LISTEN", "WEB", "API").contains(w));
        }

        /** The same service under another name and origin (the base of an {@code extends:}). */
        public Service named(String newName, Origin newOrigin) {
            return new Service(newName, newOrigin, ports, expose, healthcheck, dependsOn, profiles, networkMode, networks, environment, envFiles,
                    hostPaths, replaced, image, containerName, environmentOrigins);
        }

        /** Whether it runs with these profiles active ({@code *}: all): a service without profiles always does. */
        public boolean enabled(Set<String> active) {
            return profiles.isEmpty() || active.contains("*") || profiles.stream().anyMatch(active::contains);
        }
    }

    /** A service's {@code image:}: the reference as written (interpolated), and where. */
    public record Image(String name, Origin origin) {
    }

    /**
     * One published port: a container port, and the host port it is published on.
     *
     * @param hostIp      the address it is bound to ({@code ""}: every address)
     * @param published   the host port; 0 when the engine picks it at start (not known from the file)
     * @param target      the container port
     * @param protocol    {@code tcp} or {@code udp} (sctp too)
     * @param appProtocol the long form's {@code app_protocol} (e.g. {@code http}), or null
     * @param written     the entry as written, for notes
     */
    public record Port(String hostIp, int published, int target, String protocol, String appProtocol, Origin origin, String written) {
    }

    /**
     * One {@code expose:} port of the container.
     *
     * @param variable the environment variable that set it, for a service that declares no port but sets PORT (or
     *                 the like: {@link Service#ownPortVariable}), else null
     */
    public record Exposed(int port, String protocol, Origin origin, String variable) {
        public Exposed(int port, String protocol, Origin origin) {
            this(port, protocol, origin, null);
        }
    }

    /**
     * A healthcheck.
     *
     * @param test     the command as Compose runs it: {@code [CMD, ...]}, {@code [CMD-SHELL, cmd]}, or {@code [NONE]}; empty when not set
     * @param disabled {@code disable: true} or {@code test: [NONE]}
     * @param http     the URL its curl or wget asks, on the container's own address, or null
     */
    public record Healthcheck(List<String> test, Duration interval, Duration timeout, Integer retries, Duration startPeriod,
                              Duration startInterval, boolean disabled, HttpCheck http, Origin origin) {
    }

    /** The URL of a healthcheck's curl or wget: scheme, container port and path (with its query). */
    public record HttpCheck(String scheme, int port, String path, Origin origin) {
    }

    /** One {@code depends_on} entry; the list form is {@code service_started}, required. */
    public record Dependency(String service, String condition, boolean required, Origin origin) {
    }
}
