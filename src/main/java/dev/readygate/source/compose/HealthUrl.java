package dev.readygate.source.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL a healthcheck's {@code curl} or {@code wget} asks, when it asks the container itself
 * ({@code localhost}, {@code 127.0.0.1}, {@code 0.0.0.0}, {@code [::1]} or the service's name): a
 * {@code curl -f localhost:8000/health} becomes port 8000, path {@code /health}.
 */
final class HealthUrl {
    private static final Pattern URL = Pattern.compile(
            "(?:(https?)://)?(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]|[A-Za-z0-9][A-Za-z0-9_.-]*)(?::([0-9]{1,5}))?(/[^\\s'\";|&<>()]*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLIENT = Pattern.compile("(?:^|[\\s;&|(/])(curl|wget)(?=\\s|$)");

    /** The scheme, port and path found; null when there is none. */
    record Found(String scheme, int port, String path) {
    }

    private HealthUrl() {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    /**
     * @param containerEnv the container's environment (env_file, then environment:): a {@code $PORT} the shell of
     *                     the check expands (written {@code $$PORT} in the file) is taken from it
     */
    static Found find(List<String> test, String service, java.util.Map<String, String> containerEnv) {
        if (test.isEmpty()) return null;
        String kind = test.get(0);
        String written = kind.equals("CMD") || kind.equals("CMD-SHELL") ? String.join(" ", test.subList(1, test.size())) : String.join(" ", test);
        String command = VARIABLE.matcher(written).replaceAll(m -> {
            String value = containerEnv.get(m.group(1) != null ? m.group(1) : m.group(2));
            return Matcher.quoteReplacement(value != null ? value : m.group());
        });
        Matcher client = CLIENT.matcher(command);
        if (!client.find()) return null;
        for (String word : words(command.substring(client.end()))) {
            if (word.startsWith("-")) continue;
            Matcher m = URL.matcher(word);
            if (!m.matches()) continue;
            String scheme = m.group(1) == null ? "http" : m.group(1).toLowerCase(Locale.ROOT);
            String host = m.group(2).toLowerCase(Locale.ROOT);
            boolean own = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("0.0.0.0") || host.equals("[::1]")
                    || host.equalsIgnoreCase(service);
            // a bare word (no scheme, no port, no path) is an option's value, not a URL
            if (!own || (m.group(1) == null && m.group(3) == null && m.group(4) == null)) continue;
            int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : scheme.equals("https") ? 443 : 80;
            if (port < 1 || port > 65535) continue;
            return new Found(scheme, port, m.group(4) == null ? "/" : m.group(4));
        }
        return null;
    }

    /** The command's words, quotes removed (enough for the URL of a health check). */
    private static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        for (String w : command.split("[\\s;|&]+")) {
            String s = w.replaceAll("^['\"]+|['\"]+$", "");
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
