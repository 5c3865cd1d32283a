package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.RawServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.readygate.protocol.postgres.Pg.assertNotReady;
import static dev.readygate.protocol.postgres.Pg.assertReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-level fakes, only for what no cheap real server shows on demand: crash-recovery texts, hostile
 * lengths, SASL from a server that does not know the password, methods readygate does not speak,
 * and bytes of other protocols.
 */
@Timeout(60)
class PostgresFakeTest {

    /** Answers the SSLRequest with 'N', reads the StartupMessage, then lets {@code script} talk. */
    interface Script {
        void run(DataInputStream in, OutputStream out) throws Exception;
    }

    static RawServer fake(Script script) throws IOException {
        return new RawServer((s, srv) -> {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int len = in.readInt();
            int code = in.readInt();
            in.readFully(new byte[len - 8]);
            if (code == Wire.SSL_REQUEST_CODE) {
                out.write('N');
                out.flush();
                len = in.readInt();
                in.readFully(new byte[len - 4]);
            }
            script.run(in, out);
            out.flush();
            // until the probe hangs up (so the next connection is served)
            s.setSoTimeout(5_000);
            while (in.read() >= 0) {
                // what the probe says last (Terminate)
            }
        });
    }

    static RawServer replying(byte[]... messages) throws IOException {
        return fake((in, out) -> {
            for (byte[] m : messages) out.write(m);
        });
    }

    static byte[] msg(char type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        int len = body.length + 4;
        b.write(len >>> 24);
        b.write(len >>> 16);
        b.write(len >>> 8);
        b.write(len);
        b.writeBytes(body);
        return b.toByteArray();
    }

    static byte[] error(String code, String message, String detail) {
        String f = "SFATAL\0VFATAL\0C" + code + "\0M" + message + "\0" + (detail == null ? "" : "D" + detail + "\0") + "\0";
        return msg('E', f.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] auth(int code, String extra) {
        byte[] e = extra.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[4 + e.length];
        body[3] = (byte) code;
        System.arraycopy(e, 0, body, 4, e.length);
        return msg('R', body);
    }

    static ProbeResult probe(RawServer srv, String userInfo, String... settings) {
        return new PostgresProbe().probe(Pg.target("postgres://" + userInfo + "127.0.0.1:" + srv.port() + "/db", settings), Duration.ofSeconds(3));
    }

    @Test
    void crashRecoveryTextsAreStartingUpRecovery() throws Exception {
        for (String text : List.of("the database system is in recovery mode", "the database system is not yet accepting connections")) {
            try (RawServer srv = replying(error("57P03", text, null))) {
                ProbeResult r = probe(srv, "");
                assertNotReady(r, Cause.STARTING_UP, false);
                assertEquals("recovery", r.diagnosis().variant());
            }
        }
        try (RawServer srv = replying(error("57P03", "das Datenbanksystem startet", null))) {
            assertNotReady(probe(srv, ""), Cause.STARTING_UP, false);
        }
    }

    @Test
    void sessionsEndedByAnAdministratorAreShuttingDown() throws Exception {
        try (RawServer srv = replying(auth(0, ""), error("57P01", "terminating connection due to administrator command", null))) {
            assertNotReady(probe(srv, "app:pw@"), Cause.SHUTTING_DOWN, false);
        }
    }

    @Test
    void anyOtherErrorWithoutCredentialsMeansTheServerIsUpAsPgIsreadySays() throws Exception {
        try (RawServer srv = replying(auth(0, ""), error("XX000", "something odd", null))) {
            ProbeResult r = probe(srv, "");
            assertReady(r);
            assertTrue(String.valueOf(r.evidence().get("serverUp")).contains("XX000"), r.evidence()::toString);
        }
    }

    @Test
    void aMethodReadygateDoesNotSpeakIsReadyWithoutCredentialsAndAuthFailedWithThem() throws Exception {
        try (RawServer srv = replying(auth(7, ""))) {
            assertReady(probe(srv, ""));
            ProbeResult r = probe(srv, "app:pw@");
            assertNotReady(r, Cause.AUTH_FAILED, true);
            assertTrue(r.diagnosis().message().contains("GSSAPI"), r.diagnosis()::message);
        }
    }

    @Test
    void aServerThatCannotProveItKnowsThePasswordIsAuthFailed() throws Exception {
        String password = "Very-Secret-Pw-42";
        try (RawServer srv = fake((in, out) -> {
            out.write(auth(10, "SCRAM-SHA-256\0\0"));
            out.flush();
            String first = new String(readTyped(in, 'p'), StandardCharsets.UTF_8);
            String nonce = first.substring(first.indexOf("r=") + 2);
            out.write(auth(11, "r=" + nonce + "server,s=c2FsdHNhbHQ=,i=4096"));
            out.flush();
            readTyped(in, 'p');
            out.write(auth(12, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        })) {
            ProbeResult r = probe(srv, "app:" + password + "@");
            assertNotReady(r, Cause.AUTH_FAILED, true);
            assertTrue(r.diagnosis().message().contains("could not prove"), r.diagnosis()::message);
            assertFalse(Pg.allText(r).contains(password));
        }
    }

    @Test
    void aHostileLengthIsAProtocolErrorNotAnAllocation() throws Exception {
        try (RawServer srv = replying(new byte[] {'R', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})) {
            ProbeResult r = probe(srv, "");
            assertNotReady(r, Cause.PROTOCOL_ERROR, true);
        }
    }

    @Test
    void bytesOfAnotherProtocolAreNamed() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> {
            s.getInputStream().read(new byte[8]);
            RawServer.write(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            server.awaitRelease(5_000);
        })) {
            ProbeResult r = probe(srv, "");
            assertNotReady(r, Cause.PROTOCOL_ERROR, true);
            assertTrue(r.diagnosis().message().contains("HTTP"), r.diagnosis()::message);
        }
        try (RawServer srv = new RawServer((s, server) -> {
            s.getInputStream().read(new byte[8]);
            // a MySQL/MariaDB greeting (the server speaks first, so it is what arrives)
            byte[] greeting = "\n5.5.5-10.11.6-MariaDB\0".getBytes(StandardCharsets.ISO_8859_1);
            byte[] packet = new byte[greeting.length + 4];
            packet[0] = (byte) greeting.length;
            System.arraycopy(greeting, 0, packet, 4, greeting.length);
            s.getOutputStream().write(packet);
            server.awaitRelease(5_000);
        })) {
            ProbeResult r = probe(srv, "", "password-env", "PATH");
            assertNotReady(r, Cause.PROTOCOL_ERROR, true);
            assertTrue(r.diagnosis().message().contains("MariaDB"), r.diagnosis()::message);
        }
    }

    @Test
    void anErrorInsteadOfTheSslAnswerIsJudgedBySqlstate() throws Exception {
        try (RawServer srv = new RawServer((s, server) -> {
            s.getInputStream().read(new byte[8]);
            s.getOutputStream().write(error("53300", "sorry, too many clients already", null));
            server.awaitRelease(5_000);
        })) {
            assertNotReady(probe(srv, ""), Cause.TOO_MANY_CONNECTIONS, false);
        }
    }

    @Test
    void sslModeRequireAgainstAServerWithoutTlsIsPermanent() throws Exception {
        try (RawServer srv = replying(auth(10, "SCRAM-SHA-256\0\0"))) {
            ProbeResult r = new PostgresProbe().probe(Pg.target("postgres://127.0.0.1:" + srv.port() + "?sslmode=require"), Duration.ofSeconds(3));
            assertNotReady(r, Cause.TLS_ON_PLAIN_PORT, true);
        }
    }

    @Test
    void preferFallsBackToPlainTextWhenTheHandshakeFailsAsLibpqDoes() throws Exception {
        int[] connection = {0};
        try (RawServer srv = new RawServer((s, server) -> {
            DataInputStream in = new DataInputStream(s.getInputStream());
            if (connection[0]++ == 0) {
                // the SSLRequest: 'S', then no TLS at all (a broken proxy in front of the server)
                in.readFully(new byte[8]);
                s.getOutputStream().write("Sgarbage, not a TLS ServerHello".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            // the second connection starts in plain text: the StartupMessage
            in.readFully(new byte[in.readInt() - 4]);
            s.getOutputStream().write(auth(10, "SCRAM-SHA-256\0\0"));
            s.setSoTimeout(5_000);
            while (in.read() >= 0) {
                // until the probe hangs up
            }
        })) {
            ProbeResult r = probe(srv, "");
            assertReady(r);
            assertEquals(false, r.evidence().get("tls"));
            assertTrue(String.valueOf(r.evidence().get("tlsFallback")).startsWith("TLS_"), r.evidence()::toString);
        }
    }

    @Test
    void beforePostgres14PrimaryAsksPgIsInRecoveryAndEndsWithTerminate() throws Exception {
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RawServer srv = fake((in, out) -> {
            out.write(auth(0, ""));
            out.write(msg('S', "server_version\u000013.14\u0000".getBytes(StandardCharsets.UTF_8)));
            out.write(msg('Z', new byte[] {'I'}));
            out.flush();
            said.add(new String(readTyped(in, 'Q'), StandardCharsets.UTF_8));
            byte[] row = {0, 1, 0, 0, 0, 1, 't'};
            out.write(msg('T', new byte[] {0, 0}));
            out.write(msg('D', row));
            out.write(msg('C', "SELECT 1\0".getBytes(StandardCharsets.UTF_8)));
            out.write(msg('Z', new byte[] {'I'}));
            out.flush();
            said.add(String.valueOf((char) in.read()));
        })) {
            ProbeResult r = probe(srv, "app:pw@", "primary", "true");
            assertNotReady(r, Cause.NOT_PRIMARY, false);
            assertEquals("13.14", r.diagnosis().evidence().get("serverVersion"));
            assertTrue(r.diagnosis().message().contains("pg_is_in_recovery()"), r.diagnosis()::message);
            for (int i = 0; i < 100 && said.size() < 2; i++) Thread.sleep(10);
            assertEquals(List.of("SELECT pg_catalog.pg_is_in_recovery()\0", "X"), said);
        }
    }

    private static byte[] readTyped(DataInputStream in, char type) throws IOException {
        int t = in.read();
        if (t != type) throw new IOException("expected " + type + ", got " + t);
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        if (body.length > 0 && new String(body, StandardCharsets.ISO_8859_1).startsWith("SCRAM-SHA-256\0")) {
            // SASLInitialResponse: mechanism, Int32 length, the client-first message
            int at = "SCRAM-SHA-256\0".length() + 4;
            List<Byte> rest = new ArrayList<>();
            for (int i = at; i < body.length; i++) rest.add(body[i]);
            byte[] out = new byte[rest.size()];
            for (int i = 0; i < out.length; i++) out[i] = rest.get(i);
            return out;
        }
        return body;
    }
}
