package dev.readygate.protocol.mysql;

import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.readygate.protocol.mysql.Mysql.assertNotReady;
import static dev.readygate.protocol.mysql.Mysql.assertReady;
import static dev.readygate.protocol.mysql.Mysql.describe;
import static dev.readygate.protocol.mysql.Mysql.probeOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdicts against a real MariaDB of the test's own (one installed datadir for the class),
 * put in each state: accounts with and without access, an account for another host (1130 over
 * ::1), TLS with a certificate made by openssl, an account that REQUIREs SSL, and every connection
 * slot taken (1040). See docs/mysql.md for the table these rows prove.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlServerTest {
    static final String APP_PASSWORD = "app-Secret-4711";
    static final String TLS_PASSWORD = "tls-Secret-0815";
    static final String NODB_PASSWORD = "nodb-Secret-1234";

    @TempDir
    static Path dir;
    static MariaDb db;

    @BeforeAll
    static void start() throws Exception {
        Path openssl = ServerProcess.require("openssl", "/usr/bin/openssl", "openssl");
        cert(openssl, "server", "DNS:localhost,IP:127.0.0.1");
        cert(openssl, "other", "DNS:localhost,IP:127.0.0.1");
        db = MariaDb.start(dir, "ssl-cert=" + dir.resolve("server.pem"), "ssl-key=" + dir.resolve("server.key"), "max_connections=10");
        db.sql("DROP USER IF EXISTS root@'::1';"
                + "CREATE DATABASE appdb;"
                + "CREATE USER app@'127.0.0.1' IDENTIFIED BY '" + APP_PASSWORD + "'; GRANT ALL ON appdb.* TO app@'127.0.0.1';"
                + "CREATE USER tlsonly@'127.0.0.1' IDENTIFIED BY '" + TLS_PASSWORD + "' REQUIRE SSL; GRANT ALL ON appdb.* TO tlsonly@'127.0.0.1';"
                + "CREATE USER nodb@'127.0.0.1' IDENTIFIED BY '" + NODB_PASSWORD + "';"
                + "CREATE USER held@'127.0.0.1' IDENTIFIED BY 'held';");
    }

    static void cert(Path openssl, String name, String san) throws Exception {
        ServerProcess.run(List.of(openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(), "-subj", "/CN=" + name,
                "-addext", "subjectAltName=" + san, "-days", "2"), Map.of(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) db.close();
    }

    String app(String rest) {
        return db.url("app:" + APP_PASSWORD, rest);
    }

    @Test
    @Order(1)
    void readyWithCredentialsOverTlsAsPreferred() {
        ProbeResult r = probeOnce(app("/appdb"));
        assertReady(r);
        assertEquals("MariaDB", r.evidence().get("server"));
        assertTrue(String.valueOf(r.evidence().get("version")).startsWith("10."), describe(r));
        assertEquals("ok", r.evidence().get("login"));
        assertEquals("TLSv1.3", r.evidence().get("tlsProtocol"), describe(r));
        assertEquals("mysql_native_password", r.evidence().get("authPlugin"));
    }

    @Test
    @Order(2)
    void readyWithoutCredentialsWhenTheServerAnswersTheLogin() {
        ProbeResult r = probeOnce(db.url(null, ""));
        assertReady(r);
        assertEquals(1045, r.evidence().get("code"), describe(r));
        assertEquals("readygate", r.evidence().get("user"));
        assertTrue(String.valueOf(r.evidence().get("serverMessage")).contains("'readygate'@'127.0.0.1'"), describe(r));
    }

    @Test
    @Order(3)
    void plainWhenDisabled() {
        ProbeResult r = probeOnce(app("/appdb?ssl-mode=disabled"));
        assertReady(r);
        assertFalse(r.evidence().containsKey("tlsProtocol"), describe(r));
    }

    @Test
    @Order(4)
    void wrongPasswordIsAuthFailedAndNeverShowsThePassword() {
        String wrong = "Wrong-Pass-9931";
        ProbeResult r = probeOnce(db.url("app:" + wrong, "/appdb"));
        assertNotReady(r, "AUTH_FAILED 1045", true);
        assertEquals("28000", r.diagnosis().evidence().get("sqlState"));
        String all = Mysql.allText(r);
        assertFalse(all.contains(wrong), all);
        assertFalse(all.contains(APP_PASSWORD), all);
    }

    @Test
    @Order(4)
    void aUserWithoutAPasswordIsAuthFailedWithAPasswordHint() {
        ProbeResult r = probeOnce(db.url("app", "/appdb"));
        assertNotReady(r, "AUTH_FAILED 1045", true);
        assertTrue(r.diagnosis().hint().startsWith("no password was given"), describe(r));
    }

    @Test
    @Order(5)
    void userWithoutAccessToTheDatabaseIs1044() {
        ProbeResult r = probeOnce(db.url("nodb:" + NODB_PASSWORD, "/appdb"));
        assertNotReady(r, "ACCESS_DENIED 1044", true);
        assertTrue(r.diagnosis().hint().contains("GRANT"), describe(r));
    }

    @Test
    @Order(6)
    void unknownDatabaseIs1049() {
        ProbeResult r = probeOnce(db.url("root", "/nosuchdb"));
        assertNotReady(r, "DATABASE_NOT_FOUND 1049", true);
    }

    @Test
    @Order(7)
    void hostWithoutAnAccountIs1130BeforeTheGreeting() {
        ProbeResult r = probeOnce("mysql://app:" + APP_PASSWORD + "@[::1]:" + db.port + "/appdb");
        assertNotReady(r, "ACCESS_DENIED 1130", true);
        assertTrue(r.diagnosis().message().contains("instead of greeting"), describe(r));
        assertTrue(r.diagnosis().hint().contains("CREATE USER"), describe(r));
        ProbeResult anonymous = probeOnce("mysql://[::1]:" + db.port);
        assertNotReady(anonymous, "ACCESS_DENIED 1130", true);
    }

    @Test
    @Order(8)
    void accountThatRequiresSslIs1045WithATlsHintInPlainText() {
        ProbeResult plain = probeOnce(db.url("tlsonly:" + TLS_PASSWORD, "/appdb?ssl-mode=disabled"));
        assertNotReady(plain, "AUTH_FAILED 1045", true);
        assertTrue(plain.diagnosis().hint().startsWith("TLS required?"), describe(plain));
        assertReady(probeOnce(db.url("tlsonly:" + TLS_PASSWORD, "/appdb?ssl-mode=required")));
    }

    @Test
    @Order(9)
    void requireSecureTransportIs1045WithATlsHint() throws Exception {
        db.sql("SET GLOBAL require_secure_transport=ON");
        try {
            ProbeResult plain = probeOnce(app("/appdb?ssl-mode=disabled"));
            assertNotReady(plain, "AUTH_FAILED 1045", true);
            assertTrue(plain.diagnosis().hint().startsWith("TLS required?"), describe(plain));
            assertReady(probeOnce(app("/appdb")));
        } finally {
            db.sql("SET GLOBAL require_secure_transport=OFF");
        }
    }

    @Test
    @Order(10)
    void verifyModesCheckTheCertificate() {
        String trusted = dir.resolve("server.pem").toString();
        ProbeResult ca = Mysql.with().set(TlsSettings.CA_CERT, trusted).probe(app("/appdb"));
        assertReady(ca);
        assertEquals("verify-ca", ca.evidence().get("sslMode"), "--ca-cert without a mode verifies the chain, as the mysql client does");
        assertReady(Mysql.with().set(TlsSettings.CA_CERT, trusted).probe(app("/appdb?ssl-mode=verify-identity")));
        ProbeResult untrusted = Mysql.with().set(TlsSettings.CA_CERT, dir.resolve("other.pem").toString()).probe(app("/appdb?ssl-mode=verify-ca"));
        assertNotReady(untrusted, "TLS_UNTRUSTED", true);
        ProbeResult jdkTrust = probeOnce(app("/appdb?ssl-mode=verify-ca"));
        assertNotReady(jdkTrust, "TLS_UNTRUSTED", true);
        assertReady(probeOnce(app("/appdb?ssl-mode=required")));
    }

    @Test
    @Order(11)
    void probesLeaveNoAbortedConnectionsBehind() throws Exception {
        String before = db.sql("SHOW GLOBAL STATUS LIKE 'Aborted_clients'");
        int logBefore = db.errorLog().length();
        for (int i = 0; i < 3; i++) {
            assertReady(probeOnce(app("/appdb")));
            assertReady(probeOnce(db.url(null, "")));
        }
        assertEquals(before, db.sql("SHOW GLOBAL STATUS LIKE 'Aborted_clients'"), "COM_QUIT after every login");
        String log = db.errorLog().substring(logBefore);
        assertFalse(log.contains("Aborted connection"), "a probe broke off a handshake:\n" + log);
        assertTrue(log.contains("Access denied for user 'readygate'"), "the login without credentials was finished:\n" + log);
    }

    @Test
    @Order(20)
    void everySlotTakenIs1040AfterTheLoginThenInsteadOfTheGreeting() throws Exception {
        try (Held held = new Held()) {
            for (int i = 0; i < 10; i++) held.login(db.port, "held", "held");
            ProbeResult r = probeOnce(app("/appdb"));
            assertNotReady(r, "TOO_MANY_CONNECTIONS 1040", false);
            assertTrue(r.diagnosis().message().contains("refused the login"), describe(r));
            held.login(db.port, "root", ""); // the extra slot MariaDB keeps for SUPER
            ProbeResult anonymous = probeOnce(db.url(null, ""));
            assertNotReady(anonymous, "TOO_MANY_CONNECTIONS 1040", false);
            assertTrue(anonymous.diagnosis().message().contains("instead of greeting"), describe(anonymous));
        }
    }
}
