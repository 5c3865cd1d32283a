package dev.readygate.net;

import dev.readygate.base.HostPort;
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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a host to all its addresses under a time budget (the system resolver has no timeout
 * of its own that we control). Address literals are not looked up.
 */
public final class Resolver {
    /** Lookups run here so each is bounded in time; at most this many at once (a hanging resolver must not cost a thread per target). */
    static final int MAX_LOOKUP_THREADS = 32;
    private static final ExecutorService LOOKUPS = lookups();

    private Resolver() {
    }

    private static ExecutorService lookups() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(MAX_LOOKUP_THREADS, MAX_LOOKUP_THREADS,
                10, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(null, r, "readygate-dns", 256 * 1024);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Either the addresses (in the resolver's order) or a diagnosis. */
    public record Resolution(List<InetAddress> addresses, Diagnosis failure, long elapsedNanos) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** An IPv6 literal (has a colon) or a dotted-quad IPv4 literal; by hand, no regex: this runs on every attempt. */
    public static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) return true;
        int dots = 0, digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0) return false;
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) return false;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    /** Address literals already parsed: a refused target is dialled several times a second, and a literal never changes. */
    private static final java.util.Map<String, InetAddress> LITERALS = new java.util.concurrent.ConcurrentHashMap<>();

    public static Resolution resolve(String host, Duration timeout) {
        long start = System.nanoTime();
        InetAddress known = LITERALS.get(host);
        if (known != null) return new Resolution(List.of(known), null, System.nanoTime() - start);
        if (isLiteral(host)) {
            try {
                InetAddress literal = InetAddress.getByName(host);
                if (LITERALS.size() > 1000) LITERALS.clear();
                LITERALS.put(host, literal);
                return new Resolution(List.of(literal), null, System.nanoTime() - start);
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
            String said = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            // getaddrinfo's EAI_AGAIN: no DNS server answered in time, which says nothing about the name
            if (said.contains("Temporary failure in name resolution"))
                return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_TIMEOUT, "no DNS server answered for '" + host
                        + "' (temporary failure in name resolution)").evidence("host", host).evidence("resolver", said)
                        .build(), System.nanoTime() - start);
            return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_NOT_FOUND, "'" + host + "' does not resolve")
                    .evidence("host", host).evidence("resolver", said).build(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new Resolution(List.of(), Diagnosis.builder(Cause.DNS_TIMEOUT, "resolving '" + host + "' was interrupted").build(), System.nanoTime() - start);
        }
    }

    public static String family(InetAddress a) {
        return a instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    /** "127.0.0.1:80" or "[::1]:80"; kept per address and port (a refused target is dialled several times a second). */
    public static String format(InetAddress a, int port) {
        AddressPort key = new AddressPort(a, port);
        String s = FORMATTED.get(key);
        if (s == null) {
            s = HostPort.format(text(a), port);
            if (FORMATTED.size() > 1000) FORMATTED.clear();
            FORMATTED.put(key, s);
        }
        return s;
    }

    /** equals and hashCode by hand: a record's own go through method handles, slow before they are compiled. */
    private record AddressPort(InetAddress address, int port) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AddressPort k && k.port == port && k.address.equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode() * 31 + port;
        }
    }

    private static final java.util.Map<AddressPort, String> FORMATTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The address as text; IPv6 in the RFC 5952 short form (::1, not 0:0:0:0:0:0:0:1). */
    public static String text(InetAddress a) {
        if (!(a instanceof Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        String scope = ((Inet6Address) a).getScopeId() != 0 && !a.isLoopbackAddress() ? "%" + ((Inet6Address) a).getScopeId() : "";
        return sb + scope;
    }

    public static List<String> formatAll(List<InetAddress> all, int port) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : all) out.add(format(a, port));
        return out;
    }
}
