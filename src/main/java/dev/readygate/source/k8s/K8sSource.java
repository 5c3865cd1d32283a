package dev.readygate.source.k8s;

import dev.readygate.config.ConfigException;
import dev.readygate.config.YamlFile;
import dev.readygate.settings.Declaration;
import dev.readygate.source.Loaded;
import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kubernetes manifests: a file of (multi-document) YAML, a folder of them (its subfolders too), or a folder with
 * a {@code kustomization.yaml}, whose {@code resources:} are read (files, and folders with their own
 * kustomization) and whose {@code namespace:} applies to all. Documents of kinds readygate does not read are
 * skipped; a Helm template ({@code {{ }}}) is told as unsupported. Declares what {@link K8sTargets} derives;
 * its facts are the {@link K8sManifests}.
 */
public final class K8sSource implements Source<K8sManifests> {
    static final List<String> KUSTOMIZATIONS = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** At most this many files are read for one --from (a folder of manifests is tens of files). */
    static final int MAX_FILES = 500;
    static final int MAX_DEPTH = 8;
    /** What a Helm template's actions name: the chart's values, release, chart, capabilities, files, or its helpers. */
    private static final Pattern HELM = Pattern.compile("\\{\\{-?[^}]*(?:\\.(?:Values|Release|Chart|Capabilities|Files|Template)\\b|\\binclude\\s+\"|\\btemplate\\s+\")");
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion:\\s*\\S");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*\\S");
    /** Manifests hold certificates and embedded configs, and CRDs nest deep: larger limits than a Compose file's. */
    static final YamlFile.Kind YAML = new YamlFile.Kind("a manifest file is rarely above a few MB", "a manifest needs far fewer levels",
            "a manifest value is an image, a port or an embedded file", 8 << 20, 64, 1 << 20);

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public String reads() {
        return "Kubernetes manifests (a file, a folder, or a kustomization)";
    }

    @Override
    public String nothingToWaitFor() {
        return "nothing to wait for (no readiness probe or Service port a Service selects)";
    }

    @Override
    public boolean recognises(Path path, String head) {
        if (path == null) return head != null && API_VERSION.matcher(head).find() && KIND.matcher(head).find();
        if (Files.isDirectory(path)) {
            if (KUSTOMIZATIONS.stream().anyMatch(k -> Files.isRegularFile(path.resolve(k)))) return true;
            try (Stream<Path> files = Files.list(path)) {
                return files.filter(K8sSource::yamlName).limit(20).anyMatch(f -> {
                    String h = head(f);
                    return h != null && API_VERSION.matcher(h).find() && KIND.matcher(h).find();
                });
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        if (KUSTOMIZATIONS.contains(name)) return true;
        return yamlName(path) && head != null && API_VERSION.matcher(head).find() && KIND.matcher(head).find();
    }

    private static boolean yamlName(Path p) {
        Path f = p.getFileName();
        String n = f == null ? "" : f.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Loaded<K8sManifests> load(String file, InputStream stdin) throws SourceException {
        List<SkipNote> skipped = new ArrayList<>();
        K8sManifests manifests = manifests(file, stdin, skipped);
        List<Declaration> decls = K8sTargets.decls(manifests, skipped::add);
        return new Loaded<>(file, decls, manifests, skipped);
    }

    /** Reads the manifests {@code file} names ({@code -}: stdin, as {@code kubectl apply -f -}). */
    public static K8sManifests manifests(String file, InputStream stdin, List<SkipNote> notes) throws SourceException {
        Reading r = new Reading(notes);
        try {
            if (file.equals("-")) {
                String text = new String(stdin.readNBytes(YAML.maxBytes() + 1), StandardCharsets.UTF_8);
                if (text.length() > YAML.maxBytes()) throw new SourceException("-: more than " + (YAML.maxBytes() >> 20) + " MiB on stdin");
                r.shown.add("-");
                r.text(text, "-", "default", false);
            } else {
                r.path(Path.of(file), "default", false, 0);
            }
        } catch (InvalidPathException e) {
            throw new SourceException(file + ": not a path: " + e.getReason());
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read: " + e.getMessage());
        } catch (ConfigException e) {
            throw new SourceException(e.getMessage());
        }
        if (r.workloads.isEmpty() && r.services.isEmpty() && r.helm != null)
            throw new SourceException(r.helm + ": a Helm template ({{ }}), which readygate does not render; render the chart first:"
                    + " helm template NAME CHART > manifests.yaml, then --from manifests.yaml");
        return new K8sManifests(file, List.copyOf(r.shown), r.workloads, r.services, r.ingresses);
    }

    /** One --from's reading: the files read (each once), and what they declared. */
    private static final class Reading {
        final List<SkipNote> notes;
        final Set<String> files = new LinkedHashSet<>();
        /** The files read, as their paths are shown (relative where given so). */
        final List<String> shown = new ArrayList<>();
        final List<K8sManifests.Workload> workloads = new ArrayList<>();
        final List<K8sManifests.Service> services = new ArrayList<>();
        final List<K8sManifests.Ingress> ingresses = new ArrayList<>();
        String helm;

        Reading(List<SkipNote> notes) {
            this.notes = notes;
        }

        void path(Path path, String namespace, boolean override, int depth) throws SourceException, IOException {
            if (depth > MAX_DEPTH) throw new SourceException(path + ": folders or kustomizations nest more than " + MAX_DEPTH + " deep; check for a loop");
            if (Files.isDirectory(path)) {
                for (String k : KUSTOMIZATIONS) {
                    if (Files.isRegularFile(path.resolve(k))) {
                        kustomization(path.resolve(k), namespace, override, depth);
                        return;
                    }
                }
                List<Path> children;
                try (Stream<Path> s = Files.list(path)) {
                    children = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
                }
                for (Path c : children) {
                    if (Files.isDirectory(c)) path(c, namespace, override, depth + 1);
                    else if (yamlName(c)) file(c, namespace, override);
                }
                return;
            }
            if (!Files.exists(path)) throw new SourceException(path + ": no such file or folder; check the path");
            Path name = path.getFileName();
            if (name != null && KUSTOMIZATIONS.contains(name.toString())) kustomization(path, namespace, override, depth);
            else file(path, namespace, override);
        }

        void file(Path f, String namespace, boolean override) throws SourceException {
            String display = f.toString();
            if (!files.add(f.toAbsolutePath().normalize().toString())) return;
            shown.add(display);
            if (files.size() > MAX_FILES)
                throw new SourceException(display + ": more than " + MAX_FILES + " manifest files; give the folder of one application");
            text(YamlFile.read(f, display, YAML), display, namespace, override);
        }

        void text(String text, String display, String namespace, boolean override) throws SourceException {
            List<Node> documents = null;
            if (text.contains("{{")) {
                // a Helm template names the chart's values (or does not parse); {{ $labels.x }} in a ConfigMap's
                // Prometheus or Alertmanager template is a value like any other
                if (!HELM.matcher(text).find()) {
                    try {
                        documents = YamlFile.composeAll(text, display, YAML);
                    } catch (ConfigException notYaml) {
                        documents = null;
                    }
                }
                if (documents == null) {
                    if (helm == null) helm = display;
                    notes.add(new SkipNote(dev.readygate.model.Origin.file(display, 0, 0), "skipped " + display
                            + ": a Helm template ({{ }}), which readygate does not render (helm template ... > manifests.yaml)"));
                    return;
                }
            }
            K8sReader reader = new K8sReader(display, namespace, override, notes::add);
            reader.read(documents != null ? documents : YamlFile.composeAll(text, display, YAML));
            workloads.addAll(reader.workloads);
            services.addAll(reader.services);
            ingresses.addAll(reader.ingresses);
        }

        void kustomization(Path k, String namespace, boolean override, int depth) throws SourceException, IOException {
            String display = k.toString();
            if (files.add(k.toAbsolutePath().normalize().toString())) shown.add(display);
            Node root = YamlFile.compose(YamlFile.read(k, display, YAML), display, YAML);
            if (!(root instanceof MappingNode m)) throw new SourceException(display + ": a kustomization is a mapping with resources:; check the file");
            String ns = namespace;
            boolean over = override;
            List<Node> resources = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if (key.equals("namespace") && t.getValueNode() instanceof ScalarNode s && !s.getValue().isEmpty() && !override) {
                    ns = s.getValue();
                    over = true;
                }
                if ((key.equals("resources") || key.equals("bases")) && t.getValueNode() instanceof SequenceNode seq) resources.addAll(seq.getValue());
                if (key.equals("components") || key.equals("patches") || key.equals("patchesStrategicMerge") || key.equals("helmCharts"))
                    notes.add(new SkipNote(origin(k, t.getKeyNode()), "skipped " + key + " of " + display + " at " + origin(k, t.getKeyNode())
                            + ": readygate reads resources as written (kustomize build > manifests.yaml for the rendered output)"));
            }
            Path dir = k.getParent() == null ? Path.of("") : k.getParent();
            for (Node r : resources) {
                if (!(r instanceof ScalarNode s)) continue;
                String ref = s.getValue();
                if (ref.contains("://") || ref.startsWith("github.com/") || ref.contains("?ref=")) {
                    notes.add(new SkipNote(origin(k, r), "skipped resource " + ref + " of " + display + " at " + origin(k, r)
                            + ": a remote resource, not read"));
                    continue;
                }
                Path p = dir.resolve(ref).normalize();
                if (!Files.exists(p))
                    throw new SourceException(origin(k, r) + ": resource '" + ref + "' not found (" + p + "); the path is relative to the kustomization's folder");
                path(p, ns, over, depth + 1);
            }
        }

        private static dev.readygate.model.Origin origin(Path file, Node n) {
            return n.getStartMark().map(mk -> dev.readygate.model.Origin.file(file.toString(), mk.getLine() + 1, mk.getColumn() + 1))
                    .orElse(dev.readygate.model.Origin.file(file.toString(), 0, 0));
        }
    }
}
