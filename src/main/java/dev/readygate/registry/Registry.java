package dev.readygate.registry;

import dev.readygate.protocol.Protocols;
import dev.readygate.protocol.compose.ComposeProtocol;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.mysql.MysqlProtocol;
import dev.readygate.protocol.k8s.K8sProtocol;
import dev.readygate.protocol.redis.RedisProtocol;
import dev.readygate.protocol.mongodb.MongoProtocol;
import dev.readygate.protocol.postgres.PostgresProtocol;
import dev.readygate.protocol.tcp.TcpProtocol;
import dev.readygate.source.Sources;
import dev.readygate.source.compose.ComposeSource;
import dev.readygate.source.k8s.K8sSource;
import dev.readygate.source.nginx.NginxSource;

import java.util.List;

/**
 * The one list of protocols readygate speaks, and the one list of sources it reads targets from.
 * Adding a protocol (or a source) is one line here plus its own package (see docs/architecture.md);
 * its schemes, settings and help (or what it reads) come from the module.
 */
public final class Registry {
    private static final Protocols PROTOCOLS = new Protocols(List.of(
            new TcpProtocol(),
            new HttpProtocol(),
            new PostgresProtocol(),
            new MysqlProtocol(),
            new RedisProtocol(),
            new MongoProtocol(),
            new ComposeProtocol(),
            new K8sProtocol()));

    /** In the order they are asked whether they recognise a file (by name, then first text). */
    private static final Sources SOURCES = new Sources(List.of(
            new NginxSource(),
            new ComposeSource(),
            new K8sSource()));

    private Registry() {
    }

    public static Protocols protocols() {
        return PROTOCOLS;
    }

    public static Sources sources() {
        return SOURCES;
    }
}
