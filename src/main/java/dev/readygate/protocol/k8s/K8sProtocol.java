package dev.readygate.protocol.k8s;

import dev.readygate.config.ConfigException;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.EndpointlessProtocol;
import dev.readygate.protocol.Watch;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Parsers;
import dev.readygate.settings.SettingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code k8s:KIND/NAMESPACE/NAME} and {@code k8s:pods/NAMESPACE?selector=...}: an object of the Kubernetes API, listed
 * then watched (see {@link Watcher}). Credentials: {@code --kubeconfig} if given, else the pod's service account when
 * KUBERNETES_SERVICE_HOST is set, else KUBECONFIG, else ~/.kube/config.
 */
public final class K8sProtocol implements EndpointlessProtocol {
    public static final String SCHEME = "k8s";
    /** Where a pod's service account token, CA and namespace are mounted. */
    public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** A system property that moves the service account folder (for tests). */
    public static final String SERVICE_ACCOUNT_PROPERTY = "readygate.k8s.serviceaccount";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final String NOTATION = "write k8s:deployment|statefulset|job|service/NAMESPACE/NAME or k8s:pods/NAMESPACE?selector=LABEL%3DVALUE";

    public static final Key<Path> KUBECONFIG = Key.scalar("kubeconfig", Parsers::path).label("FILE").path()
            .help("kubeconfig for k8s: targets (default: the pod's service account, else KUBECONFIG, else ~/.kube/config)").build();
    public static final Key<Integer> MIN_ENDPOINTS = Key.scalar("min-endpoints", v -> Parsers.integer(v, 1, 1_000_000)).label("N")
            .defaultValue(1, "1").help("ready endpoints a k8s:service target needs").build();

    private final Map<String, String> env;
    private final Path serviceAccount;
    private final Path home;
    private final Map<Object, Access> accesses = new ConcurrentHashMap<>();

    /** With this process's environment and the standard service account folder (or the system property's). */
    public K8sProtocol() {
        this(System.getenv(), Path.of(System.getProperty(SERVICE_ACCOUNT_PROPERTY, SERVICE_ACCOUNT_DIR)),
                Path.of(System.getProperty("user.home", ".")));
    }

    /** With this environment (KUBERNETES_SERVICE_HOST/PORT, KUBECONFIG), service account folder and home folder. */
    public K8sProtocol(Map<String, String> env, Path serviceAccount, Path home) {
        this.env = Map.copyOf(env);
        this.serviceAccount = serviceAccount;
        this.home = home;
    }

    @Override
    public String name() {
        return SCHEME;
    }

    @Override
    public List<String[]> forms() {
        return List.of(
                new String[] {"k8s:deployment/NAMESPACE/NAME", "ready when rolled out and available, as kubectl judges"},
                new String[] {"k8s:statefulset/NAMESPACE/NAME", "the same: its pods ready, at the update revision"},
                new String[] {"k8s:job/NAMESPACE/NAME", "ready when complete; a failed Job is permanent"},
                new String[] {"k8s:service/NAMESPACE/NAME", "ready with --min-endpoints ready endpoints"},
                new String[] {"k8s:pods/NAMESPACE?selector=app%3Dapi", "ready when at least one pod matches and all are Ready"});
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(KUBECONFIG, MIN_ENDPOINTS);
    }

    @Override
    public K8sSpec spec(Target target, Layers.View settings) {
        String ssp = target.uri().getRawSchemeSpecificPart();
        String shown = "target '" + target.display() + "': ";
        String query = null;
        int q = ssp == null ? -1 : ssp.indexOf('?');
        if (q >= 0) {
            query = ssp.substring(q + 1);
            ssp = ssp.substring(0, q);
        }
        String[] parts = ssp == null ? new String[0] : ssp.split("/", -1);
        K8sSpec.Kind kind = parts.length == 0 ? null : K8sSpec.Kind.of(parts[0]);
        if (kind == null) throw new SettingException(target.origin(), shown + NOTATION);
        Path kubeconfig = settings.get(KUBECONFIG);
        int min = settings.get(MIN_ENDPOINTS);
        if (kind == K8sSpec.Kind.PODS) {
            if (parts.length != 2 || !NAME.matcher(parts[1]).matches() || query == null || !query.startsWith("selector="))
                throw new SettingException(target.origin(), shown + "write k8s:pods/NAMESPACE?selector=LABEL%3DVALUE (e.g. selector=app%3Dapi)");
            String selector = java.net.URLDecoder.decode(query.substring("selector=".length()), java.nio.charset.StandardCharsets.UTF_8);
            if (selector.isBlank() || selector.length() > 1024)
                throw new SettingException(target.origin(), shown + "the selector is empty or too long; write selector=app%3Dapi");
            return new K8sSpec(kind, parts[1], "", selector, min, kubeconfig);
        }
        if (parts.length != 3 || query != null || !NAME.matcher(parts[1]).matches() || !NAME.matcher(parts[2]).matches())
            throw new SettingException(target.origin(), shown + "write k8s:" + kind.word() + "/NAMESPACE/NAME (lower-case names)");
        return new K8sSpec(kind, parts[1], parts[2], "", min, kubeconfig);
    }

    @Override
    public void preflight(Target target) {
        access(target.spec(K8sSpec.class, null));
    }

    /**
     * The credentials for this spec, loaded once per kubeconfig (the token file is still read for every request).
     *
     * @throws IllegalArgumentException with one line (a broken kubeconfig: FILE:LINE:COL)
     */
    Access access(K8sSpec spec) {
        Path explicit = spec.kubeconfig();
        Object key = explicit != null ? explicit : "default";
        Access known = accesses.get(key);
        if (known != null) return known;
        Access a;
        try {
            if (explicit != null) {
                a = Kubeconfig.read(explicit);
            } else if (env.get("KUBERNETES_SERVICE_HOST") != null && !env.get("KUBERNETES_SERVICE_HOST").isBlank()) {
                a = Access.inCluster(env, serviceAccount);
            } else {
                Path file = defaultKubeconfig();
                if (!Files.isRegularFile(file))
                    throw new IllegalArgumentException("no credentials for the Kubernetes API: not in a pod (KUBERNETES_SERVICE_HOST is not set) and no kubeconfig at "
                            + file + "; pass --kubeconfig FILE");
                a = Kubeconfig.read(file);
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Access raced = accesses.putIfAbsent(key, a);
        return raced != null ? raced : a;
    }

    private Path defaultKubeconfig() {
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String f : list.split(java.io.File.pathSeparator)) if (!f.isBlank()) return Path.of(f); // kubectl merges them; the first is used here
        }
        return home.resolve(".kube").resolve("config");
    }

    /** The spec of a target, whether or not it was planned. */
    private K8sSpec specOf(Target t) {
        K8sSpec s = t.spec(K8sSpec.class, null);
        return s != null ? s : spec(t, Layers.of().forTarget(dev.readygate.settings.Settings.EMPTY));
    }

    /** Credentials that cannot be loaded, as a not-ready result (preflight has already reported them at the start). */
    private static ProbeResult noAccess(IllegalArgumentException e) {
        return ProbeResult.notReady(Diagnosis.builder(Cause.AUTH_FAILED, e.getMessage()).variant("credentials").permanent(true)
                .hint("give readygate a service account token (in a pod) or --kubeconfig FILE").build());
    }

    @Override
    public Probe probe() {
        return (target, timeout) -> {
            K8sSpec spec = specOf(target);
            Access access;
            try {
                access = access(spec);
            } catch (IllegalArgumentException e) {
                return noAccess(e);
            }
            try {
                Api.Listed l = new Api(access, spec).list(timeout);
                if (l.failure() != null) return ProbeResult.notReady(l.failure());
                return Judge.judge(spec, Watcher.items(l.list()).values());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeResult.notReady(Diagnosis.of(Cause.READ_TIMEOUT, "interrupted"));
            }
        };
    }

    @Override
    public Watch watch() {
        return (target, timeout, onState) -> {
            K8sSpec spec = specOf(target);
            Access access;
            try {
                access = access(spec);
            } catch (IllegalArgumentException e) {
                onState.accept(noAccess(e));
                return;
            }
            new Watcher(new Api(access, spec), spec, onState).run(timeout);
        };
    }
}
