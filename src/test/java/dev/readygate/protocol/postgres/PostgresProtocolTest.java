package dev.readygate.protocol.postgres;

import dev.readygate.protocol.postgres.PostgresSpec.SslMode;
import dev.readygate.settings.SettingException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The URL and settings of a postgres target: what the spec holds, and one-line errors for what cannot work. */
class PostgresProtocolTest {

    @Test
    void theUrlGivesUserDatabaseAndSslmode() {
        PostgresSpec s = Pg.target("postgresql://app:p%40ss@db.example/appdb?sslmode=verify-full").spec(PostgresSpec.class, null);
        assertEquals("app", s.credentials().user());
        assertEquals("p@ss", s.credentials().password());
        assertEquals("appdb", s.database());
        assertEquals(SslMode.VERIFY_FULL, s.sslMode());
        assertTrue(s.verifyHostname());
        assertFalse(s.tls().insecure());
        assertTrue(s.needsLogin());
        assertEquals(5432, Pg.target("postgres://db").endpoint().port());
    }

    @Test
    void defaultsArePreferWithoutVerificationAndNoLogin() {
        PostgresSpec s = Pg.target("postgres://db:6543").spec(PostgresSpec.class, null);
        assertEquals(SslMode.PREFER, s.sslMode());
        assertTrue(s.tls().insecure());
        assertNull(s.database());
        assertFalse(s.needsLogin());
        assertTrue(Pg.target("postgres://db", "primary", "true").spec(PostgresSpec.class, null).needsLogin());
    }

    @Test
    void requireWithACaCertVerifiesTheChainAsLibpqDoes() throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        try {
            PostgresSpec s = Pg.target("postgres://db?sslmode=require", "ca-cert", ca.toString()).spec(PostgresSpec.class, null);
            assertFalse(s.tls().insecure());
            assertFalse(s.verifyHostname());
            SettingException e = assertThrows(SettingException.class, () -> Pg.target("postgres://db?sslmode=disable", "ca-cert", ca.toString()));
            assertTrue(e.getMessage().contains("sslmode=disable"), e::getMessage);
        } finally {
            Files.delete(ca);
        }
    }

    @Test
    void badUrlsAndSettingsSayHowToWriteThem() {
        assertTrue(bad("postgres://db?sslmode=allow").contains("disable, prefer (the default), require, verify-ca or verify-full"));
        assertTrue(bad("postgres://db?connect_timeout=3").contains("only sslmode"));
        assertTrue(bad("postgres://u@db?password=x").contains("--password-file"));
        assertFalse(bad("postgres://u@db?password=hunter2").contains("hunter2"));
        assertTrue(bad("postgres://db/a/b").contains("one database name"));
        SettingException e = assertThrows(SettingException.class, () -> Pg.target("postgres://db?sslmode=verify-ca", "insecure", "true"));
        assertTrue(e.getMessage().contains("sslmode=require"), e::getMessage);
        assertThrows(RuntimeException.class, () -> Pg.target("postgres://db", "sql-table", "a\nb"));
    }

    @Test
    void theTableLiteralIsEscapedWhateverStandardConformingStringsSays() {
        assertEquals("E'public.\"It''s\"'", Query.literal("public.\"It's\""));
        assertEquals("E'a\\\\'' OR true --'", Query.literal("a\\' OR true --"));
    }

    private static String bad(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> Pg.target(uri)).getMessage();
    }
}
