package dev.readygate.protocol.redis;

import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Target;
import dev.readygate.model.TargetAddress;
import dev.readygate.net.tls.TlsContexts;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.ArrayList;
import java.util.List;

/**
 * redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] and rediss:// (TLS from the first byte): ready when
 * the server answers PING after HELLO 3 (with AUTH when credentials are given; AUTH and PING on
 * Redis before 6), and SELECT when the URL names a database. See docs/redis.md.
 */
public final class RedisProtocol implements Protocol {
    /** redis-cli, lettuce and go-redis use 6379 for rediss:// too (Redis has no standard TLS port). */
    public static final int DEFAULT_PORT = 6379;

    public static final Key<Boolean> REQUIRE_AUTH_OK = Key.flag("require-auth-ok")
            .help("redis: a server that asks for a password the target does not give (-NOAUTH) is not ready"
                    + " (AUTH_FAILED) instead of ready with a warning").build();
    public static final Key<RedisSpec.KeyExpect> REDIS_KEY = Key.scalar("redis-key", RedisSpec.KeyExpect::parse).label("KEY[=REGEX]")
            .help("redis: the key must exist, and with =REGEX its string value must match (first "
                    + RedisProbe.MAX_VALUE_BYTES / 1024 + " KiB, Java syntax, anywhere); else DATA_MISSING").build();

    private static final List<Key<?>> SETTINGS = Credentials.withTls(REQUIRE_AUTH_OK, REDIS_KEY);

    private final Probe probe = new RedisProbe();

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public List<String> schemes() {
        return List.of("redis", "rediss");
    }

    @Override
    public int defaultPort(String scheme) {
        return DEFAULT_PORT;
    }

    @Override
    public List<String[]> forms() {
        // one line each in --help (the column is 53 wide); a user:password@ form would be masked there as a secret
        return List.of(new String[] {"redis://[AUTH@]HOST[:PORT][/DB]", "ready when PING answers (after AUTH and SELECT DB)"},
                new String[] {"rediss://[AUTH@]HOST[:PORT][/DB]", "the same over TLS; AUTH is USER, :PASSWORD or both"});
    }

    @Override
    public List<Key<?>> settings() {
        return SETTINGS;
    }

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        database(address.path(), shown);
        if (address.query() != null && !address.query().isEmpty())
            throw new IllegalArgumentException(shown + ": a redis target takes no query; the database is the path (redis://HOST:PORT/2)");
    }

    /** The database of a path ("", "/", "/N"), or -1 for none. */
    static int database(String path, String shown) {
        if (path == null || path.isEmpty() || "/".equals(path)) return -1;
        String n = path.substring(1);
        if (!n.matches("[0-9]{1,9}"))
            throw new IllegalArgumentException(shown + ": the path of a redis target is the database number, e.g. redis://HOST:6379/2 (got '"
                    + path + "')");
        return Integer.parseInt(n);
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View s) {
        Credentials credentials = Credentials.read(target, s);
        int db = database(target.uri().getRawPath(), target.display());
        boolean tls = "rediss".equals(target.scheme());
        return new RedisSpec(credentials, db, tls ? TlsSettings.options(s) : null, s.get(REQUIRE_AUTH_OK), s.get(REDIS_KEY));
    }

    @Override
    public void preflight(Target target) {
        RedisSpec spec = target.spec(RedisSpec.class, null);
        if (spec == null || spec.tls() == null) return;
        if (spec.tls().caCert() == null && spec.tls().clientCert() == null) return;
        TlsContexts.build(spec.tls());
    }

    @Override
    public Probe probe() {
        return probe;
    }
}
