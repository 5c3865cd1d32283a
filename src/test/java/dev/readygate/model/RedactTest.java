package dev.readygate.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redact, spelling by spelling; and in linear time whatever the input. */
class RedactTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tcp://user:pw@host:5432/db                        | tcp://user:***@host:5432/db
            user:pw@host:5432                                 | user:***@host:5432
            db-user:pw@db:5432                                | db-user:***@db:5432
            https:u:pw@h:1/x                                  | https:***@h:1/x
            "target 'http://us er:pw@h/'"                     | "target 'http://us er:***@h/'"
            http://u:pa/ss@h/x                                | http://u:***@h/x
            http://u:p@ss@h/x                                 | http://u:***@h/x
            http://u:p@s@s@h:80                               | http://u:***@h:80
            http://u:p@h/path?mail=a@b.c                      | http://u:***@h/path?mail=a@b.c
            "tcp://a:p1@x,tcp://b:p2@y"                       | "tcp://a:***@x,tcp://b:***@y"
            "READYGATE_TARGETS=a:p1@x:1"                      | "READYGATE_TARGETS=a:***@x:1"
            user@host:5432                                    | user@host:5432
            mail me@example.com                               | mail me@example.com
            http://h:8080/x?token=abc&x=1                     | http://h:8080/x?token=***&x=1
            mongodb://a:pw@h/?authSource=admin&authMechanism=SCRAM-SHA-256&authMechanismProperties=AWS_SESSION_TOKEN:t | mongodb://a:***@h/?authSource=admin&authMechanism=SCRAM-SHA-256&authMechanismProperties=***
            http://h/x?access_token=a&api_key=b&X-Amz-Signature=c&password=d&ok=1 | http://h/x?access_token=***&api_key=***&X-Amz-Signature=***&password=***&ok=1
            "proxy_pass http://u:pw@b/?token=t; @nginx.conf:3" | "proxy_pass http://u:***@b/?token=***; @nginx.conf:3"
            "header Authorization: Bearer abc def"            | "header Authorization: ***"
            "denied for 'a'@'h' (using password: YES); check" | "denied for 'a'@'h' (using password: YES); check"
            "password: YES) and more"                         | "password: ***"
            "--password-file: cannot read /run/secrets/db"    | "--password-file: cannot read /run/secrets/db"
            "POSTGRES_PASSWORD_FILE: /run/secrets/pg"         | "POSTGRES_PASSWORD_FILE: /run/secrets/pg"
            "DB_PASSWORD: hunter2"                            | "DB_PASSWORD: ***"
            "'Cookie: sid=abc' is wrong"                      | "'Cookie: ***' is wrong"
            "Authorization: *** from http://h/"               | "Authorization: *** from http://h/"
            "send Bearer abc.def please"                      | "send Bearer *** please"
            "12:30 at the desk, 2 tokens left"                | "12:30 at the desk, 2 tokens left"
            "location @fallback; status: 200"                 | "location @fallback; status: 200"
            """)
    void masksEverySpelling(String in, String expected) {
        assertEquals(expected, Redact.text(in));
        assertEquals(expected, Redact.text(expected), "redacting twice changes nothing");
    }

    @Test
    void headersThatCannotBeParsedAreNeverEchoed() {
        assertEquals("Cookie ***", Redact.unparsedHeader("Cookie sid=abc"));
        assertEquals("Authorization ***", Redact.unparsedHeader("Authorization Bearer abc"));
        assertEquals("***", Redact.unparsedHeader("Bearer tok"));
        assertEquals("***", Redact.unparsedHeader("NoColon"));
        assertEquals("X-Vault-Token ***", Redact.unparsedHeader("X-Vault-Token=abc"));
        assertEquals("Authorization: ***", Redact.header("Authorization", "Bearer abc"));
        assertEquals("X-Request-Id: 1", Redact.header("X-Request-Id", "1"));
    }

    @Test
    void runsInLinearTimeOnHostileText() {
        StringBuilder b = new StringBuilder();
        String[] pieces = {"a:b@", "@", ":", "?", "&token=", "://", "x:y", "?sig=", "Authorization: ", "Bearer ", "/", "@@::", "u:p@h/"};
        for (int i = 0; b.length() < 1_000_000; i++) b.append(pieces[i % pieces.length]).append(i % 7 == 0 ? "" : "z");
        String oneWord = b.toString();
        String sameChars = ":@".repeat(500_000);
        String longPath = "http://u:pw@h/" + "a@b:c/".repeat(170_000);
        String longQuery = "http://h/?" + "token=&".repeat(150_000);
        String[] hostile = {oneWord, sameChars, longPath, longQuery, oneWord.replace('z', ' ')};
        for (String s : hostile) Redact.text(s.substring(0, 50_000)); // compiled before the clock starts
        for (String s : hostile) {
            // a backtracking regex takes minutes to hours here; the scanner takes milliseconds
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertTrue(Redact.text(s).length() > 0));
        }
        assertFalse(Redact.text(longPath).contains("pw"));
    }
}
