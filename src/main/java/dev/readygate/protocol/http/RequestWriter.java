package dev.readygate.protocol.http;

import dev.readygate.model.TargetAddress;
import dev.readygate.base.HostPort;

import dev.readygate.protocol.http.HttpSpec.Header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The send phase: one HTTP/1.1 request with {@code Connection: close}, the user's headers, and
 * credentials (headers, cookies, URL user info) only towards the origin the attempt started from.
 */
final class RequestWriter {
    static final String USER_AGENT = "readygate/0.1";

    private RequestWriter() {
    }

    /** Writes the request in one go. */
    static void send(Socket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
    }

    /** The request's bytes: head, then the body when the method sends one. */
    static byte[] request(HttpSpec spec, URI origin, URI uri, String method, String body) {
        boolean same = Uris.sameOrigin(uri, origin);
        List<Header> user = userHeaders(spec, same);
        StringBuilder req = new StringBuilder(256);
        req.append(method).append(' ').append(requestTarget(uri)).append(" HTTP/1.1\r\n");
        if (!has(user, "Host")) req.append("Host: ").append(hostHeader(uri)).append("\r\n");
        if (!has(user, "User-Agent")) req.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (!has(user, "Accept")) req.append("Accept: */*\r\n");
        req.append("Connection: close\r\n");
        for (Header h : user) req.append(h.name()).append(": ").append(h.value()).append("\r\n");
        if (!has(user, "Authorization")) basicAuthorization(req, TargetAddress.of(uri).userInfo() == null && same ? origin : uri);
        byte[] payload = payload(req, user, method, body);
        req.append("\r\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(req.toString().getBytes(StandardCharsets.UTF_8));
        if (payload != null) all.writeBytes(payload);
        return all.toByteArray();
    }

    /** The user's headers that may go to this URI: never framing headers, credentials only to the origin. */
    private static List<Header> userHeaders(HttpSpec spec, boolean sameOrigin) {
        List<Header> user = new ArrayList<>();
        for (Header h : spec.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (n.equals("connection") || n.equals("content-length") || n.equals("transfer-encoding")) continue;
            if (!sameOrigin && (n.equals("authorization") || n.equals("cookie") || n.equals("host") || n.equals("proxy-authorization"))) continue;
            user.add(h);
        }
        return user;
    }

    private static String hostHeader(URI uri) {
        int port = Uris.port(uri);
        boolean defaultPort = port == (Uris.https(uri) ? 443 : 80);
        return HostPort.bracket(Uris.host(uri)) + (defaultPort ? "" : ":" + port);
    }

    /** Basic credentials from the user info of from, if it has any. */
    private static void basicAuthorization(StringBuilder req, URI from) {
        String userInfo = TargetAddress.of(from).userInfo();
        if (userInfo == null || userInfo.isEmpty()) return;
        int colon = userInfo.indexOf(':');
        String u = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String p = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1));
        req.append("Authorization: Basic ")
                .append(Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8))).append("\r\n");
    }

    /** The body to send (null for none), after adding its Content-Type and Content-Length headers. */
    private static byte[] payload(StringBuilder req, List<Header> user, String method, String body) {
        boolean sendsBody = body != null ? !method.equals("GET") && !method.equals("HEAD") : method.equals("POST");
        if (!sendsBody) return null;
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (!has(user, "Content-Type") && body != null && !body.isEmpty()) {
            String t = body.stripLeading();
            req.append("Content-Type: ").append(t.startsWith("{") || t.startsWith("[") ? "application/json" : "text/plain").append("\r\n");
        }
        req.append("Content-Length: ").append(payload.length).append("\r\n");
        return payload;
    }

    private static boolean has(List<Header> hs, String name) {
        for (Header h : hs) if (h.name().equalsIgnoreCase(name)) return true;
        return false;
    }

    /** The path and query as sent on the request line: "/" when empty, non-ASCII percent-encoded. */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) path = "/";
        String q = uri.getRawQuery();
        String t = q == null ? path : path + "?" + q;
        StringBuilder sb = new StringBuilder(t.length());
        for (byte b : t.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append('%').append(String.format("%02X", c));
        }
        return sb.toString();
    }

    /** RFC 3986 percent-decoding (UTF-8); '+' stays '+'. Invalid escapes are kept as they are. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
