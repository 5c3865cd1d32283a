package dev.readygate.protocol.k8s;

import dev.readygate.model.ProtocolSpec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One {@code k8s:} target: what to list and watch, and how to judge it.
 *
 * @param kind         deployment, statefulset, job, service or pods
 * @param namespace    the namespace
 * @param name         the object's name (empty for pods)
 * @param selector     the label selector of pods (empty for the other kinds)
 * @param minEndpoints ready endpoints a service needs
 * @param kubeconfig   the kubeconfig file --kubeconfig names, or null (in-cluster, then KUBECONFIG, then ~/.kube/config)
 */
public record K8sSpec(Kind kind, String namespace, String name, String selector, int minEndpoints, Path kubeconfig) implements ProtocolSpec {

    /** The kinds of target, with the API resource each lists and watches. */
    public enum Kind {
        DEPLOYMENT("deployment", "apps", "v1", "deployments"),
        STATEFULSET("statefulset", "apps", "v1", "statefulsets"),
        JOB("job", "batch", "v1", "jobs"),
        SERVICE("service", "discovery.k8s.io", "v1", "endpointslices"),
        PODS("pods", "", "v1", "pods");

        final String word;
        final String group;
        final String version;
        final String resource;

        Kind(String word, String group, String version, String resource) {
            this.word = word;
            this.group = group;
            this.version = version;
            this.resource = resource;
        }

        static Kind of(String word) {
            for (Kind k : values()) if (k.word.equals(word)) return k;
            return null;
        }

        /** The word of the target's notation, e.g. {@code deployment}. */
        public String word() {
            return word;
        }

        /** The API group ({@code ""} for the core group), as an RBAC rule names it. */
        public String group() {
            return group;
        }

        /** The resource, as an RBAC rule names it. */
        public String resource() {
            return resource;
        }
    }

    /** The path of the collection to list and watch, e.g. {@code /apis/apps/v1/namespaces/default/deployments}. */
    String collectionPath() {
        String root = kind.group.isEmpty() ? "/api/" + kind.version : "/apis/" + kind.group + "/" + kind.version;
        return root + "/namespaces/" + namespace + "/" + kind.resource;
    }

    /** The query that narrows the collection to this target: a field selector on the name, or a label selector. */
    String narrowing() {
        return switch (kind) {
            case PODS -> "labelSelector=" + encode(selector);
            case SERVICE -> "labelSelector=" + encode("kubernetes.io/service-name=" + name);
            default -> "fieldSelector=" + encode("metadata.name=" + name);
        };
    }

    /** How messages name the target, e.g. {@code deployment default/api} or {@code pods in default with app=api}. */
    String shown() {
        return kind == Kind.PODS ? "pods in " + namespace + " with " + selector : kind.word + " " + namespace + "/" + name;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
