package dev.readygate.protocol.http;

import dev.readygate.net.tls.TlsOptions;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Redact;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an HTTP(S) target must answer and how to ask it. Immutable; built by the plan from
 * options, the config file and the environment.
 *
 * @param method       GET, HEAD or POST
 * @param requestBody  body sent with POST (null for none)
 * @param headers      request headers, "Name: value" split (values may be secret: never print them unredacted)
 * @param status       accepted status codes
 * @param bodyContains text the body must contain (null: no check)
 * @param bodyRegex    regex the body must match somewhere (null: no check)
 * @param jsonPointer  a JSON Pointer and the value expected there (null: no check)
 * @param expectHeaders response headers that must be present and match
 * @param maxRedirects redirects followed before the final response is judged
 * @param tls          TLS options
 * @param budgets      limits a proxy in front of the target will enforce
 */
public record HttpSpec(
        String method,
        String requestBody,
        List<Header> headers,
        StatusSet status,
        String bodyContains,
        Pattern bodyRegex,
        JsonPointerExpect jsonPointer,
        List<HeaderExpect> expectHeaders,
        int maxRedirects,
        TlsOptions tls,
        Budgets budgets) implements ProtocolSpec {

    public static final int DEFAULT_MAX_REDIRECTS = Integer.parseInt(dev.readygate.base.Defaults.MAX_REDIRECTS_TEXT);

    public static final HttpSpec DEFAULT = new HttpSpec("GET", null, List.of(), StatusSet.SUCCESS, null, null, null,
            List.of(), DEFAULT_MAX_REDIRECTS, TlsOptions.DEFAULT, Budgets.DEFAULT);

    public HttpSpec {
        headers = List.copyOf(headers);
        expectHeaders = List.copyOf(expectHeaders);
    }

    /** A request header. */
    public record Header(String name, String value) {
        public static Header parse(String text) {
            int colon = text.indexOf(':');
            // the text may be a credential written without its name or colon (Cookie sid=abc, Bearer tok): never echo it
            if (colon <= 0) throw new IllegalArgumentException("header '" + Redact.unparsedHeader(text) + "' has no ':' after its name; write 'Name: value'");
            String name = text.substring(0, colon).trim();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))
                throw new IllegalArgumentException("header name '" + Redact.unparsedHeader(name) + "' is not a valid HTTP token; write 'Name: value'");
            String value = text.substring(colon + 1).trim();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)
                throw new IllegalArgumentException("header " + name + " contains a line break");
            return new Header(name, value);
        }
    }

    /** A response header that must be present with a value matching the regex. */
    public record HeaderExpect(String name, Pattern valueRegex) {
        public static HeaderExpect parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("expected header '" + Redact.unparsedHeader(text) + "' has no ':' after its name; write 'Name: regex'");
            String name = text.substring(0, colon).trim();
            String re = text.substring(colon + 1).trim();
            try {
                return new HeaderExpect(name, Pattern.compile(re.isEmpty() ? ".*" : re));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("expected header " + name + ": invalid regex '" + (Redact.isSecretHeader(name) ? Redact.MASK : re)
                        + "': " + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return name + ": " + valueRegex.pattern();
        }
    }

    /**
     * A JSON Pointer (RFC 6901) and the expected value there, compared as text: the JSON string's
     * content, or the literal of a number, boolean or null. Written {@code /status=UP}.
     */
    public record JsonPointerExpect(String pointer, String expected) {
        public static JsonPointerExpect parse(String text) {
            int eq = text.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("JSON pointer check '" + text + "' has no '='; write e.g. /status=UP");
            String pointer = text.substring(0, eq);
            if (!pointer.isEmpty() && !pointer.startsWith("/"))
                throw new IllegalArgumentException("JSON pointer '" + pointer + "' must start with '/'; write e.g. /status=UP");
            return new JsonPointerExpect(pointer, text.substring(eq + 1));
        }

        @Override
        public String toString() {
            return pointer + "=" + expected;
        }
    }

    /**
     * What a proxy in front of the target will enforce, checked on every response: nginx fails with
     * "upstream sent too big header" past proxy_buffer_size, and answers 504 past proxy_read_timeout.
     *
     * @param maxHeaderBytes  response headers larger than this are HEADERS_TOO_LARGE (0: no limit)
     * @param maxLatency      a response slower than this is SLOW (null: no limit)
     * @param certMinValidity a certificate expiring sooner than this is a warning
     */
    public record Budgets(int maxHeaderBytes, java.time.Duration maxLatency, java.time.Duration certMinValidity) {
        public static final Budgets DEFAULT = new Budgets(0, null, dev.readygate.base.Defaults.CERT_MIN_VALIDITY);
    }
}
