package dev.readygate.base;

import java.net.IDN;

/**
 * A host and an optional port in the notation URLs, nginx and getaddrinfo share:
 * {@code host:port}, {@code [v6]:port}, or a bare host. The host is kept without brackets.
 *
 * <p>Hosts are accepted as getaddrinfo and nginx take them: names of ASCII letters, digits,
 * {@code -}, {@code _} and dots (a trailing dot makes an absolute name), dotted-quad IPv4
 * literals and IPv6 literals (with an optional {@code %zone}). Compose service and container
 * names such as {@code my_db} are names. Everything else is refused with a one-line message that
 * says how to write it.
 */
public record HostPort(String host, int port) {
    /** The port of a host written without one. */
    public static final int NO_PORT = -1;
    private static final String HOW_TO_WRITE_A_HOST =
            "write a name of letters, digits, '-', '_' and dots (e.g. my_db or db.example.test), or an IP address";

    /**
     * @param host a name or address literal, IPv6 without brackets
     * @param port 1-65535, or {@link #NO_PORT}
     * @throws IllegalArgumentException when the host or the port is not valid
     */
    public HostPort {
        checkHost(host);
        if (port != NO_PORT) checkPort(port);
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; an empty port
     * ({@code host:}) counts as none.
     *
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    public static HostPort parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("the address is empty; write HOST:PORT, e.g. db:5432");
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0)
                throw new IllegalArgumentException("'" + printable(text) + "' has no closing ']'; write IPv6 addresses as [::1]:8080");
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":"))
                throw new IllegalArgumentException("'" + printable(text) + "' has '" + printable(after) + "' after ']'; write [IPV6]:PORT, e.g. [::1]:8080");
            portText = after.isEmpty() ? null : after.substring(1);
            if (host.isEmpty()) throw new IllegalArgumentException("'" + printable(text) + "' has no address in the brackets; write e.g. [::1]:8080");
            if (host.indexOf(':') < 0)
                throw new IllegalArgumentException("'" + printable(text) + "': brackets are for IPv6 addresses only; write "
                        + printable(host) + (portText == null ? "" : ":" + printable(portText)));
        } else {
            int colon = text.indexOf(':');
            if (colon != text.lastIndexOf(':')) throw new IllegalArgumentException(unbracketedIpv6(text));
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
            if (host.isEmpty())
                throw new IllegalArgumentException("'" + printable(text) + "' has no host; write HOST" + (colon < 0 ? "" : ":" + printable(portText))
                        + ", e.g. localhost" + (colon < 0 ? "" : ":" + printable(portText)));
        }
        checkHost(host);
        return new HostPort(host, portText == null || portText.isEmpty() ? NO_PORT : parsePort(portText));
    }

    private static String unbracketedIpv6(String text) {
        int last = text.lastIndexOf(':');
        String host = text.substring(0, last);
        String port = text.substring(last + 1);
        String example = isIpv6Literal(host) && isDigits(port) ? "[" + host + "]:" + port
                : isIpv6Literal(text) ? "[" + text + "]" : "[::1]:8080";
        return "'" + printable(text) + "' has more than one ':'; write IPv6 addresses in brackets, e.g. " + example;
    }

    /** True when a port was written. */
    public boolean hasPort() {
        return port != NO_PORT;
    }

    /** This host with {@code defaultPort} when no port was written. */
    public HostPort withDefaultPort(int defaultPort) {
        return hasPort() ? this : new HostPort(host, defaultPort);
    }

    /** {@code host:port}, {@code [v6]:port}, or the (bracketed) host alone when it has no port. */
    @Override
    public String toString() {
        return format(host, port);
    }

    /** {@code host:port} with IPv6 literals in brackets; the (bracketed) host alone for {@link #NO_PORT}. */
    public static String format(String host, int port) {
        return port == NO_PORT ? bracket(host) : bracket(host) + ":" + port;
    }

    /** The host as it is written in a URL or host:port: IPv6 literals in brackets, anything else as it is. */
    public static String bracket(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The host without the brackets of an IPv6 literal. */
    public static String unbracket(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Checks a host (IPv6 without brackets) the way getaddrinfo and nginx take it.
     *
     * @return the host
     * @throws IllegalArgumentException with a one-line message that says how to write it
     */
    public static String checkHost(String host) {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("the host is empty; write e.g. db:5432");
        if (host.indexOf(':') >= 0) {
            if (!isIpv6Literal(host))
                throw new IllegalArgumentException("'" + printable(host) + "' is not a valid IPv6 address; write e.g. [::1] or [fe80::1%eth0]");
            return host;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!isNameChar(c)) throw new IllegalArgumentException("host '" + printable(host) + "' " + badChar(host, c));
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains(".."))
            throw new IllegalArgumentException("host '" + host + "' has an empty label (a dot at the start or two in a row); write e.g. db.example.test");
        if (allLabelsNumeric(name) && !isIpv4Literal(host))
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1");
        return host;
    }

    private static String badChar(String host, char c) {
        if (c == ' ') return "contains a space; " + HOW_TO_WRITE_A_HOST;
        if (c < 0x20 || c == 0x7f) return "contains a control character (" + String.format("U+%04X", (int) c) + "); " + HOW_TO_WRITE_A_HOST;
        if (c > 0x7f) {
            String ascii;
            try {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                ascii = null;
            }
            return "contains '" + c + "', which is not ASCII; write an internationalised name in its ASCII form"
                    + (ascii != null && isAsciiName(ascii) ? ", " + ascii : " (xn--...)");
        }
        return "contains '" + c + "'; " + HOW_TO_WRITE_A_HOST + (c == '/' ? " (a path goes after the port: http://HOST:PORT/PATH)" : "");
    }

    private static boolean isAsciiName(String s) {
        for (int i = 0; i < s.length(); i++) if (!isNameChar(s.charAt(i))) return false;
        return !s.isEmpty();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
    }

    private static boolean allLabelsNumeric(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    /** A dotted-quad IPv4 literal: four numbers 0-255 without leading zeros. */
    public static boolean isIpv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !isDigits(p) || p.length() > 1 && p.charAt(0) == '0' || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /** An IPv6 literal without brackets, optionally with a {@code %zone}, e.g. {@code ::1}, {@code fe80::1%eth0}, {@code ::ffff:10.0.0.1}. */
    public static boolean isIpv6Literal(String host) {
        String address = host;
        int pct = host.indexOf('%');
        if (pct >= 0) {
            String zone = host.substring(pct + 1);
            if (!isAsciiName(zone)) return false;
            address = host.substring(0, pct);
        }
        int gap = address.indexOf("::");
        if (gap < 0) return groups(address, true) == 8;
        if (address.indexOf("::", gap + 1) >= 0) return false;
        int left = groups(address.substring(0, gap), false);
        int right = groups(address.substring(gap + 2), true);
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /** The number of 16-bit groups in colon-separated hex (an IPv4 tail counts two), or -1 when malformed. */
    private static int groups(String s, boolean ipv4Tail) {
        if (s.isEmpty()) return 0;
        String[] parts = s.split(":", -1);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Tail && i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4Literal(p)) return -1;
                n += 2;
            } else if (p.isEmpty() || p.length() > 4 || !isHex(p)) {
                return -1;
            } else {
                n++;
            }
        }
        return n;
    }

    /** An IPv4 or IPv6 literal (IPv6 without brackets). */
    public static boolean isIpLiteral(String host) {
        return isIpv4Literal(host) || isIpv6Literal(host);
    }

    /**
     * Parses a port as written after the colon.
     *
     * @throws IllegalArgumentException "port -1 is out of range 1-65535", "port 'abc' is not a number; write a number 1-65535"
     */
    public static int parsePort(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("the port is empty; write a number 1-65535");
        boolean negative = text.length() > 1 && text.charAt(0) == '-';
        String digits = negative ? text.substring(1) : text;
        if (!isDigits(digits)) throw new IllegalArgumentException("port '" + printable(text) + "' is not a number; write a number 1-65535");
        String value = digits.replaceFirst("^0+(?=.)", "");
        if (negative || value.length() > 5 || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535)
            throw new IllegalArgumentException("port " + text + " is out of range 1-65535");
        return Integer.parseInt(value);
    }

    /**
     * @return the port
     * @throws IllegalArgumentException "port 0 is out of range 1-65535"
     */
    public static int checkPort(int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        return port;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }

    /** The text with control characters shown as '?', so a message stays one line (the message names the character). */
    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
