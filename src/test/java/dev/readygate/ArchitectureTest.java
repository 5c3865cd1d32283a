package dev.readygate;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.cycle_detection.Cycle;
import com.tngtech.archunit.library.cycle_detection.CycleDetector;
import com.tngtech.archunit.library.cycle_detection.Edge;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The package structure of the main code (not the tests): the top-level packages below
 * dev.readygate ("slices": protocol.http belongs to protocol, source.nginx to source) depend on
 * each other without cycles; the root package holds only Main; no package is called target.
 *
 * <p>ArchUnit reads bytecode, where javac has already inlined compile-time constants (a
 * {@code static final int} such as an exit code): a package that uses only such constants of
 * another is invisible there. {@link #sourceReferencesMakeNoCyclesEither()} therefore also reads
 * the names src/main/java refers to.
 */
class ArchitectureTest {
    static final String ROOT = "dev.readygate";
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    /** The main sources, relative to the project directory (where Maven runs the tests). */
    static final Path MAIN_SOURCES = Path.of("src/main/java/dev/readygate");

    @Test
    void slicesAreFreeOfCycles() {
        ArchRule rule = slices().matching(ROOT + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
        EvaluationResult result = rule.evaluate(MAIN);
        if (result.hasViolation()) {
            SliceGraph graph = SliceGraph.ofBytecode(MAIN);
            fail(graph.describe(graph.cycles(), "package cycles between the slices " + ROOT + ".(*)..") + "\nArchUnit's report:\n" + result.getFailureReport());
        }
    }

    @Test
    void sourceReferencesMakeNoCyclesEither() {
        SliceGraph all = SliceGraph.ofBytecode(MAIN).addSources(MAIN_SOURCES);
        List<List<Link>> hidden = all.cycles().stream().filter(c -> c.stream().anyMatch(all::sourceOnly)).toList();
        assertTrue(hidden.isEmpty(), () -> all.describe(hidden, "package cycles that only the sources show (a link marked [source only]"
                + " names nothing the bytecode keeps, e.g. a compile-time constant javac inlined), so the ArchUnit rule cannot see them"));
    }

    @Test
    void theRootPackageHoldsOnlyMain() {
        classes().that().resideInAPackage(ROOT)
                .should().haveNameMatching(Pattern.quote(ROOT + ".Main") + "(\\$.*)?")
                .because("every class belongs to a slice below " + ROOT + ", so the slice rules see it")
                .check(MAIN);
    }

    @Test
    void noPackageIsNamedTarget() {
        noClasses().should().resideInAPackage("..target..")
                .because("'target' is Maven's build folder (ignored by git and cleaned by mvn clean); the target types live in " + ROOT + ".model")
                .check(MAIN);
    }

    /** A dependency between two slices. */
    record Link(String from, String to) implements Edge<String>, Comparable<Link> {
        @Override
        public String getOrigin() {
            return from;
        }

        @Override
        public String getTarget() {
            return to;
        }

        @Override
        public int compareTo(Link o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    /** Dependencies between slices, each with the places that make it, and the elementary cycles among them. */
    static final class SliceGraph {
        private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "\\.([a-z]\\w*)\\b[\\w.]*");
        /** Comments, string and character literals (text blocks first): removed before looking for references. */
        private static final Pattern NOT_CODE = Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");
        private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
        private static final int REASONS_SHOWN = 3;

        private final Map<Link, Set<String>> reasons = new TreeMap<>();
        private final Set<Link> inBytecode = new TreeSet<>();

        /** The slice of a package: its first name below the root; null for the root and for other packages. */
        static String slice(String pkg) {
            if (!pkg.startsWith(ROOT + ".")) return null;
            String rest = pkg.substring(ROOT.length() + 1);
            int dot = rest.indexOf('.');
            return dot < 0 ? rest : rest.substring(0, dot);
        }

        static SliceGraph ofBytecode(JavaClasses classes) {
            SliceGraph g = new SliceGraph();
            for (JavaClass c : classes) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    g.add(slice(d.getOriginClass().getPackageName()), slice(d.getTargetClass().getPackageName()), d.getDescription(), true);
                }
            }
            return g;
        }

        /**
         * Adds the links that only the sources show: what each file names (imports and qualified names in code;
         * comments and literals do not count) where the bytecode has no dependency between the two slices.
         */
        SliceGraph addSources(Path dir) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertTrue(files.size() > 10, "main sources not found at " + dir.toAbsolutePath());
            for (Path f : files) {
                String code;
                try {
                    code = NOT_CODE.matcher(Files.readString(f)).replaceAll(m -> " " + m.group().replaceAll("[^\n]", ""));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Matcher pkg = PACKAGE.matcher(code);
                if (!pkg.find()) continue;
                String from = slice(pkg.group(1));
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (m.start() >= pkg.start() && m.end() <= pkg.end()) continue;
                    long line = code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    add(from, m.group(1), f.getFileName() + ":" + line + " names " + m.group().replaceAll("\\.+$", ""), false);
                }
            }
            return this;
        }

        private void add(String from, String to, String reason, boolean bytecode) {
            if (from == null || to == null || from.equals(to)) return;
            Link link = new Link(from, to);
            if (!bytecode && inBytecode.contains(link)) return;
            reasons.computeIfAbsent(link, k -> new TreeSet<>()).add(reason);
            if (bytecode) inBytecode.add(link);
        }

        Set<Link> links() {
            return reasons.keySet();
        }

        /** Only the sources show this link: the bytecode has no dependency behind it. */
        boolean sourceOnly(Link link) {
            return !inBytecode.contains(link);
        }

        /** Every elementary cycle, each starting at its alphabetically first slice, in order. */
        List<List<Link>> cycles() {
            Set<String> nodes = new TreeSet<>();
            links().forEach(l -> {
                nodes.add(l.from());
                nodes.add(l.to());
            });
            List<List<Link>> out = new ArrayList<>();
            for (Cycle<Link> c : CycleDetector.detectCycles(nodes, links())) {
                List<Link> edges = c.getEdges();
                int first = 0;
                for (int i = 1; i < edges.size(); i++) if (edges.get(i).from().compareTo(edges.get(first).from()) < 0) first = i;
                List<Link> rotated = new ArrayList<>(edges.subList(first, edges.size()));
                rotated.addAll(edges.subList(0, first));
                out.add(List.copyOf(rotated));
            }
            out.sort((a, b) -> path(a).compareTo(path(b)));
            return out;
        }

        static String path(List<Link> cycle) {
            StringBuilder sb = new StringBuilder(cycle.get(0).from());
            cycle.forEach(l -> sb.append(" -> ").append(l.to()));
            return sb.toString();
        }

        /** The cycles, one line each, then each link they use with up to three places that make it. */
        String describe(List<List<Link>> cycles, String what) {
            StringBuilder sb = new StringBuilder(cycles.size() + " " + what + ":\n");
            Set<Link> used = new TreeSet<>();
            for (int i = 0; i < cycles.size(); i++) {
                sb.append("  ").append(i + 1).append(". ").append(path(cycles.get(i))).append('\n');
                used.addAll(cycles.get(i));
            }
            sb.append("made by:\n");
            for (Link l : used) {
                Set<String> why = reasons.get(l);
                sb.append("  ").append(l).append(sourceOnly(l) ? " [source only]" : "").append(":\n");
                why.stream().limit(REASONS_SHOWN).forEach(r -> sb.append("      ").append(r).append('\n'));
                if (why.size() > REASONS_SHOWN) sb.append("      (").append(why.size() - REASONS_SHOWN).append(" more)\n");
            }
            return sb.toString();
        }
    }
}
