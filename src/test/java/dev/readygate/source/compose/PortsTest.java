package dev.readygate.source.compose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every syntax of ports: (short and long) and expose:, and what a gate on the host and in the network derives from each. */
class PortsTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private List<String> derive(String entry, boolean network) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n    ports:\n" + entry);
        return ComposeTesting.lines(ComposeTesting.load(f, ComposeTesting.context(Map.of("P", "9000"), network)))
                .stream().map(l -> l.replaceAll("  \\d+:\\d+$", "")).toList();
    }

    /** HOST and NETWORK list the targets (and notes) separated by &. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- 3000                          | skipped port 3000 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:3000), or wait inside the network with --network | tcp://web:3000",
            "- \"3000\"                      | skipped port 3000 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:3000), or wait inside the network with --network | tcp://web:3000",
            "- \"8080:80\"                   | tcp://127.0.0.1:8080            | tcp://web:80",
            "- 8080:80                       | tcp://127.0.0.1:8080            | tcp://web:80",
            "- \"127.0.0.1:8080:80\"         | tcp://127.0.0.1:8080            | tcp://web:80",
            "- \"0.0.0.0:8080:80\"           | tcp://127.0.0.1:8080            | tcp://web:80",
            "- \"192.0.2.7:8080:80\"         | tcp://192.0.2.7:8080            | tcp://web:80",
            "- \"[::1]:8080:80\"             | tcp://[::1]:8080                | tcp://web:80",
            "- \"[::]:8080:80\"              | tcp://[::1]:8080                | tcp://web:80",
            "- \"127.0.0.1::80\"             | skipped port 127.0.0.1::80 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:80), or wait inside the network with --network | tcp://web:80",
            "- \"8000-8001:80-81\"           | tcp://127.0.0.1:8000 & tcp://127.0.0.1:8001 | tcp://web:80 & tcp://web:81",
            "- \"8000-8001:80\"              | skipped port 8000-8001:80 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:80), or wait inside the network with --network | tcp://web:80",
            "- \"8080:80/tcp\"               | tcp://127.0.0.1:8080            | tcp://web:80",
            "- \"53:53/udp\"                 | skipped port 53/udp of web at FILE:5:9: readygate waits for TCP ports | skipped port 53/udp of web at FILE:5:9: readygate waits for TCP ports",
            "- \"${P}:80\"                   | tcp://127.0.0.1:9000            | tcp://web:80",
            "- \"${NOPE:-8081}:80\"          | tcp://127.0.0.1:8081            | tcp://web:80",
            "- {target: 80, published: 8080} | tcp://127.0.0.1:8080           | tcp://web:80",
            "- {target: 80, published: \"8080\", host_ip: 127.0.0.1, protocol: tcp, mode: host} | tcp://127.0.0.1:8080 | tcp://web:80",
            "- {target: 80, published: 8080, host_ip: \"::1\"} | tcp://[::1]:8080 | tcp://web:80",
            "- {target: 80, published: 8080, app_protocol: http} | http://127.0.0.1:8080/ | http://web:80/",
            "- {target: 80, published: 8000-8001} | skipped port target 80 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:80), or wait inside the network with --network | tcp://web:80",
            "- {target: 80}                  | skipped port target 80 of web at FILE:5:9: the engine picks its host port at start; publish it on a fixed one (HOST_PORT:80), or wait inside the network with --network | tcp://web:80",
            "- {target: 53, published: 53, protocol: udp} | skipped port 53/udp of web at FILE:5:9: readygate waits for TCP ports | skipped port 53/udp of web at FILE:5:9: readygate waits for TCP ports"})
    void everySyntax(String entry, String host, String network) throws Exception {
        String yaml = "      " + entry.replace("\\\"", "\"") + "\n";
        assertEquals(List.of(host.split(" & ")), derive(yaml, false), "host: " + entry);
        assertEquals(List.of(network.split(" & ")), derive(yaml, true), "network: " + entry);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- \"8080:0\"          | 5:9: port '8080:0' in service 'web' is not valid; the container port '0' is not a port (1-65535)",
            "- \"70000:80\"        | 5:9: port '70000:80' in service 'web' is not valid; the host port '70000' is not a port (1-65535)",
            "- \"80:80/tcpx\"      | 5:9: port '80:80/tcpx' in service 'web' is not valid; unknown protocol 'tcpx'; write /tcp, /udp or /sctp",
            "- \"a:80:80\"         | 5:9: port 'a:80:80' in service 'web' is not valid; 'a' is not an IP address; write IP:HOST_PORT:CONTAINER_PORT, an IPv6 address in brackets",
            "- \"8000-8002:80-81\" | 5:9: port '8000-8002:80-81' in service 'web' is not valid; the host range 8000-8002 and the container range 80-81 differ in length; give ranges of the same length",
            "- \"[::1:80:80\"      | 5:9: port '[::1:80:80' in service 'web' is not valid; an IPv6 address in brackets must be followed by ':'; write [::1]:8080:80",
            "- {published: 80}     | 5:9: a port of service 'web' has no target; add `target: CONTAINER_PORT`",
            "- {target: 80, publish: 80} | 5:22: unknown key 'publish' in a port of service 'web'; a port has target, published, host_ip, protocol, app_protocol, mode and name",
            "- [80]                | 5:9: an entry of ports in service 'web' is a list, not a single value; write one value",
            "'8080:80'             | 4:12: ports of service 'web' is a value, not a list; write a list: - \"8080:80\""})
    void brokenPortsSayWhere(String entry, String message) throws Exception {
        String yaml = "services:\n  web:\n    image: x\n    ports:" + (entry.startsWith("-") ? "\n      " : " ") + entry.replace("\\\"", "\"") + "\n";
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("compose.yaml"), yaml);
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.readygate.source.SourceException.class,
                () -> ComposeTesting.load(f, ComposeTesting.context(Map.of(), false)));
        assertEquals(f + ":" + message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- 3000        | tcp://web:3000",
            "- \"3000\"    | tcp://web:3000",
            "- 3000-3001   | tcp://web:3000 & tcp://web:3001",
            "- \"3000/tcp\"| tcp://web:3000"})
    void exposeIsReachedInsideTheNetworkOnly(String entry, String network) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("compose.yaml"),
                "services:\n  web:\n    image: x\n    expose:\n      " + entry.replace("\\\"", "\"") + "\n");
        assertEquals(List.of(), ComposeTesting.lines(ComposeTesting.load(f, ComposeTesting.context(Map.of(), false))));
        assertEquals(List.of(network.split(" & ")), ComposeTesting.lines(ComposeTesting.load(f, ComposeTesting.context(Map.of(), true)))
                .stream().map(l -> l.replaceAll("  \\d+:\\d+$", "")).toList());
    }
}
