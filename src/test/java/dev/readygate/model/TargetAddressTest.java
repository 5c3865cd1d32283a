package dev.readygate.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.*;

class TargetAddressTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // text                                 | scheme | userInfo | host             | port | path    | query | fragment | URI
            "my_db:5432                             | tcp    | -        | my_db            | 5432 | ''      | -     | -        | tcp://my_db:5432",
            "tcp://my_db:5432                       | tcp    | -        | my_db            | 5432 | ''      | -     | -        | tcp://my_db:5432",
            "http://my_db:8080/                     | http   | -        | my_db            | 8080 | /       | -     | -        | http://my_db:8080/",
            "HTTP://app:s3cret@my_db:8080/h?x=1#top | http   | app:s3cret | my_db          | 8080 | /h      | x=1   | top      | http://app:s3cret@my_db:8080/h?x=1#top",
            "https://api.example.test               | https  | -        | api.example.test | -1   | ''      | -     | -        | https://api.example.test",
            "http://my_db./health                   | http   | -        | my_db.           | -1   | /health | -     | -        | http://my_db./health",
            "redis://cache_1:6379                   | redis  | -        | cache_1          | 6379 | ''      | -     | -        | redis://cache_1:6379",
            "'  db:5432 '                           | tcp    | -        | db               | 5432 | ''      | -     | -        | tcp://db:5432",
            "tcp:3000                               | tcp    | -        | localhost        | 3000 | ''      | -     | -        | tcp://localhost:3000",
            "TCP:3000                               | tcp    | -        | localhost        | 3000 | ''      | -     | -        | tcp://localhost:3000",
            "tcp:my_db:3000                         | tcp    | -        | my_db            | 3000 | ''      | -     | -        | tcp://my_db:3000",
            "tcp:[::1]:3000                         | tcp    | -        | ::1              | 3000 | ''      | -     | -        | tcp://[::1]:3000",
            "tcp:db                                 | tcp    | -        | db               | -1   | ''      | -     | -        | tcp://db",
            "[::1]:8080                             | tcp    | -        | ::1              | 8080 | ''      | -     | -        | tcp://[::1]:8080",
            "http://[::1]:8080/health               | http   | -        | ::1              | 8080 | /health | -     | -        | http://[::1]:8080/health",
            "http://[fe80::1%eth0]:80/              | http   | -        | fe80::1%eth0     | 80   | /       | -     | -        | http://[fe80::1%eth0]:80/",
            "127.0.0.1:3000                         | tcp    | -        | 127.0.0.1        | 3000 | ''      | -     | -        | tcp://127.0.0.1:3000",
            "db:5432/?next=http://x                 | tcp    | -        | db               | 5432 | /       | next=http://x | - | tcp://db:5432/?next=http://x",
            "http://h:/x                            | http   | -        | h                | -1   | /x      | -     | -        | http://h/x"})
    void parses(String text, String scheme, String userInfo, String host, int port, String path, String query, String fragment, String uri) {
        TargetAddress a = TargetAddress.parse(text);
        assertEquals(scheme, a.scheme());
        assertEquals(userInfo, a.userInfo());
        assertEquals(host, a.host());
        assertEquals(port, a.port());
        assertEquals(path, a.path());
        assertEquals(query, a.query());
        assertEquals(fragment, a.fragment());
        assertEquals(text, a.text());
        assertEquals(uri, a.toUri().toString());
        assertEquals(withoutText(a), withoutText(TargetAddress.of(a.toUri())), "the URI reads back as the same address");
    }

    private static TargetAddress withoutText(TargetAddress a) {
        return new TargetAddress(a.scheme(), a.userInfo(), a.host(), a.port(), a.path(), a.query(), a.fragment(), null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                   | empty target; write e.g. tcp://db:5432 or http://localhost:8080/health",
            "5432                 | target '5432' is a port without a host; write tcp://localhost:5432 for this machine, or tcp://HOST:5432",
            "tcp://256.0.0.1:1234 | target 'tcp://256.0.0.1:1234': '256.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1",
            "127.0.0.1:-1         | target '127.0.0.1:-1': port -1 is out of range 1-65535",
            "db:99999             | target 'db:99999': port 99999 is out of range 1-65535",
            "db:abc               | target 'db:abc': port 'abc' is not a number; write a number 1-65535",
            "tcp://my..db:1       | target 'tcp://my..db:1': host 'my..db' has an empty label (a dot at the start or two in a row); write e.g. db.example.test",
            "tcp://a;b:1          | target 'tcp://a;b:1': host 'a;b' contains ';'; write a name of letters, digits, '-', '_' and dots (e.g. my_db or db.example.test), or an IP address",
            "tcp://[my_db]:1      | target 'tcp://[my_db]:1' is not a valid URI (Malformed IPv6 address); write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health",
            "tcp://a:b:1          | target 'tcp://a:b:1': 'a:b:1' has more than one ':'; write IPv6 addresses in brackets, e.g. [::1]:8080",
            "tcp://:5432          | target 'tcp://:5432' has no host; write tcp://HOST:5432",
            ":5432                | target ':5432' has no host; write tcp://HOST:5432",
            "http://              | target 'http://' has no host; write e.g. tcp://db:5432",
            "http://u:pw@:80/x    | target 'http://u:***@:80/x' has no host; write http://HOST:80/x",
            "::1:8080             | target '::1:8080' has no host; write IPv6 addresses in brackets, e.g. [::1]:8080",
            "http:my_db:80        | target 'http:my_db:80' has no '//' after 'http:'; write http://my_db:80",
            "http:/my_db/x        | target 'http:/my_db/x' has no '//' after 'http:'; write http://my_db/x",
            "https:u:pw@h:1/x     | target 'https:***@h:1/x' has no '//' after 'https:'; write https://u:***@h:1/x",
            "1http://db:1         | target '1http://db:1' has no valid scheme before '://'; write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health",
            "://db:1              | target '://db:1' has no valid scheme before '://'; write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health",
            "tcp:u:pw@db:abc      | target 'tcp:***@db:abc': port 'abc' is not a number; write a number 1-65535",
            "'http://u:pw@h :80/' | target 'http://u:***@h :80/' is not a valid URI (Illegal character in authority); write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health"})
    void rejectsWithAFixAndNoPassword(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetAddress.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), e.getMessage());
    }

    @Test
    void anUnderscoreHostIsARegistryAuthorityForUri() {
        TargetAddress a = TargetAddress.parse("http://my_db:8080/health");
        URI uri = a.toUri();
        assertNull(uri.getHost(), "java.net.URI gives no host for my_db: read it from TargetAddress");
        assertEquals("my_db:8080", uri.getRawAuthority());
        assertEquals("my_db", TargetAddress.of(uri).host());
        assertEquals(8080, TargetAddress.of(uri).port());
        assertEquals(80, TargetAddress.parse("http://my_db/").portOr(80));
        assertEquals("my_db:8080", a.hostPort().toString());
    }

    @Test
    void printedFormsHideThePassword() {
        TargetAddress a = TargetAddress.parse("https://admin:s3cret@my_db:8443/x?access_token=abc&x=1");
        assertEquals("https://admin:***@my_db:8443/x?access_token=***&x=1", a.toString());
        assertEquals("admin:s3cret@my_db:8443", a.authority());
        assertEquals("target 'db-user:***@db:5432'", TargetAddress.shown("db-user:pw@db:5432"));
    }

    @Test
    void aValueIsChecked() {
        assertEquals("port 0 is out of range 1-65535",
                assertThrows(IllegalArgumentException.class, () -> new TargetAddress("tcp", null, "db", 0, "", null, null, "db:0")).getMessage());
        assertEquals("host 'a b' contains a space; write a name of letters, digits, '-', '_' and dots (e.g. my_db or db.example.test), or an IP address",
                assertThrows(IllegalArgumentException.class, () -> new TargetAddress("tcp", null, "a b", 1, "", null, null, "a b:1")).getMessage());
        assertEquals("tcp://[::1]:1", new TargetAddress("TCP", null, "::1", 1, null, null, null, "x").toUri().toString());
    }
}
