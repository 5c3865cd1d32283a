package dev.readygate.protocol.k8s;

/** The RBAC rule a target needs, written as the Role (and RoleBinding) that grants it. */
final class Rbac {
    private static final String PREFIX = "system:serviceaccount:";

    private Rbac() {
    }

    /** The smallest Role that lets readygate wait for the target: get, list and watch on its resource in its namespace. */
    static String role(K8sSpec spec) {
        return "{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: readygate-wait, namespace: " + spec.namespace()
                + "}, rules: [{apiGroups: [\"" + spec.kind().group() + "\"], resources: [" + spec.kind().resource() + "], verbs: [get, list, watch]}]}";
    }

    /** The hint of a 403: the Role, and how to bind it to the user the API server named. */
    static String hint(K8sSpec spec, String user) {
        String bind;
        if (user != null && user.startsWith(PREFIX) && user.split(":").length == 4) {
            String[] p = user.split(":");
            bind = "kubectl create rolebinding readygate-wait -n " + spec.namespace() + " --role=readygate-wait --serviceaccount=" + p[2] + ":" + p[3];
        } else {
            bind = "kubectl create rolebinding readygate-wait -n " + spec.namespace() + " --role=readygate-wait --user=" + (user == null ? "USER" : user);
        }
        return "add this Role: " + role(spec) + " and bind it: " + bind;
    }
}
