package dev.readygate.source.nginx;

import dev.readygate.base.HostPort;
import dev.readygate.net.LocalExplain;
import dev.readygate.net.Resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What nginx itself listens on, read from the config: never offered as "did you mean" for its upstreams (verify, wait --from). */
public final class OwnListeners {
    private OwnListeners() {
    }

    /**
     * The listeners that are nginx's own, never a "did you mean" for a refused upstream: every
     * {@code listen} address of the config (a server without one listens on *:80, or *:8000
     * without root) and the processes named nginx (master and workers).
     */
    public static LocalExplain.Exclusions of(NginxFacts facts) {
        List<InetSocketAddress> listen = new ArrayList<>();
        listens(facts.directives(), listen);
        return new LocalExplain.Exclusions(listen, Set.of("nginx"), "nginx's own");
    }

    private static void listens(List<Directive> block, List<InetSocketAddress> out) {
        for (Directive d : block) {
            // a server without listen listens on *:80 (root) or *:8000
            if (d.name().equals("server") && d.isBlock() && d.block().stream().noneMatch(x -> x.name().equals("listen"))
                    && out.stream().noneMatch(a -> a.getPort() == 80)) {
                out.add(new InetSocketAddress(80));
                out.add(new InetSocketAddress(8000));
            }
            if (d.name().equals("listen") && !d.args().isEmpty()) {
                InetSocketAddress a = listenAddress(d.arg(0));
                if (a != null) out.add(a);
            }
            if (d.isBlock()) listens(d.block(), out);
        }
    }

    /** A listen argument ({@code 8080}, {@code 127.0.0.1:8080}, {@code [::]:443}, {@code *:80}, {@code localhost}) as an address; null for unix: sockets. */
    static InetSocketAddress listenAddress(String arg) {
        if (arg.startsWith("unix:")) return null;
        try {
            if (arg.matches("\\d{1,5}")) return new InetSocketAddress(Integer.parseInt(arg));
            HostPort hp = HostPort.parse(arg.startsWith("*:") ? "0.0.0.0" + arg.substring(1) : arg).withDefaultPort(80);
            // a name stands for every address of its port (it is not resolved here)
            return Resolver.isLiteral(hp.host()) ? new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()) : new InetSocketAddress(hp.port());
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }

}
