package dev.readygate.testing;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the GitHub Actions runner, for one composite action (an action.yml with
 * {@code runs.using: composite}): it runs the {@code run:} steps with bash as the runner does
 * ({@code bash --noprofile --norc -eo pipefail SCRIPT}, in GITHUB_WORKSPACE), substitutes
 * {@code ${{ }}} expressions into scripts, {@code env:} and {@code with:} before a step runs (as
 * GitHub does: so an expression in a script would be an injection this runner reproduces),
 * evaluates {@code if:}, reads each step's GITHUB_OUTPUT, GITHUB_ENV and GITHUB_PATH files, and
 * hands {@code uses:} steps to stand-ins the test registers. An expression it does not know is an
 * error, never a silent empty string.
 */
public final class ActionRunner {
    /** A stand-in for a {@code uses:} action: gets the evaluated {@code with:}, returns its outputs. */
    public interface Uses {
        Map<String, String> run(Map<String, String> with, Job job) throws Exception;
    }

    /** A post-job action (actions/cache saving), run after the steps when they all succeeded. */
    public interface Post {
        void run() throws Exception;
    }

    /** What a step or a stand-in can change for the steps after it. */
    public static final class Job {
        final Map<String, String> env = new LinkedHashMap<>();
        final List<String> pathAdds = new ArrayList<>();
        final List<Post> posts = new ArrayList<>();

        public void exportVariable(String name, String value) {
            env.put(name, value);
        }

        public void addPath(String dir) {
            pathAdds.add(0, dir);
        }

        public void postOnSuccess(Post post) {
            posts.add(0, post);
        }
    }

    /** One run of the action. */
    public record Result(int exitCode, String failedStep, Map<String, String> outputs, Map<String, Map<String, String>> steps, List<String> ran,
                         String stdout, String stderr, String summary) {
        /** The workflow-command annotations (::error, ::warning, ::notice lines) the steps printed. */
        public List<String> annotations() {
            return stdout.lines().filter(l -> l.startsWith("::error") || l.startsWith("::warning") || l.startsWith("::notice")).toList();
        }

        public String log() {
            return "exit " + exitCode + (failedStep == null ? "" : " (step " + failedStep + ")") + ", steps run: " + ran + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
                    + "--- outputs " + steps;
        }
    }

    private final Path actionPath;
    private final Map<String, Object> action;
    private final Map<String, String> runnerEnv;
    private final Map<String, Uses> uses = new LinkedHashMap<>();
    private final Path workspace;
    private final Path runnerTemp;
    private final Path files;

    /**
     * @param actionPath the action's directory (GITHUB_ACTION_PATH), holding action.yml
     * @param runnerEnv  the runner's environment (PATH, HOME, RUNNER_TEMP, GITHUB_WORKSPACE, ...)
     * @param files      where the runner keeps the step scripts and file commands
     */
    @SuppressWarnings("unchecked")
    public ActionRunner(Path actionPath, Map<String, String> runnerEnv, Path files) throws IOException {
        this.actionPath = actionPath;
        this.action = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(actionPath.resolve("action.yml")));
        this.runnerEnv = Map.copyOf(runnerEnv);
        this.workspace = Path.of(require(runnerEnv, "GITHUB_WORKSPACE"));
        this.runnerTemp = Path.of(require(runnerEnv, "RUNNER_TEMP"));
        this.files = files;
        Object using = runs().get("using");
        if (!"composite".equals(using)) throw new IllegalArgumentException("not a composite action: runs.using is " + using);
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) throw new IllegalArgumentException(name + " must be set");
        return v;
    }

    /** Registers the stand-in for {@code uses: NAME@ref} (any ref). */
    public ActionRunner uses(String name, Uses standIn) {
        uses.put(name, standIn);
        return this;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runs() {
        return (Map<String, Object>) action.get("runs");
    }

    /** The run: scripts of the action's steps, as written. */
    @SuppressWarnings("unchecked")
    public List<String> scripts() {
        List<String> out = new ArrayList<>();
        for (Object s : (List<Object>) runs().get("steps")) {
            Object run = ((Map<String, Object>) s).get("run");
            if (run != null) out.add(run.toString());
        }
        return out;
    }

    /** Runs the action's steps with these inputs (the declared defaults fill in the rest). */
    @SuppressWarnings("unchecked")
    public Result run(Map<String, String> given) throws Exception {
        Map<String, Object> declared = (Map<String, Object>) action.getOrDefault("inputs", Map.of());
        Map<String, String> inputs = new LinkedHashMap<>();
        for (var e : declared.entrySet()) {
            Object def = e.getValue() instanceof Map<?, ?> m ? m.get("default") : null;
            inputs.put(e.getKey(), def == null ? "" : def.toString());
        }
        for (var e : given.entrySet()) {
            if (!inputs.containsKey(e.getKey())) throw new IllegalArgumentException("unexpected input '" + e.getKey() + "'; declared: " + inputs.keySet());
            inputs.put(e.getKey(), e.getValue());
        }
        Job job = new Job();
        Map<String, Map<String, String>> steps = new LinkedHashMap<>();
        List<String> ran = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        int exit = 0;
        String failed = null;
        Path dir = Files.createTempDirectory(Files.createDirectories(files), "run");
        int n = 0;
        for (Object o : (List<Object>) runs().get("steps")) {
            Map<String, Object> step = (Map<String, Object>) o;
            String id = step.containsKey("id") ? step.get("id").toString() : "__step" + n;
            n++;
            Expressions ex = new Expressions(inputs, steps, job, failed != null);
            String cond = step.containsKey("if") ? step.get("if").toString() : "success()";
            if (!truthy(ex.eval(strip(cond)))) continue;
            ran.add(id);
            Map<String, String> outputs = new LinkedHashMap<>();
            int code;
            if (step.containsKey("uses")) {
                String name = step.get("uses").toString().replaceFirst("@.*$", "");
                Uses standIn = uses.get(name);
                if (standIn == null) throw new IllegalStateException("no stand-in for uses: " + step.get("uses"));
                Map<String, String> with = new LinkedHashMap<>();
                for (var e : ((Map<String, Object>) step.getOrDefault("with", Map.of())).entrySet())
                    with.put(e.getKey(), ex.substitute(e.getValue().toString()));
                outputs.putAll(standIn.run(with, job));
                code = 0;
            } else {
                code = runScript(step, id, ex, job, dir.resolve(n + "-" + id), outputs, stdout, stderr, summary);
            }
            steps.put(id, outputs);
            if (code != 0 && failed == null) {
                failed = id;
                exit = code;
            }
        }
        if (failed == null) for (Post p : job.posts) p.run();
        Map<String, String> outputs = new LinkedHashMap<>();
        Expressions ex = new Expressions(inputs, steps, job, failed != null);
        for (var e : ((Map<String, Object>) action.getOrDefault("outputs", Map.of())).entrySet())
            outputs.put(e.getKey(), ex.substitute(((Map<String, Object>) e.getValue()).get("value").toString()));
        return new Result(exit, failed, outputs, steps, ran, stdout.toString(), stderr.toString(), summary.toString());
    }

    @SuppressWarnings("unchecked")
    private int runScript(Map<String, Object> step, String id, Expressions ex, Job job, Path dir, Map<String, String> outputs, StringBuilder stdout,
                          StringBuilder stderr, StringBuilder summary) throws Exception {
        if (!"bash".equals(step.get("shell"))) throw new IllegalStateException("step " + id + ": only shell: bash is simulated, not " + step.get("shell"));
        Files.createDirectories(dir);
        Path script = dir.resolve("script.sh");
        Files.writeString(script, ex.substitute(step.get("run").toString()));
        Map<String, Path> fileCommands = new LinkedHashMap<>();
        for (String f : List.of("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"))
            fileCommands.put(f, Files.createFile(dir.resolve(f.toLowerCase(Locale.ROOT))));
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()).directory(workspace.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(runnerEnv);
        env.putAll(job.env);
        if (!job.pathAdds.isEmpty()) env.put("PATH", String.join(":", job.pathAdds) + ":" + env.getOrDefault("PATH", ""));
        for (var e : ((Map<String, Object>) step.getOrDefault("env", Map.of())).entrySet())
            env.put(e.getKey(), ex.substitute(String.valueOf(e.getValue())));
        fileCommands.forEach((k, v) -> env.put(k, v.toString()));
        env.put("GITHUB_ACTION", id);
        env.put("GITHUB_ACTION_PATH", actionPath.toString());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("step " + id + " did not finish in 120 s");
        }
        stdout.append(Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8));
        stderr.append(Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
        summary.append(Files.readString(fileCommands.get("GITHUB_STEP_SUMMARY"), StandardCharsets.UTF_8));
        outputs.putAll(keyValues(fileCommands.get("GITHUB_OUTPUT")));
        job.env.putAll(keyValues(fileCommands.get("GITHUB_ENV")));
        for (String line : Files.readAllLines(fileCommands.get("GITHUB_PATH"))) if (!line.isBlank()) job.addPath(line.strip());
        return p.exitValue();
    }

    /** A GITHUB_OUTPUT / GITHUB_ENV file: {@code name=value} lines and {@code name<<DELIMITER} blocks. */
    static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).equals(delimiter); i++) value.add(lines.get(i));
                if (i == lines.size()) throw new IllegalStateException(file + ": no closing " + delimiter);
                out.put(line.substring(0, heredoc), String.join("\n", value));
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            } else if (!line.isBlank()) {
                throw new IllegalStateException(file + ": not name=value: " + line);
            }
        }
        return out;
    }

    private static String strip(String condition) {
        String c = condition.strip();
        return c.startsWith("${{") && c.endsWith("}}") ? c.substring(3, c.length() - 2) : c;
    }

    /** The expression syntax the action uses: contexts, '...' literals, == != ! && || ( ), success() failure() always(). */
    private final class Expressions {
        private final Map<String, String> inputs;
        private final Map<String, Map<String, String>> steps;
        private final Job job;
        private final boolean failure;
        private String text;
        private int pos;

        Expressions(Map<String, String> inputs, Map<String, Map<String, String>> steps, Job job, boolean failure) {
            this.inputs = inputs;
            this.steps = steps;
            this.job = job;
            this.failure = failure;
        }

        String substitute(String s) {
            StringBuilder out = new StringBuilder();
            int from = 0;
            for (int at; (at = s.indexOf("${{", from)) >= 0; ) {
                int end = s.indexOf("}}", at);
                if (end < 0) throw new IllegalArgumentException("unclosed ${{ in: " + s);
                out.append(s, from, at).append(render(eval(s.substring(at + 3, end))));
                from = end + 2;
            }
            return out.append(s.substring(from)).toString();
        }

        Object eval(String expression) {
            text = expression;
            pos = 0;
            Object v = or();
            skip();
            if (pos != text.length()) throw error("unexpected text");
            return v;
        }

        private Object or() {
            Object v = and();
            while (accept("||")) {
                Object r = and();
                if (!truthy(v)) v = r;
            }
            return v;
        }

        private Object and() {
            Object v = comparison();
            while (accept("&&")) {
                Object r = comparison();
                if (truthy(v)) v = r;
            }
            return v;
        }

        private Object comparison() {
            Object v = unary();
            if (accept("==")) return looseEquals(v, unary());
            if (accept("!=")) return !looseEquals(v, unary());
            return v;
        }

        private Object unary() {
            if (accept("!")) return !truthy(unary());
            if (accept("(")) {
                Object v = or();
                if (!accept(")")) throw error("expected )");
                return v;
            }
            skip();
            if (pos < text.length() && text.charAt(pos) == '\'') {
                StringBuilder s = new StringBuilder();
                for (pos++; ; pos++) {
                    if (pos >= text.length()) throw error("unclosed string");
                    char c = text.charAt(pos);
                    if (c == '\'') {
                        if (pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                            s.append('\'');
                            pos++;
                        } else {
                            pos++;
                            return s.toString();
                        }
                    } else {
                        s.append(c);
                    }
                }
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "._-".indexOf(text.charAt(pos)) >= 0)) pos++;
            String name = text.substring(start, pos);
            if (name.isEmpty()) throw error("expected a value");
            if (accept("()")) {
                switch (name) {
                    case "success": return !failure;
                    case "failure": return failure;
                    case "always": return true;
                    default: throw error("unknown function " + name);
                }
            }
            switch (name) {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                default: return context(name);
            }
        }

        private Object context(String name) {
            String[] p = name.split("\\.");
            if (p[0].equals("inputs") && p.length == 2) {
                if (!inputs.containsKey(p[1])) throw error("no input " + p[1]);
                return inputs.get(p[1]);
            }
            if (p[0].equals("steps") && p.length == 4 && p[2].equals("outputs")) {
                Map<String, String> s = steps.get(p[1]);
                return s == null ? null : s.get(p[3]);
            }
            if (p[0].equals("env") && p.length == 2) return job.env.containsKey(p[1]) ? job.env.get(p[1]) : runnerEnv.get(p[1]);
            switch (name) {
                case "github.action_path": return actionPath.toString();
                case "github.workspace": return workspace.toString();
                case "runner.temp": return runnerTemp.toString();
                case "runner.os": return runnerEnv.getOrDefault("RUNNER_OS", "Linux");
                case "runner.tool_cache": return runnerEnv.get("RUNNER_TOOL_CACHE");
                default: throw error("unknown context " + name);
            }
        }

        private boolean accept(String token) {
            skip();
            if (text.startsWith(token, pos) && !(token.equals("!") && text.startsWith("!=", pos))) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at " + pos + " in ${{ " + text + " }} (the simulated runner knows a subset of the expression syntax)");
        }
    }

    /** GitHub's falsy values: false, 0, '', null. */
    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        return !v.toString().isEmpty();
    }

    /** GitHub's ==: strings compare ignoring case; other pairs are compared as numbers (null and '' are 0). */
    static boolean looseEquals(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) return x.equalsIgnoreCase(y);
        if (a instanceof Boolean && b instanceof Boolean) return a.equals(b);
        double x = number(a);
        double y = number(b);
        return x == y;
    }

    private static double number(Object v) {
        if (v == null) return 0;
        if (v instanceof Boolean b) return b ? 1 : 0;
        String s = v.toString().strip();
        if (s.isEmpty()) return 0;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String render(Object v) {
        return v == null ? "" : v.toString();
    }
}
