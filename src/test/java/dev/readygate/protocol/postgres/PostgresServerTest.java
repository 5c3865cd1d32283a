package dev.readygate.protocol.postgres;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.testing.CliRun;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.readygate.protocol.postgres.Pg.assertNotReady;
import static dev.readygate.protocol.postgres.Pg.assertReady;
import static dev.readygate.protocol.postgres.Pg.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real PostgreSQL with TLS on (a self-signed certificate for localhost only, made by openssl) and the
 * template's roles and pg_hba.conf lines: every auth method, the auth errors, the sslmodes.
 */
@Timeout(120)
class PostgresServerTest {
    @TempDir
    static Path dir;
    static PgCluster pg;
    static Path caCert;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        // a test CA; the server's certificate names localhost only (so 127.0.0.1 tells verify-full from verify-ca);
        // a client certificate for the role certuser (pg_hba.conf "cert")
        caCert = dir.resolve("ca.crt");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
                "-out", "ca.crt", "-days", "30", "-subj", "/CN=readygate test CA");
        issue("server", "/CN=localhost", "subjectAltName=DNS:localhost");
        issue("client", "/CN=certuser", "keyUsage=digitalSignature");
        pg = PgCluster.start(List.of("ssl = on", "ssl_ca_file = 'root.crt'"), Map.of("server.crt", Files.readString(dir.resolve("server.crt")),
                "server.key", Files.readString(dir.resolve("server.key")), "root.crt", Files.readString(caCert)));
        base = "127.0.0.1:" + pg.port;
    }

    private static void issue(String name, String subject, String extension) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt",
                "-days", "30", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString(),
                ServerProcess.require("openssl", "openssl").toString()));
        cmd.addAll(List.of(args));
        ServerProcess.run(cmd, Map.of(), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @Test
    void withoutCredentialsTheChallengeMeansReadyAndTlsIsPreferred() {
        ProbeResult r = probe("postgres://" + base);
        assertReady(r);
        assertTrue(String.valueOf(r.evidence().get("authRequested")).contains("SCRAM-SHA-256"), r.evidence()::toString);
        assertEquals(true, r.evidence().get("tls"));
        assertTrue(r.evidence().containsKey("tlsProtocol"), r.evidence()::toString);
    }

    @Test
    void scramLoginToReadyForQueryReportsTheServerVersion() {
        ProbeResult r = probe("postgresql://app:" + PgCluster.APP_PASSWORD + "@" + base + "/appdb");
        assertReady(r);
        assertEquals("SCRAM-SHA-256", r.evidence().get("auth"));
        assertTrue(String.valueOf(r.evidence().get("serverVersion")).matches("\\d+.*"), r.evidence()::toString);
        assertEquals("appdb", r.evidence().get("database"));
        assertFalse(Pg.allText(r).contains(PgCluster.APP_PASSWORD));
    }

    @Test
    void theServerLogsNothingForReadyProbesWithOrWithoutLogin() throws Exception {
        long before = Files.size(pg.server.log());
        for (int i = 0; i < 3; i++) {
            assertReady(probe("postgres://" + base));
            assertReady(probe("postgres://" + base + "?sslmode=disable"));
            assertReady(probe("postgres://app:" + PgCluster.APP_PASSWORD + "@" + base + "/appdb"));
            assertReady(probe("postgres://postgres@" + base + "/postgres?sslmode=disable", "sql-table", "public.widgets"));
        }
        Thread.sleep(200);
        byte[] all = Files.readAllBytes(pg.server.log());
        String added = new String(all, (int) before, all.length - (int) before, java.nio.charset.StandardCharsets.UTF_8);
        for (String trace : List.of("unexpected EOF", "incomplete startup packet", "could not receive data", "could not accept SSL",
                "FATAL", "ERROR"))
            assertFalse(added.contains(trace), () -> "the server logged '" + trace + "':\n" + added);
    }

    @Test
    void md5AndCleartextLogins() {
        ProbeResult md5 = probe("postgres://mduser:" + PgCluster.MD5_PASSWORD + "@" + base + "/postgres?sslmode=disable");
        assertReady(md5);
        assertEquals("md5", md5.evidence().get("auth"));
        ProbeResult clear = probe("postgres://clearuser:" + PgCluster.CLEAR_PASSWORD + "@" + base + "/postgres");
        assertReady(clear);
        assertEquals("password", clear.evidence().get("auth"));
        assertEquals(true, clear.evidence().get("tls"));
    }

    @Test
    void wrongPasswordIsPermanentAuthFailedAndNeverPrinted() throws Exception {
        String wrong = "Wrong-Pass-1234";
        ProbeResult r = probe("postgres://app:" + wrong + "@" + base + "/appdb");
        assertNotReady(r, Cause.AUTH_FAILED, true);
        assertEquals("28P01", r.diagnosis().evidence().get("sqlstate"));
        assertFalse(Pg.allText(r).contains(wrong));
        Path file = dir.resolve("pw");
        Files.writeString(file, wrong + "\n");
        ProbeResult fromFile = probe("postgres://app@" + base + "/appdb", "password-file", file.toString());
        assertNotReady(fromFile, Cause.AUTH_FAILED, true);
        assertFalse(Pg.allText(fromFile).contains(wrong));
    }

    @Test
    void theCliNeverPrintsThePasswordAndFailFastStopsAtTheWrongOne() throws Exception {
        String wrong = "Cli-Wrong-Pw-5521";
        Path file = dir.resolve("cli-pw");
        Files.writeString(file, wrong + "\n");
        Path report = dir.resolve("report.json");
        List<List<String>> runs = List.of(
                List.of("--password-file", file.toString(), "postgres://app@" + base + "/appdb"),
                List.of("postgres://app:" + wrong + "@" + base + "/postgres?sslmode=disable"));
        for (List<String> target : runs) {
            List<String> args = new java.util.ArrayList<>(List.of("wait", "--timeout", "20s", "--fail-fast", "--fail-fast-grace", "0s",
                    "--output", "json", "--report", report.toString()));
            args.addAll(target);
            CliRun run = CliRun.run(args.toArray(new String[0]));
            assertEquals(1, run.code, run::toString);
            assertTrue(run.out.contains("AUTH_FAILED"), run::toString);
            for (String text : List.of(run.out, run.err, Files.readString(report))) assertFalse(text.contains(wrong), run::toString);
        }
    }

    @Test
    void aUserWithoutPasswordAtAPasswordRequestIsAuthFailed() {
        ProbeResult r = probe("postgres://app@" + base + "/appdb");
        assertNotReady(r, Cause.AUTH_FAILED, true);
        assertTrue(r.diagnosis().message().contains("gives none"), r.diagnosis()::message);
    }

    @Test
    void hbaRejectIsAccessDenied() {
        ProbeResult r = probe("postgres://blocked:x@" + base + "/postgres");
        assertNotReady(r, Cause.ACCESS_DENIED, true);
        assertTrue(r.diagnosis().message().contains("rejects"), r.diagnosis()::message);
    }

    @Test
    void anUnknownRoleUnderTrustIsAccessDeniedWithAUserAndReadyWithout() {
        ProbeResult r = probe("postgres://ghost@" + base + "/postgres");
        assertNotReady(r, Cause.ACCESS_DENIED, true);
        assertEquals(true, r.diagnosis().evidence().get("authenticated"), () -> Pg.describe(r));
        assertTrue(r.diagnosis().hint().contains("role does not exist"), r.diagnosis()::hint);
    }

    @Test
    void unknownDatabaseIsDatabaseNotFound() {
        ProbeResult r = probe("postgres://app:" + PgCluster.APP_PASSWORD + "@" + base + "/nosuchdb");
        assertNotReady(r, Cause.DATABASE_NOT_FOUND, true);
        assertEquals("3D000", r.diagnosis().evidence().get("sqlstate"));
    }

    @Test
    void hostsslOnlyUserInPlainTextIsTlsRequiredAndLogsInWithTls() {
        ProbeResult plain = probe("postgres://tlsonly:" + PgCluster.APP_PASSWORD + "@" + base + "/postgres?sslmode=disable");
        assertNotReady(plain, Cause.TLS_REQUIRED, true);
        assertTrue(plain.diagnosis().message().contains("no encryption"), plain.diagnosis()::message);
        assertReady(probe("postgres://tlsonly:" + PgCluster.APP_PASSWORD + "@" + base + "/postgres?sslmode=require"));
    }

    @Test
    void verifyFullChecksTheChainAndTheNameVerifyCaTheChainOnly() {
        String login = "postgres://postgres@";
        String ca = caCert.toString();
        assertReady(probe(login + "localhost:" + pg.port + "/postgres?sslmode=verify-full", "ca-cert", ca));
        assertNotReady(probe(login + base + "/postgres?sslmode=verify-full", "ca-cert", ca), Cause.TLS_HOSTNAME_MISMATCH, true);
        assertReady(probe(login + base + "/postgres?sslmode=verify-ca", "ca-cert", ca));
        ProbeResult untrusted = probe(login + base + "/postgres?sslmode=verify-ca");
        assertNotReady(untrusted, Cause.TLS_UNTRUSTED, true);
        assertTrue(untrusted.diagnosis().hint().contains("sslmode=require"), untrusted.diagnosis()::hint);
        // require verifies nothing, as libpq does without a root certificate
        assertReady(probe(login + base + "/postgres?sslmode=require"));
    }

    @Test
    void aClientCertificateLogsInWhereHbaSaysCert() {
        String uri = "postgres://certuser@localhost:" + pg.port + "/postgres?sslmode=verify-full";
        ProbeResult r = probe(uri, "ca-cert", caCert.toString(), "client-cert", dir.resolve("client.crt").toString(),
                "client-key", dir.resolve("client.key").toString());
        assertReady(r);
        assertEquals("trust", r.evidence().get("auth"), "cert authentication asks for nothing on the wire: R 0");
        ProbeResult without = probe(uri, "ca-cert", caCert.toString());
        assertNotReady(without, Cause.ACCESS_DENIED, true);
        assertTrue(without.diagnosis().message().contains("certificate"), without.diagnosis()::message);
        assertTrue(without.diagnosis().hint().contains("--client-cert"), without.diagnosis()::hint);
    }

    @Test
    void primaryAndTableChecksNeedALogin() {
        String login = "postgres://postgres@" + base + "/postgres";
        ProbeResult r = probe(login, "primary", "true", "sql-table", "public.widgets");
        assertReady(r);
        assertEquals("off", r.evidence().get("inHotStandby"));
        assertReady(probe(login, "sql-table", "public.\"MixedCase\""));
        ProbeResult missing = probe(login, "sql-table", "public.nope");
        assertNotReady(missing, Cause.DATA_MISSING, false);
        ProbeResult injection = probe(login, "sql-table", "x') IS NULL; SELECT ('t");
        assertNotReady(injection, Cause.DATA_MISSING, true);
        // no user: the probe cannot log in, and --primary needs a session
        assertNotReady(probe("postgres://" + base, "primary", "true"), Cause.AUTH_FAILED, true);
    }
}
