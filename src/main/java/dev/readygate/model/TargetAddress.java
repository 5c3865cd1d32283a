package dev.readygate.model;

import dev.readygate.base.HostPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target as written, split into its parts: {@code scheme://[userinfo@]host[:port][/path][?query][#fragment]},
 * a bare {@code host:port} (scheme tcp), and wait-on's {@code tcp:PORT} (localhost) and
 * {@code tcp:HOST:PORT}. The authority is parsed here, not by {@link URI#getHost()}, which gives
 * null for names such as {@code my_db}; hosts are checked by {@link HostPort}. Which schemes are
 * supported, and their default ports, is for the caller to say.
 *
 * <p>{@code userInfo}, {@code path}, {@code query} and {@code fragment} are raw (percent-encoded as
 * written). {@code userInfo} may hold a password: print {@link #toString()}, which is redacted.
 *
 * @param scheme   lower-case scheme, e.g. tcp, http
 * @param userInfo user[:password] before the '@', or null
 * @param host     a name or address literal, IPv6 without brackets
 * @param port     the port written, or {@link #NO_PORT}
 * @param path     the path, "" when none
 * @param query    the query without '?', or null
 * @param fragment the fragment without '#', or null
 * @param text     the target as written
 */
public record TargetAddress(String scheme, String userInfo, String host, int port, String path, String query, String fragment, String text) {
    /** The port of a target written without one. */
    public static final int NO_PORT = HostPort.NO_PORT;
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    /** A scheme followed by ':' but not '//': http:/db, http:db:80. */
    private static final Pattern MISSING_SLASHES = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(/*)([^/?#@]*)(.*)", Pattern.DOTALL);
    private static final String EXAMPLES = "write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health";

    public TargetAddress {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) throw new IllegalArgumentException("invalid scheme '" + scheme + "'");
        scheme = scheme.toLowerCase(Locale.ROOT);
        HostPort.checkHost(host);
        if (port != NO_PORT) HostPort.checkPort(port);
        if (path == null) path = "";
    }

    /**
     * Parses a target as written on the command line, in a config file or in the environment.
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it; passwords are redacted
     */
    public static TargetAddress parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty target; write e.g. tcp://db:5432 or http://localhost:8080/health");
        String s = text.trim();
        String scheme;
        String rest;
        int sep = s.indexOf("://");
        String prefix = sep < 0 ? "" : s.substring(0, sep);
        boolean hasScheme = sep >= 0 && SCHEME.matcher(prefix).matches();
        // a "://" after a '/', '?', '#' or '@' is in the path, query or user info of a bare host:port
        if (sep >= 0 && !hasScheme && !containsAny(prefix, "/?#@"))
            throw new IllegalArgumentException(shown(text) + " has no valid scheme before '://'; " + EXAMPLES);
        if (hasScheme) {
            scheme = prefix;
            rest = s.substring(sep + 3);
        } else if (isDigits(s)) {
            throw new IllegalArgumentException(shown(text) + " is a port without a host; write tcp://localhost:" + s + " for this machine, or tcp://HOST:" + s);
        } else if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
            // wait-on's notation: tcp:PORT is localhost, tcp:HOST:PORT
            String after = s.substring(4);
            scheme = "tcp";
            rest = isDigits(after) ? "localhost:" + after : after;
        } else {
            missingSlashes(s, text);
            scheme = "tcp";
            rest = s;
        }
        int end = indexOfAny(rest, "/?#");
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        String fragment = null;
        String query = null;
        int hash = tail.indexOf('#');
        if (hash >= 0) {
            fragment = tail.substring(hash + 1);
            tail = tail.substring(0, hash);
        }
        int mark = tail.indexOf('?');
        if (mark >= 0) {
            query = tail.substring(mark + 1);
            tail = tail.substring(0, mark);
        }
        String userInfo = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        if (authority.isEmpty()) throw new IllegalArgumentException(shown(text) + " has no host; write e.g. tcp://db:5432");
        if (!authority.startsWith("[") && authority.indexOf(':') != authority.lastIndexOf(':') && authority.contains("::"))
            throw new IllegalArgumentException(shown(text) + " has no host; write IPv6 addresses in brackets, e.g. [::1]:8080");
        if (authority.startsWith(":"))
            throw new IllegalArgumentException(shown(text) + " has no host; write " + Redact.text(scheme.toLowerCase(Locale.ROOT) + "://HOST" + authority + rest.substring(end)));
        try {
            new URI(scheme + "://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown(text) + " is not a valid URI (" + e.getReason() + "); " + EXAMPLES);
        }
        HostPort hp;
        try {
            hp = HostPort.parse(authority);
        } catch (IllegalArgumentException e) {
            // user:pa/ss@host: the authority ends at the '/', so the "port" is part of the password: never echo it
            if (userInfo == null && rest.indexOf('@', end) >= 0)
                throw new IllegalArgumentException(shown(text) + " has a '@' after its host:port; percent-encode a '/', '?' or '#' in a password"
                        + " (%2F, %3F, %23)", e);
            throw new IllegalArgumentException(shown(text) + ": " + e.getMessage(), e);
        }
        return new TargetAddress(scheme, userInfo, hp.host(), hp.port(), tail, query, fragment, text);
    }

    /**
     * "target 'TEXT'" for messages, with passwords and secret query values replaced by ***, also
     * in forms without '//' (db-user:pw@db:5432, http:user:pw@db).
     */
    public static String shown(String text) {
        return "target '" + Redact.text(text) + "'";
    }

    /** The address of a URI (such as {@link Target#uri()} or a redirect's Location). */
    public static TargetAddress of(URI uri) {
        return parse(uri.toString());
    }

    /** http:/db and http:db:80: a scheme without '//' is refused with the right spelling (wait-on's tcp: is handled before). */
    private static void missingSlashes(String s, String text) {
        Matcher m = MISSING_SLASHES.matcher(s);
        if (!m.matches()) return;
        String authority = m.group(3);
        boolean slashes = !m.group(2).isEmpty();
        boolean hostAndPort = authority.indexOf(':') >= 0 && !HostPort.isIpv6Literal(s.substring(0, indexOfAny(s, "/?#")))
                && !HostPort.isIpv6Literal(s.substring(0, s.lastIndexOf(':')));
        if (slashes || hostAndPort)
            throw new IllegalArgumentException(shown(text) + " has no '//' after '" + m.group(1) + ":'; write "
                    + Redact.text(m.group(1).toLowerCase(Locale.ROOT) + "://" + authority + m.group(4)));
    }

    /** True when a port was written. */
    public boolean hasPort() {
        return port != NO_PORT;
    }

    /** The port written, else {@code defaultPort}. */
    public int portOr(int defaultPort) {
        return hasPort() ? port : defaultPort;
    }

    /** The host and port (IPv6 in brackets when formatted). */
    public HostPort hostPort() {
        return new HostPort(host, port);
    }

    /** {@code [userinfo@]host[:port]} as written (IPv6 in brackets); may hold a password. */
    public String authority() {
        return (userInfo == null ? "" : userInfo + "@") + HostPort.format(host, port);
    }

    /**
     * The URI of this address, secrets included. Built with {@link URI#URI(String)}, which takes a
     * host such as {@code my_db} as a registry-based authority ({@link URI#getHost()} is then null:
     * read the host from here, not from the URI).
     */
    public URI toUri() {
        try {
            return new URI(uriText());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown(text) + " is not a valid URI (" + e.getReason() + "); " + EXAMPLES);
        }
    }

    private String uriText() {
        return scheme + "://" + authority() + path + (query == null ? "" : "?" + query) + (fragment == null ? "" : "#" + fragment);
    }

    /** The normalised address with any password and secret query values replaced by ***: safe to print. */
    @Override
    public String toString() {
        return Redact.text(uriText());
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return s.length();
    }

    private static boolean containsAny(String s, String chars) {
        return indexOfAny(s, chars) < s.length();
    }
}
