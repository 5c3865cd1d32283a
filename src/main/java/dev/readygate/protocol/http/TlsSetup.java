package dev.readygate.protocol.http;

import dev.readygate.net.tls.TlsContexts;

import dev.readygate.net.tls.TlsOptions;

import javax.net.ssl.SSLContext;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSLContexts of one probe, one per set of TLS options, and what their handshakes report per
 * socket while they run: the server's chain (also when it is then rejected) and whether the
 * server asked for a client certificate. A hop forgets its socket when it ends.
 */
final class TlsSetup implements TlsContexts.Capture {
    private final Map<TlsOptions, SSLContext> contexts = new ConcurrentHashMap<>();
    private final Map<Socket, X509Certificate[]> chains = new ConcurrentHashMap<>();
    private final Set<Socket> askedForClientCert = ConcurrentHashMap.newKeySet();

    /**
     * @throws IllegalArgumentException when a file of the options is missing or invalid
     */
    SSLContext context(TlsOptions options) {
        TlsOptions o = options == null ? TlsOptions.DEFAULT : options;
        return contexts.computeIfAbsent(o, k -> TlsContexts.build(k, this));
    }

    @Override
    public void chain(Socket socket, X509Certificate[] chain) {
        chains.put(socket, chain);
    }

    @Override
    public void clientCertificateRequested(Socket socket) {
        askedForClientCert.add(socket);
    }

    /** The server's certificate as the handshake on socket saw it (null when none was seen). */
    X509Certificate leaf(Socket socket) {
        X509Certificate[] chain = socket == null ? null : chains.get(socket);
        return chain != null && chain.length > 0 ? chain[0] : null;
    }

    boolean askedForClientCert(Socket socket) {
        return socket != null && askedForClientCert.contains(socket);
    }

    void forget(Socket socket) {
        chains.remove(socket);
        askedForClientCert.remove(socket);
    }
}
