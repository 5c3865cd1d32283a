package dev.readygate.protocol.mysql;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Sessions a test logs in (mysql_native_password, plain) and holds open, to take connection slots; closed with COM_QUIT. */
final class Held implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    void login(int port, String user, String password) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] greeting = read(in);
        if ((greeting[0] & 0xff) != 0x0a) throw new IOException("no greeting: error " + ServerError.parse(greeting).text());
        Greeting g;
        try {
            g = Greeting.parse(greeting);
        } catch (Cursor.Truncated t) {
            throw new IOException("truncated greeting");
        }
        long caps = Greeting.CLIENT_PROTOCOL_41 | Greeting.CLIENT_SECURE_CONNECTION | Greeting.CLIENT_PLUGIN_AUTH | Greeting.CLIENT_LONG_PASSWORD;
        byte[] auth = password.isEmpty() ? new byte[0] : Auth.nativeScramble(password, g.scramble());
        write(s.getOutputStream(), 1, Login.handshakeResponse(caps, user, auth, Auth.NATIVE, null));
        byte[] answer = read(in);
        if ((answer[0] & 0xff) != 0) throw new IOException(user + " could not log in: " + ServerError.parse(answer).text());
    }

    private static byte[] read(DataInputStream in) throws IOException {
        byte[] h = new byte[4];
        in.readFully(h);
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        byte[] p = new byte[len];
        in.readFully(p);
        return p;
    }

    private static void write(OutputStream out, int seq, byte[] payload) throws IOException {
        out.write(Packets.frame(seq, payload));
        out.flush();
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try (s) {
                s.getOutputStream().write(Login.COM_QUIT);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
