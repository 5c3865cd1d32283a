package dev.readygate.model;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Removes secrets from what is printed: URL passwords, credential headers, token-like query
 * parameters. Hand-written scanners, no regular expressions: every method runs in time linear in
 * the length of its input, whatever the input holds (a hostile 40,000-character Location, a
 * 1 MB path full of '@' and ':').
 *
 * <p>What counts as a secret in free text:
 * <ul>
 * <li>URL user info, with or without a scheme ({@code tcp://u:PW@h}, {@code u:PW@h},
 *     {@code http:u:PW@h}): everything after the first ':' up to the last '@' before the host
 *     ({@code u:p@ss@h} and {@code u:pa/ss@h} hide the whole password). Text is cut into words at
 *     white space, quotes and angle brackets, and at each {@code ://}, so a user name with a space
 *     keeps its password hidden too.</li>
 * <li>The value of a query parameter whose name says secret ({@code ?token=}, {@code &access_token=},
 *     {@code api_key}, {@code signature}, {@code password}, {@code session}, ...).</li>
 * <li>The value after a credential header name and ':' ({@code Authorization: ...},
 *     {@code Cookie: ...}) up to the end of the line or a quote, and the word after
 *     {@code Bearer} or {@code Basic}.</li>
 * </ul>
 */
public final class Redact {
    public static final String MASK = "***";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "api-key", "apikey", "x-auth-token", "x-vault-token", "private-token", "x-access-token", "x-csrf-token");
    private static final String[] SECRET_PARAM_PARTS = {"token", "secret", "password", "passwd", "pwd", "apikey", "api_key", "api-key",
            "signature", "sig", "auth", "credential", "session"};
    private static final String[] SCHEMES_OF_CREDENTIALS = {"bearer", "basic"};

    private Redact() {
    }

    /** The URI as text with the password of user:password and secret query values replaced by ***. */
    public static String uri(URI uri) {
        if (uri == null) return null;
        return text(uri.toString());
    }

    /** Redacts URL passwords, secret query values and credential header values wherever they appear in free text. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) return s;
        return credentials(queries(userInfo(s)));
    }

    /** True for a header whose value is a credential (Authorization, Cookie, X-Api-Key, any name with token, secret or password). */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(n) || n.contains("token") || n.contains("secret") || n.contains("password");
    }

    /** "Name: value", with the value masked for credential headers. */
    public static String header(String name, String value) {
        return name + ": " + (isSecretHeader(name) ? MASK : value);
    }

    /**
     * A header as written that could not be parsed (no ':', a bad name), safe to print: never its
     * value. {@code Cookie sid=abc} gives {@code Cookie ***} (the first word is a credential header
     * name); anything else gives {@code ***}.
     */
    public static String unparsedHeader(String text) {
        if (text == null) return MASK;
        String t = text.strip();
        int end = 0;
        while (end < t.length() && isTokenChar(t.charAt(end))) end++;
        String first = t.substring(0, end);
        return !first.isEmpty() && isSecretHeader(first) ? first + " " + MASK : MASK;
    }

    // ---- user info --------------------------------------------------------------------------

    private static boolean isWordBreak(char c) {
        return c <= ' ' || c == '\'' || c == '"' || c == '`' || c == '<' || c == '>' || c == 0x7f;
    }

    /**
     * One pass over the text. A "part" runs from the start of a word or the end of a "://" to the
     * next word break or "://". In a part, the user info ends at the last '@' before the first
     * '/', '?' or '#' that follows the first '@'; the password starts after the first ':' of the part.
     */
    static String userInfo(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int start = 0;
        int colon = -1;
        int firstAt = -1;
        int lastAt = -1;
        boolean ended = false; // a '/', '?' or '#' after the first '@': the authority has ended
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : ' ';
            boolean slashes = c == ':' && i + 2 < n && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/';
            if (i == n || isWordBreak(c) || slashes) {
                if (colon >= 0 && lastAt > colon) {
                    if (out == null) out = new StringBuilder(n);
                    out.append(s, copied, colon + 1).append(MASK);
                    copied = lastAt;
                }
                colon = firstAt = lastAt = -1;
                ended = false;
                if (slashes) i += 2;
                start = i + 1;
                continue;
            }
            if (c == ':' && colon < 0 && i >= start) colon = i;
            else if (c == '@') {
                if (firstAt < 0) firstAt = i;
                if (!ended) lastAt = i;
            } else if ((c == '/' || c == '?' || c == '#') && firstAt >= 0) ended = true;
        }
        if (out == null) return s;
        return out.append(s, copied, n).toString();
    }

    // ---- query parameters -------------------------------------------------------------------

    private static boolean isParamNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    /**
     * True for a name that says its value is a secret (a query parameter, an environment variable such as
     * POSTGRES_PASSWORD or API_TOKEN): it holds token, secret, password, passwd, pwd, apikey, signature, sig, auth,
     * credential or session, or is key or sid; but MongoDB's authSource and authMechanism, which name a database and a
     * mechanism (their sibling authMechanismProperties can hold a session token, and stays masked).
     */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("key") || n.equals("sid")) return true;
        if (n.equals("authsource") || n.equals("authmechanism")) return false;
        for (String p : SECRET_PARAM_PARTS) if (n.contains(p)) return true;
        return false;
    }

    /** {@code ?name=value} and {@code &name=value}: a secret name's value, up to '&', ';', '#' or a word break, becomes ***. */
    static String queries(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '?' && c != '&') {
                i++;
                continue;
            }
            int nameStart = i + 1;
            int j = nameStart;
            while (j < n && isParamNameChar(s.charAt(j))) j++;
            if (j == nameStart || j >= n || s.charAt(j) != '=') {
                i = j; // the name's characters are not '?' or '&': scanned once
                continue;
            }
            int valueStart = j + 1;
            int k = valueStart;
            while (k < n && s.charAt(k) != '&' && s.charAt(k) != ';' && s.charAt(k) != '#' && !isWordBreak(s.charAt(k))) k++;
            if (k > valueStart && isSecretName(s.substring(nameStart, j))) {
                if (out == null) out = new StringBuilder(n);
                out.append(s, copied, valueStart).append(MASK);
                copied = k;
            }
            i = k;
        }
        if (out == null) return s;
        return out.append(s, copied, n).toString();
    }

    // ---- credential headers in text ---------------------------------------------------------

    private static boolean isTokenChar(char c) {
        return isParamNameChar(c) && c != '.';
    }

    private static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r' || c == '\'' || c == '"' || c == '`';
    }

    /**
     * {@code Authorization: VALUE} (a credential header name, then ':') masks VALUE up to the end of
     * the line or a quote; {@code Bearer WORD} and {@code Basic WORD} mask WORD.
     */
    static String credentials(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!isTokenChar(s.charAt(i)) || i > 0 && isTokenChar(s.charAt(i - 1))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && isTokenChar(s.charAt(j))) j++; // one word, scanned once
            int valueStart = -1;
            int valueEnd = -1;
            char next = j < n ? s.charAt(j) : 0;
            if (next == ':' && (j + 1 == n || s.charAt(j + 1) == ' ' || s.charAt(j + 1) == '\t') && isSecretHeader(s.substring(i, j))
                    && !namesWhereASecretIs(s.substring(i, j))) {
                valueStart = j + 1;
                while (valueStart < n && (s.charAt(valueStart) == ' ' || s.charAt(valueStart) == '\t')) valueStart++;
                valueEnd = valueStart;
                if (!s.startsWith(MASK, valueStart) && !mysqlUsingPassword(s, i, valueStart))
                    while (valueEnd < n && !isLineEnd(s.charAt(valueEnd))) valueEnd++;
            } else if (next == ' ' && j - i <= 6 && isCredentialScheme(s.substring(i, j))) {
                valueStart = j + 1;
                valueEnd = valueStart;
                while (valueEnd < n && !isWordBreak(s.charAt(valueEnd))) valueEnd++;
            }
            if (valueStart >= 0 && valueEnd > valueStart && !s.startsWith(MASK, valueStart)) {
                if (out == null) out = new StringBuilder(n);
                out.append(s, copied, valueStart).append(MASK);
                copied = valueEnd;
                i = valueEnd;
            } else {
                i = j;
            }
        }
        if (out == null) return s;
        return out.append(s, copied, n).toString();
    }

    /**
     * A name that says where a secret is kept, not the secret: readygate's --password-file and
     * --password-env, Docker's POSTGRES_PASSWORD_FILE. What follows it is a path or a variable name,
     * and an error about it must keep them ("--password-file: cannot read /run/secrets/db").
     */
    private static boolean namesWhereASecretIs(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.endsWith("-file") || w.endsWith("_file") || w.endsWith("-env") || w.endsWith("_env");
    }

    /** MySQL's "Access denied ... (using password: YES)" says whether a password was sent, not which: kept as it is. */
    private static boolean mysqlUsingPassword(String s, int nameStart, int valueStart) {
        return nameStart >= 6 && s.regionMatches(true, nameStart - 6, "using ", 0, 6)
                && (s.startsWith("YES)", valueStart) || s.startsWith("NO)", valueStart));
    }

    private static boolean isCredentialScheme(String word) {
        for (String w : SCHEMES_OF_CREDENTIALS) if (w.equalsIgnoreCase(word)) return true;
        return false;
    }
}
