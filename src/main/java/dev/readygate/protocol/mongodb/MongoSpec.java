package dev.readygate.protocol.mongodb;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.wire.Credentials;

/**
 * What a mongodb:// target asks.
 *
 * @param credentials user and password for SCRAM-SHA-256, or {@link Credentials#NONE}
 * @param authSource  the database the user is defined in ({@code ?authSource=}, else the URL's path, else admin)
 * @param replicaSet  the replica set the node must belong to ({@code ?replicaSet=}), or null
 * @param role        which node counts as ready
 * @param tls         TLS directly after connect ({@code ?tls=true} or {@code ?ssl=true})
 * @param tlsOptions  certificates and trust for TLS
 * @param seeds       the hosts of a seed list in the order written (the target's endpoint is the first); one for a single host,
 *                    or none when the spec was made without a target (tests)
 */
public record MongoSpec(Credentials credentials, String authSource, String replicaSet, Role role, boolean tls, TlsOptions tlsOptions,
                        java.util.List<dev.readygate.model.Endpoint> seeds)
        implements ProtocolSpec {

    public MongoSpec {
        seeds = seeds == null ? java.util.List.of() : java.util.List.copyOf(seeds);
    }

    /** A single host (the target's endpoint). */
    public MongoSpec(Credentials credentials, String authSource, String replicaSet, Role role, boolean tls, TlsOptions tlsOptions) {
        this(credentials, authSource, replicaSet, role, tls, tlsOptions, java.util.List.of());
    }

    /** Which node is ready: a writable primary only, or a secondary too. */
    public enum Role {
        PRIMARY, ANY;

        static Role parse(String v) {
            return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "primary" -> PRIMARY;
                case "any" -> ANY;
                default -> throw new IllegalArgumentException("'" + v + "' is not a role; write primary or any");
            };
        }
    }

    @Override
    public String toString() {
        return "MongoSpec[credentials=" + credentials + ", authSource=" + authSource + ", replicaSet=" + replicaSet + ", role=" + role
                + ", tls=" + tls + ", seeds=" + seeds + "]";
    }
}
