/** Prints two free TCP ports on 127.0.0.1, next to each other (java FreePort.java). */
public class FreePort {
    public static void main(String[] args) throws Exception {
        java.net.InetAddress lo = java.net.InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 100; i++) {
            try (java.net.ServerSocket a = new java.net.ServerSocket(0, 1, lo);
                 java.net.ServerSocket b = new java.net.ServerSocket(a.getLocalPort() + 1, 1, lo)) {
                System.out.println(a.getLocalPort() + " " + b.getLocalPort());
                return;
            } catch (java.io.IOException taken) {
                // try another pair
            }
        }
        System.exit(1);
    }
}
