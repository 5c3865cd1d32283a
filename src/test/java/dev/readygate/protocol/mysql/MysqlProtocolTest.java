package dev.readygate.protocol.mysql;

import dev.readygate.model.Origin;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.registry.Registry;
import dev.readygate.settings.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The URL form and settings of mysql:// and mariadb:// targets, and their one-line errors. */
class MysqlProtocolTest {
    @TempDir
    Path dir;

    static MysqlSpec spec(Mysql m, String uri) {
        return m.target(uri).spec(MysqlSpec.class, null);
    }

    @Test
    void defaults() {
        MysqlSpec s = spec(Mysql.with(), "mysql://db");
        assertEquals(3306, Mysql.with().target("mariadb://db").endpoint().port());
        assertNull(s.database());
        assertEquals(SslMode.PREFERRED, s.sslMode());
        assertEquals("readygate", s.user());
        assertFalse(s.credentials().given());
        assertTrue(s.tls().insecure(), "preferred encrypts without checking the certificate, as the mysql client does");
    }

    @Test
    void userPasswordDatabaseAndSslModeFromTheUrl() {
        MysqlSpec s = spec(Mysql.with(), "mysql://app:p%40ss@db:3307/shop?ssl-mode=VERIFY_IDENTITY&get-server-public-key=true");
        assertEquals("shop", s.database());
        assertEquals("app", s.user());
        assertEquals("p@ss", s.credentials().password());
        assertEquals(SslMode.VERIFY_IDENTITY, s.sslMode());
        assertTrue(s.verifyHostname());
        assertFalse(s.tls().insecure());
        assertTrue(s.getServerPublicKey());
        assertFalse(s.toString().contains("p@ss"), s.toString());
        assertEquals(SslMode.VERIFY_CA, spec(Mysql.with(), "mysql://db?sslMode=verify-ca").sslMode());
    }

    @Test
    void caCertWithoutAModeVerifiesTheChain() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        MysqlSpec s = spec(Mysql.with().set(TlsSettings.CA_CERT, ca.toString()), "mysql://db");
        assertEquals(SslMode.VERIFY_CA, s.sslMode());
        assertFalse(s.verifyHostname());
        assertEquals(SslMode.REQUIRED, spec(Mysql.with().set(TlsSettings.CA_CERT, ca.toString()), "mysql://db?ssl-mode=required").sslMode());
    }

    @Test
    void passwordFromAFile() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "from-file\n");
        MysqlSpec s = spec(Mysql.with().set(Credentials.PASSWORD_FILE, f.toString()), "mysql://app@db");
        assertEquals("from-file", s.credentials().password());
    }

    @Test
    void badUrlsAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registry.protocols().parse("mysql://db/a/b", Origin.COMMAND_LINE));
        assertTrue(e.getMessage().contains("one database name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Registry.protocols().parse("mysql://db?ssl-mode=strict", Origin.COMMAND_LINE));
        assertTrue(e.getMessage().contains("ssl-mode 'strict' is not one of disabled, preferred"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Registry.protocols().parse("mysql://u:secret@db?sslmod=x", Origin.COMMAND_LINE));
        assertTrue(e.getMessage().contains("unknown parameter 'sslmod'"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void insecureContradictsAVerifyingMode() {
        SettingException e = assertThrows(SettingException.class,
                () -> spec(Mysql.with().set(TlsSettings.INSECURE, "true"), "mysql://db?ssl-mode=verify-ca"));
        assertTrue(e.getMessage().contains("contradicts ssl-mode=verify-ca"), e.getMessage());
    }
}
