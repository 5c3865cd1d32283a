package dev.readygate.protocol.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SniffTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "160303007a0200|a TLS record (the port speaks TLS)",
            "15030100020228|a TLS alert (the port speaks TLS)",
            "485454502f312e31203430302042616420526571756573740d0a|an HTTP response ('HTTP/1.1 400 Bad Request'): an HTTP server",
            "5353482d322e302d4f70656e5353480d0a|an SSH server's banner ('SSH-2.0-OpenSSH')",
            "414d515000000901|an AMQP protocol header: a message broker (RabbitMQ)",
            "494e464f207b7d0d0a|a NATS server's INFO",
            "2d45525220756e6b6e6f776e20636f6d6d616e640d0a|a Redis reply ('-ERR unknown command')",
            "560000000a352e352e352d31302e31312e31392d4d617269614442000000|a MySQL/MariaDB greeting (server 5.5.5-10.11.19-MariaDB)",
            "450000001b53464154414c00|a PostgreSQL message ('E')",
            "68656c6c6f0a|text 'hello\\n'",
            "00010203|4 bytes 0x00 0x01 0x02 0x03",
    })
    void namesWhatArrived(String hex, String expected) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertEquals(expected, Sniff.describe(b, b.length));
    }
}
