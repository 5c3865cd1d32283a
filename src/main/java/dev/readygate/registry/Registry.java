package dev.readygate.registry;

import dev.readygate.protocol.Protocols;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.tcp.TcpProtocol;

import java.util.List;

/**
 * The one list of protocols readygate speaks. Adding a protocol is one line here plus its own
 * package (see docs/architecture.md); its schemes, settings and help come from the module.
 */
public final class Registry {
    private static final Protocols PROTOCOLS = new Protocols(List.of(
            new TcpProtocol(),
            new HttpProtocol()));

    private Registry() {
    }

    public static Protocols protocols() {
        return PROTOCOLS;
    }
}
