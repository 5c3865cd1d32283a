package dev.readygate.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialerTest {
    /**
     * A socket bound to the port it connects to, where nothing listens, connects to itself (TCP
     * simultaneous open): that is what happens when the kernel picks the target's port as the
     * ephemeral local port. It is not a listener, so it must not count as one.
     */
    @Test
    void aSocketConnectedToItselfIsToldApartFromAListener() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, lo)) {
            port = free.getLocalPort();
        }
        try (Socket self = new Socket()) {
            self.setReuseAddress(true);
            self.bind(new InetSocketAddress(lo, port));
            self.connect(new InetSocketAddress(lo, port), 1000); // Linux: simultaneous open with itself
            assertTrue(Dialer.selfConnected(self, lo, port), "connected to itself on " + port);
        }
        try (ServerSocket listener = new ServerSocket(0, 1, lo); Socket c = new Socket()) {
            c.connect(new InetSocketAddress(lo, listener.getLocalPort()), 1000);
            assertFalse(Dialer.selfConnected(c, lo, listener.getLocalPort()), "a real listener");
        }
    }
}
