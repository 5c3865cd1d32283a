package dev.readygate.testing;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/** A DNS server that takes every query and answers none, for a bounded time: {@code java SilentDns ADDRESS PORT SECONDS}. */
public final class SilentDns {
    private SilentDns() {
    }

    public static void main(String[] args) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(args[0], Integer.parseInt(args[1])))) {
            s.setSoTimeout(200);
            long until = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
            byte[] buffer = new byte[512];
            System.out.println("listening");
            System.out.flush();
            while (System.nanoTime() < until) {
                try {
                    s.receive(new DatagramPacket(buffer, buffer.length));
                } catch (SocketTimeoutException e) {
                    // nothing came: look at the clock again
                }
            }
        }
    }
}
