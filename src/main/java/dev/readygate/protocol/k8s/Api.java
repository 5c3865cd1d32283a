package dev.readygate.protocol.k8s;

import dev.readygate.base.JsonValues;
import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Classifier;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.diagnosis.Phase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * The two requests readygate makes of the API server, list and watch, with their failures turned into diagnoses. Every
 * request carries the token read just before it; none of its text reaches a message.
 */
final class Api {
    /** Largest list response. */
    static final int MAX_LIST = 16 << 20;
    /** Largest watch event (one line). */
    static final int MAX_EVENT = 4 << 20;
    /** Longest a watch request asks the server to keep it open; readygate then opens the next one. */
    static final long MAX_WATCH_SECONDS = 300;
    /** Longest a request waits for its response (a list's whole body, a watch's headers), whatever the deadline. */
    static final Duration MAX_REQUEST = Duration.ofSeconds(30);
    private static final Pattern USER = Pattern.compile("User \"([^\"]{1,256})\"");

    private final Access access;
    private final K8sSpec spec;

    Api(Access access, K8sSpec spec) {
        this.access = access;
        this.spec = spec;
    }

    /** A list's objects and its resourceVersion, or why it failed. */
    record Listed(Map<String, Object> list, String resourceVersion, Diagnosis failure) {
    }

    /** An open watch, or why it could not be opened. */
    record Opened(Lines lines, Diagnosis failure) {
    }

    Listed list(Duration left) throws InterruptedException {
        Duration timeout = left.compareTo(MAX_REQUEST) > 0 ? MAX_REQUEST : left;
        long end = System.nanoTime() + timeout.toNanos();
        Sent sent = send(spec.collectionPath() + "?" + spec.narrowing(), timeout, true, "list");
        if (sent.failure != null) return new Listed(null, null, sent.failure);
        try (Lines body = sent.body) {
            String text = body.text(end - System.nanoTime());
            Map<String, Object> list = JsonValues.map(JsonValues.one(text));
            String rv = JsonValues.text(JsonValues.map(list.get("metadata")).get("resourceVersion"), null);
            if (!list.containsKey("items")) return new Listed(null, null, protocolError("the list response has no items"));
            return new Listed(list, rv, null);
        } catch (JsonValues.JsonException e) {
            return new Listed(null, null, protocolError("the list response is not JSON (" + e.getMessage() + ")"));
        } catch (IOException e) {
            return new Listed(null, null, failure(e));
        }
    }

    Opened watch(String resourceVersion, Duration timeout) throws InterruptedException {
        long seconds = Math.max(1, Math.min(MAX_WATCH_SECONDS, timeout.toSeconds()));
        String query = spec.narrowing() + "&watch=1&allowWatchBookmarks=true&timeoutSeconds=" + seconds
                + (resourceVersion == null ? "" : "&resourceVersion=" + K8sSpec.encode(resourceVersion));
        Sent sent = send(spec.collectionPath() + "?" + query, timeout, false, "watch");
        return new Opened(sent.body, sent.failure);
    }

    private record Sent(Lines body, Diagnosis failure) {
    }

    private Sent send(String pathAndQuery, Duration left, boolean whole, String verb) throws InterruptedException {
        Duration timeout = left.compareTo(MAX_REQUEST) > 0 ? MAX_REQUEST : left;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(access.server() + pathAndQuery)).GET()
                .header("Accept", "application/json").header("User-Agent", "readygate")
                .timeout(timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout);
        try {
            String token = access.token() == null ? null : access.token().get();
            if (token != null) b.header("Authorization", "Bearer " + token);
        } catch (Access.CredentialException e) {
            return new Sent(null, Diagnosis.builder(Cause.AUTH_FAILED, e.getMessage()).variant("exec plugin").hint(e.hint).build());
        } catch (IOException e) {
            return new Sent(null, Diagnosis.builder(Cause.AUTH_FAILED, "cannot read the token of " + access.source()
                    + " (" + e.getClass().getSimpleName() + ")").variant("token file")
                    .hint("mount the service account token (automountServiceAccountToken, or a projected serviceAccountToken volume)").build());
        }
        Lines lines = new Lines(whole ? MAX_LIST : MAX_EVENT, whole);
        CompletableFuture<HttpResponse<Lines>> f = access.client().sendAsync(b.build(), info -> lines);
        long start = System.nanoTime();
        HttpResponse<Lines> r;
        try {
            r = f.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            lines.close();
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            lines.close();
            return new Sent(null, failure(new HttpTimeoutException("no response within " + timeout.toMillis() + " ms")));
        } catch (ExecutionException e) {
            lines.close();
            Throwable c = e.getCause() == null ? e : e.getCause();
            return new Sent(null, failure(c));
        }
        if (r.statusCode() == 200) return new Sent(lines, null);
        String text = "";
        try {
            text = lines.text(Math.max(1, timeout.toNanos() - (System.nanoTime() - start)));
        } catch (IOException e) {
            // the status alone says enough
        } finally {
            lines.close();
        }
        return new Sent(null, status(r.statusCode(), text, verb));
    }

    /** A Status object's message, or empty. */
    static String statusMessage(String body) {
        try {
            return JsonValues.text(JsonValues.map(JsonValues.one(body)).get("message"), "");
        } catch (JsonValues.JsonException e) {
            return "";
        }
    }

    /** The diagnosis of an answer other than 200 (a Status object in {@code body}). */
    Diagnosis status(int code, String body, String verb) {
        String said = statusMessage(body);
        String quoted = said.isEmpty() ? "" : ": " + clip(said, 300);
        String where = "the API server at " + access.server();
        String resource = spec.kind().group().isEmpty() ? spec.kind().resource() : spec.kind().resource() + "." + spec.kind().group();
        switch (code) {
            case 401 -> {
                return Diagnosis.builder(Cause.AUTH_FAILED, where + " rejected the credentials of " + access.source() + " (401 Unauthorized)")
                        .variant("401").evidence("status", code)
                        .hint("a token problem: it is missing, expired or revoked; in a pod check automountServiceAccountToken and the projected "
                                + "token, with a kubeconfig get a fresh token (kubectl config view --minify)").build();
            }
            case 403 -> {
                Matcher m = USER.matcher(said);
                String user = m.find() ? m.group(1) : null;
                return Diagnosis.builder(Cause.FORBIDDEN, where + " forbids " + (user == null ? "readygate" : user) + " to " + verb + " " + resource
                                + " in namespace " + spec.namespace() + " (403); missing RBAC rule: verb " + verb + ", apiGroup \"" + spec.kind().group()
                                + "\", resource " + spec.kind().resource() + ", namespace " + spec.namespace())
                        .variant("403").evidence("status", code).evidence("verb", verb).evidence("apiGroup", spec.kind().group())
                        .evidence("resource", spec.kind().resource()).evidence("namespace", spec.namespace())
                        .hint(Rbac.hint(spec, user)).build();
            }
            case 404 -> {
                return Diagnosis.builder(Cause.NOT_FOUND, where + " has no " + resource + " in namespace " + spec.namespace() + " (404" + quoted + ")")
                        .variant("404").evidence("status", code)
                        .hint("check the namespace and that the cluster serves " + resource + "; readygate keeps waiting unless --fail-fast").build();
            }
            default -> {
                return Diagnosis.builder(Cause.HTTP_STATUS, where + " answered " + code + " to the " + verb + " of " + resource + quoted)
                        .variant(String.valueOf(code)).evidence("status", code).permanent(false)
                        .hint(code >= 500 || code == 429 ? "the API server is busy or starting: readygate keeps waiting"
                                : "an unexpected answer: check the API server's address and version").build();
            }
        }
    }

    /** A failure to connect or to exchange, with the API server's address. */
    Diagnosis failure(Throwable e) {
        String address = "API server " + access.server().getAuthority();
        if (e instanceof HttpConnectTimeoutException)
            return Diagnosis.builder(Cause.CONNECT_TIMEOUT, "no answer to connect from " + address + " within " + Access.CONNECT_TIMEOUT.toSeconds() + " s")
                    .evidence("address", access.server().toString()).build();
        if (e instanceof HttpTimeoutException)
            return Diagnosis.builder(Cause.READ_TIMEOUT, address + " did not answer in time (" + e.getMessage() + ")")
                    .evidence("address", access.server().toString()).build();
        if (e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException) {
            String msg = String.valueOf(e.getMessage());
            boolean untrusted = msg.contains("PKIX") || msg.contains("certification path") || msg.contains("No subject alternative");
            return Diagnosis.builder(untrusted ? Cause.TLS_UNTRUSTED : Cause.TLS_HANDSHAKE, address + ": TLS handshake failed (" + clip(msg, 300) + ")")
                    .evidence("address", access.server().toString())
                    .hint(untrusted ? "the API server's certificate is not trusted by the CA of " + access.source()
                            + ": check certificate-authority(-data) or the service account's ca.crt" : null).build();
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException)
                return Diagnosis.builder(Cause.DNS_NOT_FOUND, "the host of " + address + " does not resolve").evidence("address", access.server().toString()).build();
            if (c instanceof java.net.ConnectException) return Classifier.classify(c, Phase.CONNECT, address, 0);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return Classifier.classify(root, Phase.EXCHANGE, address, 0);
    }

    private static Diagnosis protocolError(String what) {
        return Diagnosis.builder(Cause.PROTOCOL_ERROR, what).hint("is the address a Kubernetes API server?").build();
    }

    /** The text on one line, at most {@code max} characters. */
    static String clip(String s, int max) {
        String one = dev.readygate.base.OneLine.collapse(s);
        return one.length() > max ? one.substring(0, max) + "..." : one;
    }
}
