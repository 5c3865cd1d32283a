package dev.readygate.net;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a host to all its addresses under a time budget (the system resolver has no timeout
 * of its own that we control). Address literals are not looked up.
 */
public final class Resolver {
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "readygate-dns", 256 * 1024);
        t.setDaemon(true);
        return t;
    });

    private Resolver() {
    }

    /** Either the addresses (in the resolver's order) or a diagnosis. */
    public record Resolution(List<InetAddress> addresses, Diagnosis failure, long elapsedNanos) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    public static Resolution resolve(String host, Duration timeout) {
        long start = System.nanoTime();
        if (isLiteral(host)) {
            try {
                return new Resolution(List.of(InetAddress.getByName(host)), null, System.nanoTime() - start);
            } catch (UnknownHostException e) {
                return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_NOT_FOUND, "'" + host + "' is not a valid address literal")
                        .hint("write the address correctly, e.g. 127.0.0.1 or [::1]").permanent(true).build(), System.nanoTime() - start);
            }
        }
        Future<InetAddress[]> f = LOOKUPS.submit(() -> InetAddress.getAllByName(host));
        try {
            InetAddress[] all = f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Resolution(List.of(all), null, System.nanoTime() - start);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_TIMEOUT, "resolving '" + host + "' took longer than " + timeout.toMillis() + " ms")
                    .evidence("host", host).evidence("resolveMs", timeout.toMillis()).build(), System.nanoTime() - start);
        } catch (ExecutionException e) {
            return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_NOT_FOUND, "'" + host + "' does not resolve")
                    .evidence("host", host).evidence("resolver", String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()))
                    .build(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_TIMEOUT, "resolving '" + host + "' was interrupted").build(), System.nanoTime() - start);
        }
    }

    public static String family(InetAddress a) {
        return a instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    /** "127.0.0.1:80" or "[::1]:80". */
    public static String format(InetAddress a, int port) {
        String h = a.getHostAddress();
        int pct = h.indexOf('%');
        if (pct >= 0 && a.isLoopbackAddress()) h = h.substring(0, pct);
        return (a instanceof Inet6Address ? "[" + h + "]" : h) + ":" + port;
    }

    public static List<String> formatAll(List<InetAddress> all, int port) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : all) out.add(format(a, port));
        return out;
    }
}
