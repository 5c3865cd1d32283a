package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of TLS failures: in which phase context, with which exception in the cause chain and
 * which words in its messages, a hop failed for which cause, and the message and hint to give.
 *
 * <p>Rows are tried in order and the first that matches wins. Every context ends with a row that
 * matches anything: in {@link Context#HANDSHAKE} that is the fall-through, TLS_HANDSHAKE with the
 * exception's own words. A failure outside the contexts ({@link #context} gives null) is not a
 * TLS matter and is classified elsewhere.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /** Where in a hop (or after it) the failure happened. */
    enum Context {
        /** The TLS handshake failed, or TLS broke before any response byte (not a timeout). */
        HANDSHAKE,
        /** The server asked for a client certificate, then ended the connection before any response byte. */
        CLIENT_CERT_REQUESTED,
        /** A plain http:// request was answered with a TLS record. */
        TLS_RECORD_ON_PLAIN,
        /** A plain http:// request failed, and a TLS handshake on the same port then succeeded. */
        TLS_ONLY_PORT,
        /** A plain http:// request got a 400 whose body says the port expects HTTPS (no handshake confirmed it). */
        HTTPS_PORT_400,
        /** An https:// handshake got no answer, and a plain HTTP request to the same port was answered. */
        PLAIN_ANSWERS_SILENT_HANDSHAKE
    }

    /** What else a row needs to be known. */
    enum Needs {
        NOTHING,
        /** The handshake saw the server's certificate. */
        SERVER_CERTIFICATE,
        /** A client certificate is configured. */
        CLIENT_CERTIFICATE
    }

    /**
     * One row. Templates name facts in braces (see {@link Facts}).
     *
     * @param thrown    some exception in the cause chain is one of these (empty: any)
     * @param words     some of these occur in the chain's messages, case-insensitively (empty: any)
     * @param hint      null: the cause's own hint
     * @param permanent null: the cause's own default
     */
    record Row(Context context, List<Class<? extends Throwable>> thrown, List<String> words, Needs needs,
               Cause cause, String message, String hint, Boolean permanent) {
    }

    private static final List<String> UNTRUSTED_WORDS = List.of("pkix path", "unable to find valid certification path", "certpath", "not trusted");
    private static final String UNTRUSTED = "the certificate of {address}{cert} is not trusted{alsoInvalid}";
    private static final String EXPIRED_OR_NOT_YET = "the certificate of {address} is expired or not yet valid";

    /** The table, in the order the rows are tried. */
    static final List<Row> ROWS = List.of(
            handshake(List.of(), List.of("unsupported or unrecognized ssl message", "plaintext connection"), Needs.NOTHING,
                    Cause.TLS_ON_PLAIN_PORT, "{address} answered the TLS handshake in plain text: the port speaks plain HTTP, not TLS"),
            handshake(List.of(CertificateExpiredException.class), List.of(), Needs.SERVER_CERTIFICATE,
                    Cause.TLS_EXPIRED, "the certificate of {address}{cert} expired on {notAfter}"),
            handshake(List.of(CertificateNotYetValidException.class), List.of(), Needs.SERVER_CERTIFICATE,
                    Cause.TLS_EXPIRED, "the certificate of {address}{cert} is not valid before {notBefore}"),
            handshake(List.of(CertificateExpiredException.class, CertificateNotYetValidException.class), List.of(), Needs.NOTHING,
                    Cause.TLS_EXPIRED, EXPIRED_OR_NOT_YET),
            handshake(List.of(), List.of("no subject alternative", "no name matching"), Needs.NOTHING,
                    Cause.TLS_HOSTNAME_MISMATCH, "the certificate of {address} does not name '{host}'{itNames}"),
            handshake(List.of(CertPathBuilderException.class, CertPathValidatorException.class), List.of(), Needs.NOTHING,
                    Cause.TLS_UNTRUSTED, UNTRUSTED),
            handshake(List.of(), UNTRUSTED_WORDS, Needs.NOTHING, Cause.TLS_UNTRUSTED, UNTRUSTED),
            handshake(List.of(), List.of("connection reset"), Needs.NOTHING,
                    Cause.CONNECTION_RESET, "connection reset by {address} during the TLS handshake"),
            handshake(List.of(), List.of(), Needs.NOTHING, Cause.TLS_HANDSHAKE, "the TLS handshake with {address} failed: {detail}"),
            new Row(Context.CLIENT_CERT_REQUESTED, List.of(), List.of(), Needs.CLIENT_CERTIFICATE, Cause.TLS_HANDSHAKE,
                    "{address} asked for a client certificate and then closed the connection: it did not accept {clientCert}",
                    "check that the server trusts the issuer of --client-cert", true),
            new Row(Context.CLIENT_CERT_REQUESTED, List.of(), List.of(), Needs.NOTHING, Cause.TLS_HANDSHAKE,
                    "{address} requires a client certificate and none is configured", "pass --client-cert and --client-key", true),
            new Row(Context.TLS_RECORD_ON_PLAIN, List.of(), List.of(), Needs.NOTHING, Cause.PLAIN_ON_TLS_PORT,
                    "{address} {finding}", "the port speaks TLS only: use {https}", null),
            new Row(Context.TLS_ONLY_PORT, List.of(), List.of(), Needs.NOTHING, Cause.PLAIN_ON_TLS_PORT,
                    "{address} speaks TLS only: a plain HTTP request got {plainResult}, and a TLS handshake on the same port succeeds ({tlsProtocol})",
                    "use {https}", null),
            new Row(Context.HTTPS_PORT_400, List.of(), List.of(), Needs.NOTHING, Cause.PLAIN_ON_TLS_PORT,
                    "{address} speaks TLS: a plain HTTP request got {plainResult} saying the plain HTTP request was sent to an HTTPS port",
                    "use {https}", null),
            new Row(Context.PLAIN_ANSWERS_SILENT_HANDSHAKE, List.of(), List.of(), Needs.NOTHING, Cause.TLS_ON_PLAIN_PORT,
                    "the TLS handshake with {address} got no answer, but a plain HTTP request to the same port is answered ('{plainResult}'):"
                            + " the port speaks plain HTTP, not TLS", null, null));

    private static Row handshake(List<Class<? extends Throwable>> thrown, List<String> words, Needs needs, Cause cause, String message) {
        return new Row(Context.HANDSHAKE, thrown, words, needs, cause, message, null, null);
    }

    /**
     * The context of a failure that stopped a hop, or null when it is not a TLS matter.
     *
     * @param e                    a {@link Failure} (what the server sent) or an IOException
     * @param step                 the phase the hop was in
     * @param received             bytes received on the connection so far
     * @param timedOut             the deadline passed (read timeout, or the watchdog closed the socket)
     * @param clientCertRequested  the server asked for a client certificate on this connection
     */
    static Context context(Exception e, Step step, long received, boolean timedOut, boolean clientCertRequested) {
        if (e instanceof Failure f) {
            if (f.cause == Cause.EMPTY_RESPONSE && clientCertRequested) return Context.CLIENT_CERT_REQUESTED;
            return f.cause == Cause.PLAIN_ON_TLS_PORT ? Context.TLS_RECORD_ON_PLAIN : null;
        }
        if (!(e instanceof IOException) || timedOut) return null;
        if (clientCertRequested && received == 0) return Context.CLIENT_CERT_REQUESTED;
        if (step == Step.TLS || (e instanceof SSLException && received == 0)) return Context.HANDSHAKE;
        return null;
    }

    /** The first row for this context that matches the failure and the facts. */
    static Row match(Context context, Facts facts) {
        Chain chain = Chain.of(facts.error());
        for (Row row : ROWS) {
            if (row.context() == context && chain.has(row.thrown()) && chain.says(row.words()) && facts.has(row.needs())) return row;
        }
        throw new IllegalStateException("no row for " + context);
    }

    /** What the first matching row says, its templates filled with the facts. */
    static Classified classify(Context context, Facts facts) {
        Row row = match(context, facts);
        return new Classified(row.cause(), facts.fill(row.message()), row.hint() == null ? null : facts.fill(row.hint()), row.permanent());
    }

    /**
     * A classified TLS failure.
     *
     * @param hint      null: the cause's own hint
     * @param permanent null: the cause's own default
     */
    record Classified(Cause cause, String message, String hint, Boolean permanent) {
        /** Sets the hint and the permanence on a diagnosis started with this cause and message. */
        Diagnosis.Builder finish(Diagnosis.Builder d) {
            if (hint != null) d.hint(hint);
            if (permanent != null) d.permanent(permanent);
            return d;
        }
    }

    /** The cause chain of an exception: its types and all its messages as one lower-case text. */
    private record Chain(List<Throwable> all, String messages) {
        static Chain of(Throwable e) {
            List<Throwable> all = new ArrayList<>();
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            StringBuilder text = new StringBuilder();
            for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
                all.add(t);
                text.append(' ').append(t.getMessage());
            }
            return new Chain(all, text.toString().toLowerCase(Locale.ROOT));
        }

        boolean has(List<Class<? extends Throwable>> types) {
            if (types.isEmpty()) return true;
            for (Throwable t : all) for (Class<? extends Throwable> c : types) if (c.isInstance(t)) return true;
            return false;
        }

        boolean says(List<String> words) {
            if (words.isEmpty()) return true;
            for (String w : words) if (messages.contains(w)) return true;
            return false;
        }
    }

    /**
     * What the templates can name: {address}, {host}, {detail} (the exception, cut), {finding}
     * (the message of a Failure), {cert} (" (subject …, issuer …)" or nothing), {notAfter},
     * {notBefore}, {itNames} ("; it names [SANs]" or nothing), {alsoInvalid} (a note when the
     * certificate is also outside its validity, or nothing), {clientCert}, {https},
     * {plainResult}, {tlsProtocol}.
     *
     * @param error       what failed (null after the attempt, in TLS_ONLY_PORT)
     * @param leaf        the server certificate the handshake saw (null if none)
     * @param clientCert  the configured client certificate (null if none)
     * @param https       the target as an https:// URI
     */
    record Facts(Throwable error, String address, String host, X509Certificate leaf, String clientCert, String https,
                 String plainResult, String tlsProtocol) {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

        boolean has(Needs needs) {
            return switch (needs) {
                case NOTHING -> true;
                case SERVER_CERTIFICATE -> leaf != null;
                case CLIENT_CERTIFICATE -> clientCert != null;
            };
        }

        /** The exception as "Type: message", the message cut at 160 characters. */
        String detail() {
            return error.getClass().getSimpleName() + ": " + Text.excerpt(error.getMessage(), 160);
        }

        String fill(String template) {
            Matcher m = PLACEHOLDER.matcher(template);
            StringBuilder sb = new StringBuilder();
            while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(value(m.group(1)))));
            m.appendTail(sb);
            return sb.toString();
        }

        private String value(String name) {
            return switch (name) {
                case "address" -> address;
                case "host" -> host;
                case "detail" -> detail();
                case "finding" -> String.valueOf(error.getMessage());
                case "cert" -> leaf == null ? "" : " (subject " + leaf.getSubjectX500Principal().getName()
                        + ", issuer " + leaf.getIssuerX500Principal().getName() + ")";
                case "notAfter" -> leaf.getNotAfter().toInstant().toString();
                case "notBefore" -> leaf.getNotBefore().toInstant().toString();
                case "itNames" -> leaf == null ? "" : "; it names " + Certificates.sans(leaf);
                case "alsoInvalid" -> alsoInvalid();
                case "clientCert" -> clientCert;
                case "https" -> https;
                case "plainResult" -> plainResult;
                case "tlsProtocol" -> tlsProtocol;
                default -> throw new IllegalArgumentException("unknown fact {" + name + "}");
            };
        }

        private String alsoInvalid() {
            if (leaf == null) return "";
            try {
                leaf.checkValidity();
                return "";
            } catch (CertificateExpiredException | CertificateNotYetValidException x) {
                return "; it is also outside its validity (notAfter " + leaf.getNotAfter().toInstant() + ")";
            }
        }
    }
}
