package dev.readygate.protocol;

import dev.readygate.registry.Registry;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.model.Redact;

import dev.readygate.protocol.http.StatusSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class TargetParseTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "db:5432                          | tcp   | db        | 5432",
            "tcp://db:5432                    | tcp   | db        | 5432",
            "TCP://db:5432                    | tcp   | db        | 5432",
            "[::1]:8080                       | tcp   | ::1       | 8080",
            "tcp://[::1]:8080                 | tcp   | ::1       | 8080",
            "http://localhost/health          | http  | localhost | 80",
            "https://api.example.test/healthz | https | api.example.test | 443",
            "http://[::1]:8080/health         | http  | ::1       | 8080",
            "127.0.0.1:3000                   | tcp   | 127.0.0.1 | 3000",
            "my_db:5432                       | tcp   | my_db     | 5432",
            "tcp://my_db:5432                 | tcp   | my_db     | 5432",
            "http://my_db:8080/               | http  | my_db     | 8080",
            "https://my_db/health             | https | my_db     | 443",
            "http://my_db./                   | http  | my_db.    | 80",
            "tcp:3000                         | tcp   | localhost | 3000",
            "tcp:my_db:3000                   | tcp   | my_db     | 3000"})
    void parses(String spec, String scheme, String host, int port) {
        Target t = Registry.protocols().parse(spec, Origin.COMMAND_LINE);
        assertEquals(scheme, t.scheme());
        assertEquals(host, t.endpoint().host());
        assertEquals(port, t.endpoint().port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "db                     | target 'db' has no port; write tcp://db:PORT",
            "amqp://db:5672         | target 'amqp://db:5672': unsupported scheme 'amqp'; supported: tcp://, http://, https://, postgres://, postgresql://, mysql://, mariadb://, redis://, rediss://, mongodb://, compose:, k8s:",
            "redis://db:6379/cache  | target 'redis://db:6379/cache': the path of a redis target is the database number, e.g. redis://HOST:6379/2 (got '/cache')",
            "db:99999               | target 'db:99999': port 99999 is out of range 1-65535",
            "tcp://db:5432/x        | target 'tcp://db:5432/x': a tcp target has no path; did you mean http://db:5432/x ?",
            "::1:8080               | target '::1:8080' has no host; write IPv6 addresses in brackets, e.g. [::1]:8080",
            "'http://u:pw@h :80/'   | target 'http://u:***@h :80/' is not a valid URI (Illegal character in authority); write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health",
            "5432                   | target '5432' is a port without a host; write tcp://localhost:5432 for this machine, or tcp://HOST:5432",
            "tcp://256.0.0.1:1234   | target 'tcp://256.0.0.1:1234': '256.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1",
            "127.0.0.1:-1           | target '127.0.0.1:-1': port -1 is out of range 1-65535",
            "tcp:my_db              | target 'tcp:my_db' has no port; write tcp://my_db:PORT",
            "db-user:pw@db          | target 'db-user:***@db' has no port; write tcp://db:PORT",
            "tcp://u:pw@db:5432/x   | target 'tcp://u:***@db:5432/x': a tcp target has no path; did you mean http://u:***@db:5432/x ?",
            "tcp://my db:5432       | target 'tcp://my db:5432' is not a valid URI (Illegal character in authority); write e.g. tcp://db:5432, [::1]:8080 or http://localhost:8080/health"})
    void rejectsWithAFix(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.protocols().parse(spec, Origin.COMMAND_LINE));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anUnderscoreHostKeepsItsNameInTheUriAndTheDisplay() {
        Target t = Registry.protocols().parse("http://u:pw@my_db:8080/health", Origin.COMMAND_LINE);
        assertEquals("http://u:pw@my_db:8080/health", t.uri().toString());
        assertEquals("http://u:***@my_db:8080/health", t.display());
        assertEquals(t.display(), t.name());
        assertEquals("my_db:8080", t.endpoint().toString());
        assertEquals("tcp://localhost:3000", Registry.protocols().parse("tcp:3000", Origin.COMMAND_LINE).display());
    }

    @Test
    void displayNeverShowsThePassword() {
        Target t = Registry.protocols().parse("https://admin:s3cret@db.example.test:8443/x?access_token=abc&x=1", Origin.COMMAND_LINE);
        assertEquals("https://admin:***@db.example.test:8443/x?access_token=***&x=1", t.display());
        assertFalse(t.name().contains("s3cret"));
    }

    @Test
    void statusSets() {
        StatusSet s = StatusSet.parse("200-299, 401,5xx");
        assertTrue(s.contains(204));
        assertTrue(s.contains(401));
        assertTrue(s.contains(503));
        assertFalse(s.contains(404));
        assertEquals("'abc' in status set 'abc' is not an HTTP status (100-599); write e.g. 200-299,401",
                assertThrows(IllegalArgumentException.class, () -> StatusSet.parse("abc")).getMessage());
        assertEquals("status range '299-200' is backwards; write 200-299",
                assertThrows(IllegalArgumentException.class, () -> StatusSet.parse("299-200")).getMessage());
    }

    @Test
    void redactsHeadersAndText() {
        assertEquals("Authorization: ***", Redact.header("Authorization", "Bearer abc"));
        assertEquals("X-Request-Id: 1", Redact.header("X-Request-Id", "1"));
        assertEquals("failed for postgres://app:***@db:5432/x", Redact.text("failed for postgres://app:hunter2@db:5432/x"));
    }
}
