package dev.readygate.protocol.http;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.protocol.http.TlsFailures.Context;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The table of TLS failures, pinned row by row: which failure in which context gives which cause, message and hint. */
class TlsFailuresTest {
    /** Self-signed, CN=example.test, SANs DNS:example.test and IP:192.0.2.7, valid 2024-01-01 to 2123-12-08. */
    static final X509Certificate VALID = pem("""
            MIIBZjCCAQygAwIBAgIIcqqIh0qFsScwCgYIKoZIzj0EAwIwFzEVMBMGA1UEAxMM
            ZXhhbXBsZS50ZXN0MCAXDTI0MDEwMTAwMDAwMFoYDzIxMjMxMjA4MDAwMDAwWjAX
            MRUwEwYDVQQDEwxleGFtcGxlLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
            AATVW/UZR/gjBnZ+cupNluu7NjfrWKTO+ipoeCE0vqmsv29S9npeuwiMI6r0tBOh
            /HxLEx8JWYzOFG+5qC3VLQ3qo0AwPjAdBgNVHQ4EFgQUx9Iwfj/Kwea2zdYBu0Zd
            LUK6y7AwHQYDVR0RBBYwFIIMZXhhbXBsZS50ZXN0hwTAAAIHMAoGCCqGSM49BAMC
            A0gAMEUCIQCU6HSkdMcMfq7UaCmH3nndp9SMdurahFEkcPZmeMAQBAIgU9XZoors
            EKwiQrAS/B2KoaAfZDlBbsaiAVJ0q6SV3Ow=
            """);
    /** Self-signed, CN=old.example.test, valid 2020-01-01 to 2020-01-02. */
    static final X509Certificate EXPIRED = pem("""
            MIIBazCCARCgAwIBAgIIHJXC/owRopEwCgYIKoZIzj0EAwIwGzEZMBcGA1UEAxMQ
            b2xkLmV4YW1wbGUudGVzdDAeFw0yMDAxMDEwMDAwMDBaFw0yMDAxMDIwMDAwMDBa
            MBsxGTAXBgNVBAMTEG9sZC5leGFtcGxlLnRlc3QwWTATBgcqhkjOPQIBBggqhkjO
            PQMBBwNCAAT/rdedhJA0Wt+TH0U2wx1Xr2vKSb6tfQMWbUwWQleVC8YvEWvpWwms
            MtsE3t+au4UhDP6kvdmWx+UiT2QwyAlqoz4wPDAdBgNVHQ4EFgQUa92UabXm9o81
            ODM5Pan50S3Jto4wGwYDVR0RBBQwEoIQb2xkLmV4YW1wbGUudGVzdDAKBggqhkjO
            PQQDAgNJADBGAiEAk6rGAeW3a50bjs+3tDH5avItZkdFcpJz3rFqvADiw+4CIQDB
            uJqYMFqt6M/sHYjNfc/wt+yAxnndy62eVhPuwW4/Sw==
            """);
    /** Self-signed, CN=new.example.test, valid 2120-01-01 to 2120-01-02. */
    static final X509Certificate FUTURE = pem("""
            MIIBbzCCARWgAwIBAgIJAM7wyO0SolKsMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMT
            EG5ldy5leGFtcGxlLnRlc3QwIhgPMjEyMDAxMDEwMDAwMDBaGA8yMTIwMDEwMjAw
            MDAwMFowGzEZMBcGA1UEAxMQbmV3LmV4YW1wbGUudGVzdDBZMBMGByqGSM49AgEG
            CCqGSM49AwEHA0IABMEC9/Np60qtivIURRlnoYSYCKPkfvc3kCRy47YjOI+1TbPK
            bJ/MZPU5oECUfNg/GkyTdi7vSvj6imIC3PKSJamjPjA8MB0GA1UdDgQWBBSAVDdi
            C0gkrnYFWu4wnHdil12EWzAbBgNVHREEFDASghBuZXcuZXhhbXBsZS50ZXN0MAoG
            CCqGSM49BAMCA0gAMEUCIC1nu2npHJuuNuN8X5Cn0fF2oOknGs8FIGnvZ3tqdZBn
            AiEAg26yjk4aUlWlMNyACH7hC2nR65geqksveyFuWvHc+BU=
            """);

    static final String ADDRESS = "192.0.2.7:8443";
    static final String HOST = "example.test";
    static final String HTTPS = "https://example.test:8443/health";
    static final String CLIENT_CERT = "certs/client.pem";

    static X509Certificate pem(String base64) {
        String text = "-----BEGIN CERTIFICATE-----\n" + base64 + "-----END CERTIFICATE-----\n";
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T extends Throwable> T causedBy(T e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    static SSLHandshakeException pathValidation(Throwable reason) {
        return causedBy(new SSLHandshakeException("PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"),
                new CertPathValidatorException("validity check failed", reason));
    }

    /**
     * One row of the test table: a failure in a context, with the facts known about it, and what it must give.
     *
     * @param row       the index of the table row that must match
     * @param hint      null: the cause's own hint
     * @param permanent null: the cause's own default
     */
    record Case(Context context, Throwable error, X509Certificate leaf, String clientCert,
                int row, Cause cause, String message, String hint, Boolean permanent) {
    }

    static Arguments row(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    static Case handshake(Throwable error, X509Certificate leaf, int row, Cause cause, String message) {
        return new Case(Context.HANDSHAKE, error, leaf, null, row, cause, message, null, null);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("the JDK's words for plain text in answer to a ClientHello", handshake(
                        new SSLException("Unsupported or unrecognized SSL message"), null,
                        0, Cause.TLS_ON_PLAIN_PORT, "192.0.2.7:8443 answered the TLS handshake in plain text: the port speaks plain HTTP, not TLS")),
                row("older JDKs: plaintext connection?", handshake(
                        new SSLException("Unrecognized SSL message, plaintext connection?"), null,
                        0, Cause.TLS_ON_PLAIN_PORT, "192.0.2.7:8443 answered the TLS handshake in plain text: the port speaks plain HTTP, not TLS")),
                row("plain text wins over anything else in the chain", handshake(
                        causedBy(new SSLException("plaintext connection?"), new CertificateExpiredException("NotAfter")), EXPIRED,
                        0, Cause.TLS_ON_PLAIN_PORT, "192.0.2.7:8443 answered the TLS handshake in plain text: the port speaks plain HTTP, not TLS")),
                row("expired, the certificate seen", handshake(
                        pathValidation(new CertificateExpiredException("NotAfter: Thu Jan 02 00:00:00 UTC 2020")), EXPIRED,
                        1, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 (subject CN=old.example.test, issuer CN=old.example.test)"
                                + " expired on 2020-01-02T00:00:00Z")),
                row("expired wins over not yet valid", handshake(
                        causedBy(new SSLHandshakeException("bad"), causedBy(new CertificateNotYetValidException("NotBefore"),
                                new CertificateExpiredException("NotAfter"))), EXPIRED,
                        1, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 (subject CN=old.example.test, issuer CN=old.example.test)"
                                + " expired on 2020-01-02T00:00:00Z")),
                row("expired wins over a name mismatch", handshake(
                        causedBy(new SSLHandshakeException("No name matching example.test found"), new CertificateExpiredException("NotAfter")), EXPIRED,
                        1, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 (subject CN=old.example.test, issuer CN=old.example.test)"
                                + " expired on 2020-01-02T00:00:00Z")),
                row("not yet valid, the certificate seen", handshake(
                        pathValidation(new CertificateNotYetValidException("NotBefore: Mon Jan 01 00:00:00 UTC 2120")), FUTURE,
                        2, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 (subject CN=new.example.test, issuer CN=new.example.test)"
                                + " is not valid before 2120-01-01T00:00:00Z")),
                row("expired, no certificate seen", handshake(
                        pathValidation(new CertificateExpiredException("NotAfter")), null,
                        3, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 is expired or not yet valid")),
                row("not yet valid, no certificate seen", handshake(
                        pathValidation(new CertificateNotYetValidException("NotBefore")), null,
                        3, Cause.TLS_EXPIRED, "the certificate of 192.0.2.7:8443 is expired or not yet valid")),
                row("no SAN for the name, the certificate seen", handshake(
                        causedBy(new SSLHandshakeException("No subject alternative DNS name matching localhost found."),
                                new CertificateException("No subject alternative DNS name matching localhost found.")), VALID,
                        4, Cause.TLS_HOSTNAME_MISMATCH, "the certificate of 192.0.2.7:8443 does not name 'example.test'; it names"
                                + " [DNS:example.test, IP:192.0.2.7]")),
                row("no name matching, no certificate seen", handshake(
                        new SSLHandshakeException("No name matching localhost found"), null,
                        4, Cause.TLS_HOSTNAME_MISMATCH, "the certificate of 192.0.2.7:8443 does not name 'example.test'")),
                row("a name mismatch wins over an untrusted path", handshake(
                        causedBy(new SSLHandshakeException("No subject alternative names present"), new CertPathValidatorException("x")), null,
                        4, Cause.TLS_HOSTNAME_MISMATCH, "the certificate of 192.0.2.7:8443 does not name 'example.test'")),
                row("a path that cannot be built, however it is worded", handshake(
                        causedBy(new SSLHandshakeException("handshake failed"), new CertPathBuilderException("building failed")), VALID,
                        5, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 (subject CN=example.test, issuer CN=example.test) is not trusted")),
                row("a path that does not validate, the certificate also expired", handshake(
                        causedBy(new SSLHandshakeException("handshake failed"), new CertPathValidatorException("signature check failed")), EXPIRED,
                        5, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 (subject CN=old.example.test, issuer CN=old.example.test)"
                                + " is not trusted; it is also outside its validity (notAfter 2020-01-02T00:00:00Z)")),
                row("a path that does not validate, no certificate seen", handshake(
                        causedBy(new SSLHandshakeException("handshake failed"), new CertPathValidatorException("signature check failed")), null,
                        5, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 is not trusted")),
                row("PKIX path building failed, in words only", handshake(
                        new SSLHandshakeException("PKIX path building failed"), VALID,
                        6, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 (subject CN=example.test, issuer CN=example.test) is not trusted")),
                row("unable to find valid certification path, in a cause", handshake(
                        causedBy(new SSLHandshakeException("handshake failed"),
                                new CertificateException("unable to find valid certification path to requested target")), null,
                        6, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 is not trusted")),
                row("certpath", handshake(
                        new SSLHandshakeException("sun.security.provider.certpath failure"), null,
                        6, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 is not trusted")),
                row("not trusted", handshake(
                        new SSLHandshakeException("Certificate is Not Trusted"), null,
                        6, Cause.TLS_UNTRUSTED, "the certificate of 192.0.2.7:8443 is not trusted")),
                row("a reset during the handshake", handshake(
                        new SocketException("Connection reset"), null,
                        7, Cause.CONNECTION_RESET, "connection reset by 192.0.2.7:8443 during the TLS handshake")),
                row("fall-through: an alert", handshake(
                        new SSLHandshakeException("Received fatal alert: handshake_failure"), VALID,
                        8, Cause.TLS_HANDSHAKE, "the TLS handshake with 192.0.2.7:8443 failed: SSLHandshakeException: Received fatal alert: handshake_failure")),
                row("fall-through: the peer closed", handshake(
                        causedBy(new SSLHandshakeException("Remote host terminated the handshake"), new EOFException("SSL peer shut down incorrectly")), null,
                        8, Cause.TLS_HANDSHAKE, "the TLS handshake with 192.0.2.7:8443 failed: SSLHandshakeException: Remote host terminated the handshake")),
                row("fall-through: no message", handshake(
                        new SSLException((String) null), null,
                        8, Cause.TLS_HANDSHAKE, "the TLS handshake with 192.0.2.7:8443 failed: SSLException: ")),
                row("fall-through: a long message is cut", handshake(
                        new SSLException("x".repeat(170) + "\n"), null,
                        8, Cause.TLS_HANDSHAKE, "the TLS handshake with 192.0.2.7:8443 failed: SSLException: " + "x".repeat(160) + "...")),
                row("the client certificate given is refused", new Case(Context.CLIENT_CERT_REQUESTED,
                        new SocketException("Connection reset"), VALID, CLIENT_CERT, 9, Cause.TLS_HANDSHAKE,
                        "192.0.2.7:8443 asked for a client certificate and then closed the connection: it did not accept certs/client.pem",
                        "check that the server trusts the issuer of --client-cert", true)),
                row("a client certificate is required, none given", new Case(Context.CLIENT_CERT_REQUESTED,
                        new Failure(Cause.EMPTY_RESPONSE, "closed the connection without sending a byte"), VALID, null, 10, Cause.TLS_HANDSHAKE,
                        "192.0.2.7:8443 requires a client certificate and none is configured", "pass --client-cert and --client-key", true)),
                row("a TLS record in answer to a plain request", new Case(Context.TLS_RECORD_ON_PLAIN,
                        new Failure(Cause.PLAIN_ON_TLS_PORT, "the server answered plain HTTP with a TLS record (first bytes '\\x15\\x03\\x03')"),
                        null, null, 11, Cause.PLAIN_ON_TLS_PORT,
                        "192.0.2.7:8443 the server answered plain HTTP with a TLS record (first bytes '\\x15\\x03\\x03')",
                        "the port speaks TLS only: use https://example.test:8443/health", null)),
                row("a failed plain request, then a TLS handshake that succeeds", new Case(Context.TLS_ONLY_PORT,
                        null, null, null, 12, Cause.PLAIN_ON_TLS_PORT,
                        "192.0.2.7:8443 speaks TLS only: a plain HTTP request got HTTP_STATUS 400, and a TLS handshake on the same port succeeds (TLSv1.3)",
                        "use https://example.test:8443/health", null)),
                row("a 400 saying plain HTTP was sent to an HTTPS port", new Case(Context.HTTPS_PORT_400,
                        null, null, null, 13, Cause.PLAIN_ON_TLS_PORT,
                        "192.0.2.7:8443 speaks TLS: a plain HTTP request got HTTP_STATUS 400 saying the plain HTTP request was sent to an HTTPS port",
                        "use https://example.test:8443/health", null)),
                row("a handshake with no answer, then a plain request that is answered", new Case(Context.PLAIN_ANSWERS_SILENT_HANDSHAKE,
                        null, null, null, 14, Cause.TLS_ON_PLAIN_PORT,
                        "the TLS handshake with 192.0.2.7:8443 got no answer, but a plain HTTP request to the same port is answered"
                                + " ('HTTP_STATUS 400'): the port speaks plain HTTP, not TLS", null, null)));
    }

    static TlsFailures.Facts facts(Case c) {
        return new TlsFailures.Facts(c.error(), ADDRESS, HOST, c.leaf(), c.clientCert(), HTTPS, "HTTP_STATUS 400", "TLSv1.3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifies(Case c) {
        assertSame(TlsFailures.ROWS.get(c.row()), TlsFailures.match(c.context(), facts(c)), "row");
        TlsFailures.Classified k = TlsFailures.classify(c.context(), facts(c));
        assertEquals(c.cause(), k.cause());
        assertEquals(c.message(), k.message());
        assertEquals(c.hint(), k.hint());
        assertEquals(c.permanent(), k.permanent());
        Diagnosis d = k.finish(Diagnosis.builder(k.cause(), k.message())).build();
        assertEquals(c.hint() == null ? c.cause().hint() : c.hint(), d.hint());
        assertEquals(c.permanent() == null ? c.cause().permanent() : c.permanent(), d.permanent());
    }

    @Test
    void everyRowIsCovered() {
        Set<Integer> hit = new TreeSet<>();
        table().forEach(a -> hit.add(((Case) ((Named<?>) a.get()[0]).getPayload()).row()));
        List<Integer> all = new ArrayList<>(IntStream.range(0, TlsFailures.ROWS.size()).boxed().toList());
        assertEquals(all, new ArrayList<>(hit));
    }

    @Test
    void everyContextEndsWithARowThatMatchesAnything() {
        for (Context c : Context.values()) {
            TlsFailures.Row last = null;
            for (TlsFailures.Row r : TlsFailures.ROWS) if (r.context() == c) last = r;
            assertEquals(List.of(), last.thrown(), c.name());
            assertEquals(List.of(), last.words(), c.name());
            assertEquals(TlsFailures.Needs.NOTHING, last.needs(), c.name());
        }
    }

    static Stream<Arguments> contexts() {
        SSLException ssl = new SSLException("tag mismatch");
        IOException reset = new SocketException("Connection reset");
        return Stream.of(
                Arguments.of("any failure in the handshake", reset, Step.TLS, 0, false, false, Context.HANDSHAKE),
                Arguments.of("TLS breaks before any response byte", ssl, Step.HEAD, 0, false, false, Context.HANDSHAKE),
                Arguments.of("TLS breaks after response bytes", ssl, Step.BODY, 120, false, false, null),
                Arguments.of("a reset while sending is not TLS", reset, Step.SEND, 0, false, false, null),
                Arguments.of("a handshake that times out", new SocketTimeoutException("Read timed out"), Step.TLS, 0, true, false, null),
                Arguments.of("the watchdog closed the handshake", new SocketException("Socket closed"), Step.TLS, 0, true, false, null),
                Arguments.of("asked for a client certificate, then a reset", reset, Step.HEAD, 0, false, true, Context.CLIENT_CERT_REQUESTED),
                Arguments.of("asked for a client certificate, then the handshake broke", ssl, Step.TLS, 0, false, true, Context.CLIENT_CERT_REQUESTED),
                Arguments.of("asked for a client certificate, then a timeout", reset, Step.HEAD, 0, true, true, null),
                Arguments.of("asked for a client certificate, then response bytes", reset, Step.BODY, 10, false, true, null),
                Arguments.of("asked for a client certificate, then a silent close",
                        new Failure(Cause.EMPTY_RESPONSE, "closed"), Step.HEAD, 0, false, true, Context.CLIENT_CERT_REQUESTED),
                Arguments.of("a silent close", new Failure(Cause.EMPTY_RESPONSE, "closed"), Step.HEAD, 0, false, false, null),
                Arguments.of("a TLS record on a plain request", new Failure(Cause.PLAIN_ON_TLS_PORT, "record"), Step.HEAD, 7, false, false,
                        Context.TLS_RECORD_ON_PLAIN),
                Arguments.of("garbage on a plain request", new Failure(Cause.PROTOCOL_ERROR, "garbage"), Step.HEAD, 7, false, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void context(String name, Exception e, Step step, long received, boolean timedOut, boolean clientCertRequested, Context expected) {
        assertEquals(expected, TlsFailures.context(e, step, received, timedOut, clientCertRequested));
    }

    @Test
    void aRuntimeExceptionIsNoTlsMatter() {
        assertNull(TlsFailures.context(new IllegalStateException("bug"), Step.TLS, 0, false, true));
    }
}
