package dev.readygate.diagnosis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table of low-level failures -> cause, pinned row by row. */
class ClassifierTest {
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), Phase.CONNECT, Cause.CONNECTION_REFUSED),
                // the JDK reports the kernel's ETIMEDOUT (SYN retries exhausted) as a ConnectException
                Arguments.of(new ConnectException("Connection timed out"), Phase.CONNECT, Cause.CONNECT_TIMEOUT),
                Arguments.of(new SocketTimeoutException("Connect timed out"), Phase.CONNECT, Cause.CONNECT_TIMEOUT),
                Arguments.of(new NoRouteToHostException("No route to host"), Phase.CONNECT, Cause.HOST_UNREACHABLE),
                Arguments.of(new ConnectException("Network is unreachable"), Phase.CONNECT, Cause.HOST_UNREACHABLE),
                Arguments.of(new SocketException("Network is unreachable"), Phase.CONNECT, Cause.HOST_UNREACHABLE),
                Arguments.of(new UnknownHostException("nope"), Phase.CONNECT, Cause.DNS_NOT_FOUND),
                Arguments.of(new SocketTimeoutException("Read timed out"), Phase.EXCHANGE, Cause.READ_TIMEOUT),
                Arguments.of(new SocketException("Connection reset"), Phase.EXCHANGE, Cause.CONNECTION_RESET),
                Arguments.of(new SocketException("Connection reset by peer"), Phase.EXCHANGE, Cause.CONNECTION_RESET),
                Arguments.of(new SocketException("Broken pipe"), Phase.EXCHANGE, Cause.CONNECTION_RESET),
                Arguments.of(new EOFException(), Phase.EXCHANGE, Cause.PREMATURE_CLOSE),
                Arguments.of(new SocketException("Too many open files"), Phase.CONNECT, Cause.LOCAL_RESOURCES),
                Arguments.of(new IOException("Too many open files"), Phase.EXCHANGE, Cause.LOCAL_RESOURCES),
                Arguments.of(new IOException("something else"), Phase.EXCHANGE, Cause.PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("table")
    void classifies(Throwable e, Phase phase, Cause expected) {
        assertEquals(expected, Classifier.cause(e, phase));
        assertEquals(expected, Classifier.classify(e, phase, "127.0.0.1:80", 3).cause());
    }
}
