package dev.readygate.config;

import dev.readygate.model.Origin;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.List;

/** What the readers of YAML files (Compose, Kubernetes manifests) ask of a node: its shape, its place, as a list or a mapping. */
public final class YamlNodes {
    private YamlNodes() {
    }

    /** Makes a reader's one-line error at a node: {@code FILE:LINE:COL: what; fix}. */
    public interface Errors {
        RuntimeException at(Node node, String what, String fix);
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** "a mapping", "a list", "empty" or "a value", for messages. */
    public static String shape(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return isNull(node) ? "empty" : "a value";
    }

    /** The node's place in {@code display} (1-based line and column). */
    public static Origin origin(String display, Node node) {
        return node.getStartMark().map(m -> Origin.file(display, m.getLine() + 1, m.getColumn() + 1)).orElse(Origin.file(display, 0, 0));
    }

    /**
     * A key written twice in one mapping, anywhere under {@code node}, is the error "duplicate key 'K' (first at line
     * N); remove one of them" (Compose and kubectl refuse such a file; the YAML composer keeps both).
     */
    public static void noDuplicateKeys(Node node, Errors errors) {
        if (node instanceof SequenceNode s) for (Node item : s.getValue()) noDuplicateKeys(item, errors);
        if (!(node instanceof MappingNode m)) return;
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (org.snakeyaml.engine.v2.nodes.NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                Integer first = seen.putIfAbsent(k.getValue(), k.getStartMark().map(mk -> mk.getLine() + 1).orElse(0));
                if (first != null) throw errors.at(k, "duplicate key '" + k.getValue() + "' (first at line " + first + ")", "remove one of them");
            }
            noDuplicateKeys(t.getValueNode(), errors);
        }
    }

    /** The items of a list, or the error "WHAT is a mapping, not a list; FIX". */
    public static List<Node> sequence(Node v, String what, String fix, Errors errors) {
        if (!(v instanceof SequenceNode s)) throw errors.at(v, what + " is " + shape(v) + ", not a list", fix);
        return s.getValue();
    }

    /** The node as a mapping, or the error "WHAT is a list, not a mapping; FIX". */
    public static MappingNode mapping(Node v, String what, String fix, Errors errors) {
        if (!(v instanceof MappingNode m)) throw errors.at(v, what + " is " + shape(v) + ", not a mapping", fix);
        return m;
    }
}
