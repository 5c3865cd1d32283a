package dev.readygate.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Paths as code scanning and GitHub annotations want them: relative to the repository root, with
 * forward slashes, never climbing out of it with {@code ../}. The root is the one given (e.g.
 * {@code --sarif-root}), else {@code GITHUB_WORKSPACE}, else the current directory.
 */
public final class RepoPath {
    /** The environment variable that names the checked-out repository on a GitHub runner. */
    public static final String WORKSPACE = "GITHUB_WORKSPACE";

    private RepoPath() {
    }

    /** The repository root: {@code given} if not null, else GITHUB_WORKSPACE if set, else the current directory; absolute, normalised. */
    public static Path root(Path given, Map<String, String> env) {
        String ws = env.get(WORKSPACE);
        Path root = given != null ? given : ws != null && !ws.isBlank() ? Path.of(ws) : Path.of("");
        return root.toAbsolutePath().normalize();
    }

    /** FILE relative to ROOT with forward slashes ("conf/nginx.conf"), or null when it is not under ROOT (or is no path). */
    public static String under(Path root, String file) {
        if (file == null || file.isEmpty() || file.equals("-")) return null;
        try {
            Path p = Path.of(file).toAbsolutePath().normalize();
            if (!p.startsWith(root) || p.equals(root)) return null;
            return root.relativize(p).toString().replace('\\', '/');
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * TEXT with the paths under ROOT written relative to it ("/home/runner/work/app/app/nginx/nginx.conf:5:18" becomes
     * "nginx/nginx.conf:5:18"), for texts read in the repository's context (the step summary, annotations).
     */
    public static String relativise(String text, Path root) {
        if (text == null || root.getParent() == null) return text; // the file system root: nothing to shorten
        return text.replace(root + java.io.File.separator, "");
    }

    /** A relative path as a URI reference: each segment percent-encoded where a URI needs it ("my conf/a%b" -> "my%20conf/a%25b"). */
    public static String uriReference(String relative) {
        try {
            return new URI(null, null, relative, null).getRawPath();
        } catch (URISyntaxException e) {
            return relative.replace("%", "%25").replace(" ", "%20");
        }
    }

    /** The root as a file: URI ending in '/', as SARIF's originalUriBaseIds wants it. */
    public static String rootUri(Path root) {
        String u = root.toUri().toString();
        return u.endsWith("/") ? u : u + "/";
    }
}
