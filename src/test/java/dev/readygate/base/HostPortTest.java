package dev.readygate.base;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class HostPortTest {
    private static final String HOW = "write a name of letters, digits, '-', '_' and dots (e.g. my_db or db.example.test), or an IP address";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "db:5432                   | db                   | 5432",
            "my_db:5432                | my_db                | 5432",
            "my_db                     | my_db                | -1",
            "my_db.:5432               | my_db.               | 5432",
            "_srv._tcp.example.test:1  | _srv._tcp.example.test | 1",
            "a-b_c.d:80                | a-b_c.d              | 80",
            "-lead:80                  | -lead                | 80",
            "Db.Example.TEST:65535     | Db.Example.TEST      | 65535",
            "1.2.3.4.nip.test:80       | 1.2.3.4.nip.test     | 80",
            "127.0.0.1:80              | 127.0.0.1            | 80",
            "0.0.0.0:1                 | 0.0.0.0              | 1",
            "[::1]:8080                | ::1                  | 8080",
            "[::1]                     | ::1                  | -1",
            "[2001:db8::]:443          | 2001:db8::           | 443",
            "[fe80::1%eth0]:80         | fe80::1%eth0         | 80",
            "[::ffff:10.0.0.1]:1       | ::ffff:10.0.0.1      | 1",
            "db:                       | db                   | -1",
            "db:08080                  | db                   | 8080"})
    void parses(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);
        assertEquals(host, hp.host());
        assertEquals(port, hp.port());
        assertEquals(port != HostPort.NO_PORT, hp.hasPort());
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("", "the address is empty; write HOST:PORT, e.g. db:5432"),
                Arguments.of(":5432", "':5432' has no host; write HOST:5432, e.g. localhost:5432"),
                Arguments.of("my db:5432", "host 'my db' contains a space; " + HOW),
                Arguments.of("my\tdb:5432", "host 'my?db' contains a control character (U+0009); " + HOW),
                Arguments.of("a\u0000b", "host 'a?b' contains a control character (U+0000); " + HOW),
                Arguments.of("user@db:5432", "host 'user@db' contains '@'; " + HOW),
                Arguments.of("db/x:5432", "host 'db/x' contains '/'; " + HOW + " (a path goes after the port: http://HOST:PORT/PATH)"),
                Arguments.of("db%20:1", "host 'db%20' contains '%'; " + HOW),
                Arguments.of("a;b:1", "host 'a;b' contains ';'; " + HOW),
                Arguments.of("bücher.test:80", "host 'bücher.test' contains 'ü', which is not ASCII; write an internationalised name in its ASCII form, xn--bcher-kva.test"),
                Arguments.of("a..b:1", "host 'a..b' has an empty label (a dot at the start or two in a row); write e.g. db.example.test"),
                Arguments.of(".a:1", "host '.a' has an empty label (a dot at the start or two in a row); write e.g. db.example.test"),
                Arguments.of(".:1", "host '.' has an empty label (a dot at the start or two in a row); write e.g. db.example.test"),
                Arguments.of("a.b..:1", "host 'a.b..' has an empty label (a dot at the start or two in a row); write e.g. db.example.test"),
                Arguments.of("256.0.0.1:1234", "'256.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1"),
                Arguments.of("1.2.3:1", "'1.2.3' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1"),
                Arguments.of("010.0.0.1:1", "'010.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1"),
                Arguments.of("127.0.0.1.:1", "'127.0.0.1.' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1"),
                Arguments.of("5432", "'5432' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1"),
                Arguments.of("127.0.0.1:-1", "port -1 is out of range 1-65535"),
                Arguments.of("db:0", "port 0 is out of range 1-65535"),
                Arguments.of("db:65536", "port 65536 is out of range 1-65535"),
                Arguments.of("db:99999999999", "port 99999999999 is out of range 1-65535"),
                Arguments.of("db:abc", "port 'abc' is not a number; write a number 1-65535"),
                Arguments.of("db:+80", "port '+80' is not a number; write a number 1-65535"),
                Arguments.of("db:80/x", "port '80/x' is not a number; write a number 1-65535"),
                Arguments.of("::1:8080", "'::1:8080' has more than one ':'; write IPv6 addresses in brackets, e.g. [::1]:8080"),
                Arguments.of("fe80::1", "'fe80::1' has more than one ':'; write IPv6 addresses in brackets, e.g. [fe80::1]"),
                Arguments.of("a:b:1", "'a:b:1' has more than one ':'; write IPv6 addresses in brackets, e.g. [::1]:8080"),
                Arguments.of("[::1", "'[::1' has no closing ']'; write IPv6 addresses as [::1]:8080"),
                Arguments.of("[::1]8080", "'[::1]8080' has '8080' after ']'; write [IPV6]:PORT, e.g. [::1]:8080"),
                Arguments.of("[]:80", "'[]:80' has no address in the brackets; write e.g. [::1]:8080"),
                Arguments.of("[my_db]:80", "'[my_db]:80': brackets are for IPv6 addresses only; write my_db:80"),
                Arguments.of("[::g]:80", "'::g' is not a valid IPv6 address; write e.g. [::1] or [fe80::1%eth0]"),
                Arguments.of("[1::2::3]", "'1::2::3' is not a valid IPv6 address; write e.g. [::1] or [fe80::1%eth0]"),
                Arguments.of("[::1]:http", "port 'http' is not a number; write a number 1-65535"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithOneLineSayingHowToWriteIt(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\t") || e.getMessage().contains("\u0000"));
    }

    @ParameterizedTest
    @CsvSource({"::, true", "::1, true", "1:2:3:4:5:6:7:8, true", "1::8, true", "1:2:3:4:5:6:7::, true", "::ffff:1.2.3.4, true",
            "fe80::1%eth0, true", "2001:DB8::1, true",
            "1:2:3:4:5:6:7:8:9, false", "1:2:3:4:5:6:7, false", ":::, false", "1::2::3, false", "12345::, false", "g::1, false",
            "::1.2.3, false", "::256.0.0.1, false", "1.2.3.4::, false", "fe80::1%, false", "fe80::1%a b, false", "1:2:3:4:5:6:7::8, false",
            "127.0.0.1, false", "my_db, false"})
    void ipv6Literals(String host, boolean valid) {
        assertEquals(valid, HostPort.isIpv6Literal(host));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "0.0.0.0, true", "255.255.255.255, true", "256.0.0.1, false", "1.2.3, false", "1.2.3.4.5, false",
            "01.2.3.4, false", "1..3.4, false", "a.b.c.d, false", "::1, false"})
    void ipv4Literals(String host, boolean valid) {
        assertEquals(valid, HostPort.isIpv4Literal(host));
        assertEquals(valid || HostPort.isIpv6Literal(host), HostPort.isIpLiteral(host));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my_db   | 5432 | my_db:5432   | my_db",
            "::1     | 8080 | [::1]:8080   | [::1]",
            "[::1]   | 8080 | [::1]:8080   | [::1]",
            "10.0.0.1| -1   | 10.0.0.1     | 10.0.0.1",
            "fe80::1%eth0 | -1 | [fe80::1%eth0] | [fe80::1%eth0]"})
    void formatsWithIpv6InBrackets(String host, int port, String formatted, String bracketed) {
        assertEquals(formatted, HostPort.format(host, port));
        assertEquals(bracketed, HostPort.bracket(host));
        assertEquals(HostPort.unbracket(bracketed), HostPort.unbracket(host));
    }

    @Test
    void aValueIsChecked() {
        assertEquals("[::1]:80", new HostPort("::1", 80).toString());
        assertEquals("my_db", new HostPort("my_db", HostPort.NO_PORT).toString());
        assertEquals(new HostPort("my_db", 80), HostPort.parse("my_db").withDefaultPort(80));
        assertEquals(new HostPort("my_db", 81), HostPort.parse("my_db:81").withDefaultPort(80));
        assertEquals("port 0 is out of range 1-65535", assertThrows(IllegalArgumentException.class, () -> new HostPort("db", 0)).getMessage());
        assertEquals("the host is empty; write e.g. db:5432", assertThrows(IllegalArgumentException.class, () -> new HostPort("", 1)).getMessage());
        assertEquals("the host is empty; write e.g. db:5432", assertThrows(IllegalArgumentException.class, () -> new HostPort(null, 1)).getMessage());
        assertEquals("the port is empty; write a number 1-65535", assertThrows(IllegalArgumentException.class, () -> HostPort.parsePort("")).getMessage());
        assertEquals(65535, HostPort.checkPort(65535));
        assertEquals("my_db.", HostPort.checkHost("my_db."));
    }
}
