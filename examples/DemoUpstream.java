import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in upstream for the demo, run as a single source file (java DemoUpstream.java PORT):
 * nothing listens for 1.5 s, then it answers 503 "starting" for 1.5 s, then 200 {"status":"UP"},
 * and it exits after 30 s. Only the JDK is needed.
 */
public class DemoUpstream {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Thread.sleep(1500);
        long upAt = System.nanoTime() + 1_500_000_000L;
        long exitAt = System.nanoTime() + 30_000_000_000L;
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(500);
            while (System.nanoTime() < exitAt) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(2000);
                    byte[] buf = new byte[4096];
                    s.getInputStream().read(buf);
                    boolean up = System.nanoTime() > upAt;
                    String body = up ? "{\"status\":\"UP\"}" : "starting: running migrations 2/3";
                    String head = (up ? "HTTP/1.1 200 OK" : "HTTP/1.1 503 Service Unavailable") + "\r\nContent-Type: "
                            + (up ? "application/json" : "text/plain") + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                            + "\r\nConnection: close\r\n\r\n";
                    OutputStream o = s.getOutputStream();
                    o.write((head + body).getBytes(StandardCharsets.UTF_8));
                    o.flush();
                } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                    // no client this half second, or the client went away
                } catch (IOException e) {
                    // ignore one bad exchange
                }
            }
        }
    }
}
