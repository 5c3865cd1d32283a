package dev.readygate.source.k8s;

import dev.readygate.model.Origin;

import java.util.List;
import java.util.Map;

/**
 * What readygate reads of a set of Kubernetes manifests: the workloads' Pod templates, the Services and the
 * Ingresses, each with the origin (file:line:col) of what it is derived from. Documents of other kinds are
 * left out.
 *
 * @param main  what was given (a file, a folder, or {@code -})
 * @param files the files read, in the order read
 */
public record K8sManifests(String main, List<String> files, List<Workload> workloads, List<Service> services, List<Ingress> ingresses) {
    public K8sManifests {
        files = List.copyOf(files);
        workloads = List.copyOf(workloads);
        services = List.copyOf(services);
        ingresses = List.copyOf(ingresses);
    }

    /**
     * A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod: its Pod template.
     *
     * @param labels                        the Pod template's labels (a Service selects the pods by them)
     * @param terminationGracePeriodSeconds as written, or null (Kubernetes' default is 30)
     */
    public record Workload(String kind, String name, String namespace, Origin origin, Map<String, String> labels,
                           List<Container> containers, List<Container> initContainers, Integer terminationGracePeriodSeconds) {
        public Workload {
            labels = Map.copyOf(labels);
            containers = List.copyOf(containers);
            initContainers = List.copyOf(initContainers);
        }

        /** {@code Deployment/web}, for messages. */
        public String id() {
            return kind + "/" + name;
        }
    }

    /**
     * One container.
     *
     * @param command   its command and args, as written (empty when neither is set)
     * @param preStop   its lifecycle.preStop handler, or null
     * @param requests  whether resources.requests is set; {@code limits} the same for resources.limits
     */
    public record Container(String name, String image, Origin origin, List<ContainerPort> ports, Probe readiness, Probe liveness,
                            Probe startup, Handler preStop, boolean requests, boolean limits, List<String> command) {
        public Container {
            ports = List.copyOf(ports);
            command = List.copyOf(command);
        }
    }

    /** A container port: {@code containerPort}, its optional name and protocol. */
    public record ContainerPort(String name, int port, String protocol, Origin origin) {
    }

    /**
     * A port as a probe or a Service's targetPort names it: a number, or the name of a container port.
     *
     * @param number the port, or 0 when it is a name
     */
    public record PortRef(int number, String name) {
        public boolean named() {
            return name != null;
        }

        @Override
        public String toString() {
            return named() ? "'" + name + "'" : String.valueOf(number);
        }
    }

    /**
     * A probe (readiness, liveness or startup).
     *
     * @param type    httpGet, tcpSocket, grpc or exec
     * @param port    the port it asks (null for exec)
     * @param scheme  HTTP or HTTPS (httpGet)
     * @param path    the path (httpGet), "/" when not written
     * @param command the command (exec)
 * @param headers its httpHeaders, each {@code Name: value} (httpGet)
     * @param timeoutSeconds, periodSeconds, failureThreshold, initialDelaySeconds as written, or null (Kubernetes'
     *                defaults: 1, 10, 3, 0)
     */
    public record Probe(String type, PortRef port, String scheme, String path, List<String> command, Integer timeoutSeconds,
                        Integer periodSeconds, Integer failureThreshold, Integer initialDelaySeconds, Origin origin, String written,
                        List<String> headers) {
        public Probe {
            command = List.copyOf(command);
            headers = List.copyOf(headers);
        }
    }

    /** A lifecycle handler: exec (with its command), sleep (its seconds), httpGet or tcpSocket. */
    public record Handler(String type, List<String> command, Integer sleepSeconds, Origin origin) {
        public Handler {
            command = List.copyOf(command);
        }
    }

    /**
     * A Service.
     *
     * @param selector empty for a Service without one (its endpoints are managed by hand, or ExternalName)
     */
    public record Service(String name, String namespace, Origin origin, String type, Map<String, String> selector, List<ServicePort> ports) {
        public Service {
            selector = Map.copyOf(selector);
            ports = List.copyOf(ports);
        }

        /** Whether it selects the pods of a template with these labels. */
        public boolean selects(Map<String, String> labels) {
            return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /** A Service port: {@code port}, {@code targetPort} (as written, or the port itself), name and protocol. */
    public record ServicePort(String name, int port, PortRef targetPort, String protocol, Origin origin) {
    }

    /** An Ingress, with its backends. */
    public record Ingress(String name, String namespace, Origin origin, List<Backend> backends) {
        public Ingress {
            backends = List.copyOf(backends);
        }
    }

    /** An Ingress backend: a Service and its port, by number or name. */
    public record Backend(String service, PortRef port, String path, Origin origin) {
    }
}
