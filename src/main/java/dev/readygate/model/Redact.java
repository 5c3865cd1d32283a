package dev.readygate.model;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes secrets from what is printed: URL passwords, credential headers, token-like query parameters. */
public final class Redact {
    public static final String MASK = "***";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "api-key", "x-auth-token", "x-vault-token", "private-token", "x-access-token");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&](?:[a-z0-9_.-]*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|signature|sig|auth|credential|session)[a-z0-9_.-]*)=)([^&#]*)");
    private static final Pattern USERINFO_IN_TEXT = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*):([^@\\s/]*)@");

    private Redact() {
    }

    /** The URI as text with the password of user:password and secret query values replaced by ***. */
    public static String uri(URI uri) {
        if (uri == null) return null;
        return text(uri.toString());
    }

    /** Redacts URL passwords and secret query values wherever they appear in free text. */
    public static String text(String s) {
        if (s == null) return null;
        String out = USERINFO_IN_TEXT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        return SECRET_QUERY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(n) || n.contains("token") || n.contains("secret") || n.contains("password");
    }

    /** "Name: value", with the value masked for credential headers. */
    public static String header(String name, String value) {
        return name + ": " + (isSecretHeader(name) ? MASK : value);
    }
}
