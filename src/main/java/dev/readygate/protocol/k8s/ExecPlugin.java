package dev.readygate.protocol.k8s;

import dev.readygate.base.JsonValues;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A kubeconfig's exec credential plugin ({@code users[].user.exec}: {@code aws eks get-token}, {@code
 * gke-gcloud-auth-plugin}, {@code kubelogin}, ...), run as kubectl runs it: its command and args, with its env added to
 * readygate's and {@code KUBERNETES_EXEC_INFO} saying it may not ask anything (no stdin), its stdout read as an
 * ExecCredential. Its {@code status.token} is kept until {@code status.expirationTimestamp} (a minute before; for the run
 * when there is none). Bounded: 20 s and 64 KiB of output per run; what it prints is never shown.
 *
 * @param command    the command and its args (a command with a '/' is relative to the kubeconfig's folder)
 * @param env        its {@code env} entries
 * @param apiVersion the ExecCredential version it speaks ({@code client.authentication.k8s.io/v1} or {@code v1beta1})
 * @param shown      the command's name, for messages
 */
record ExecPlugin(List<String> command, Map<String, String> env, String apiVersion, String shown, Cache cache) {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_OUTPUT = 64 << 10;
    /** How long before its expiry a token is fetched again. */
    static final Duration EARLY = Duration.ofMinutes(1);

    ExecPlugin(List<String> command, Map<String, String> env, String apiVersion, String shown) {
        this(List.copyOf(command), Map.copyOf(env), apiVersion, shown, new Cache());
    }

    /** The token of the last run, and until when it holds (null: for the whole run). */
    static final class Cache {
        String token;
        Instant until;
    }

    /** The current token, running the plugin when there is none or it is about to expire. */
    String token() throws IOException {
        synchronized (cache) {
            if (cache.token != null && (cache.until == null || Instant.now().isBefore(cache.until))) return cache.token;
            run();
            return cache.token;
        }
    }

    private void run() throws IOException {
        String hint = "run the plugin by hand (" + shown + ") to see why, or give the kubeconfig's user a token or tokenFile";
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        pb.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + " cannot be started (not found, or not executable)",
                    "install it or fix exec.command in the kubeconfig (its installHint says how)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                out.writeBytes(in.readNBytes(MAX_OUTPUT + 1));
            } catch (IOException e) {
                // what was read is judged below
            }
        }, "k8s-exec-credential");
        reader.setDaemon(true);
        reader.start();
        boolean done;
        try {
            done = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (done) reader.join(1000);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the exec credential plugin ran");
        }
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + " did not finish within "
                    + TIMEOUT.toSeconds() + " s (readygate gives it no terminal to ask on)", hint);
        }
        if (p.exitValue() != 0)
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + " failed (exit " + p.exitValue() + ")", hint);
        if (out.size() > MAX_OUTPUT)
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + " printed more than 64 KiB", hint);
        Map<String, Object> status;
        try {
            Map<String, Object> credential = JsonValues.map(JsonValues.one(out.toString(StandardCharsets.UTF_8)));
            status = JsonValues.map(credential.get("status"));
        } catch (JsonValues.JsonException e) {
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + " printed no ExecCredential JSON", hint);
        }
        String token = JsonValues.text(status.get("token"), "");
        if (token.isBlank()) {
            boolean cert = !JsonValues.text(status.get("clientCertificateData"), "").isBlank();
            throw new Access.CredentialException("the kubeconfig's exec credential plugin " + shown + (cert
                    ? " returned a client certificate, which readygate does not take from a plugin yet" : " returned no status.token"),
                    cert ? "give the kubeconfig's user the certificate itself (client-certificate-data and client-key-data)" : hint);
        }
        Instant until = null;
        String expires = JsonValues.text(status.get("expirationTimestamp"), "");
        if (!expires.isBlank()) {
            try {
                until = Instant.parse(expires).minus(EARLY);
            } catch (DateTimeParseException e) {
                until = null; // kept for the run, as without one
            }
        }
        cache.token = token.trim();
        cache.until = until;
    }

    /** The command as the kubeconfig writes it: {@code command} then {@code args}. */
    static List<String> commandLine(String command, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        return all;
    }
}
