package dev.readygate.protocol.mongodb;

import dev.readygate.base.Percent;
import dev.readygate.model.ProtocolSpec;
import dev.readygate.model.Redact;
import dev.readygate.model.Endpoint;
import dev.readygate.model.Target;
import dev.readygate.base.HostPort;
import dev.readygate.model.TargetAddress;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.Protocol;
import dev.readygate.protocol.TlsSettings;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.settings.Key;
import dev.readygate.settings.Layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * mongodb://[user[:password]@]host[:port][/authdb][?replicaSet=NAME&tls=true&authSource=DB]: ready
 * when the node answers {@code hello} (or the legacy {@code isMaster}) as a writable primary, or as
 * a secondary when {@code --mongo-role any}; with credentials, when SCRAM-SHA-256 succeeds too.
 * One host per target: a seed list and {@code mongodb+srv://} are refused with a one-line message.
 */
public final class MongoProtocol implements Protocol {
    public static final String SCHEME = "mongodb";
    public static final int DEFAULT_PORT = 27017;
    static final String ROLE_DEFAULT_TEXT = "primary with ?replicaSet=, else any";

    public static final Key<MongoSpec.Role> ROLE = Key.scalar("mongo-role", MongoSpec.Role::parse).label("primary|any")
            .defaultValue(null, ROLE_DEFAULT_TEXT)
            .help("mongodb: which node is ready: primary (a writable primary only; a secondary is NOT_PRIMARY) or any"
                    + " (a secondary too)").build();

    /** URI options readygate reads; other options of MongoDB's connection string are accepted and ignored. */
    private static final List<String> TLS_FILE_OPTIONS = List.of("tlscafile", "tlscertificatekeyfile", "tlscertificatekeyfilepassword",
            "tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames", "sslcafile", "sslpemkeyfile");

    private final Probe probe = new MongoProbe();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public List<String> schemes() {
        return List.of(SCHEME);
    }

    @Override
    public int defaultPort(String scheme) {
        return DEFAULT_PORT;
    }

    @Override
    public List<String[]> forms() {
        return List.of(new String[] {"mongodb://HOST[:PORT][?tls=true]", "ready when primary, or secondary with --mongo-role any"},
                new String[] {"mongodb://[USER@]A,B,C/?replicaSet=RS", "each host in turn until one is; USER logs in (SCRAM)"});
    }

    @Override
    public List<Key<?>> settings() {
        return SETTINGS;
    }

    private static final List<Key<?>> SETTINGS = Credentials.withTls(ROLE);

    @Override
    public String refusal(String text) {
        if (text.toLowerCase(Locale.ROOT).startsWith("mongodb+srv://"))
            return "mongodb+srv:// needs a DNS SRV lookup, which readygate does not do: write the seed list it stands for,"
                    + " mongodb://HOST1:PORT,HOST2:PORT/?replicaSet=NAME";
        return null;
    }

    /** A seed list {@code mongodb://[USER@]A[:P],B[:P]/...}: the text with its first host only (the target's endpoint). */
    @Override
    public String firstHostOnly(String text) {
        if (!text.toLowerCase(Locale.ROOT).startsWith("mongodb://")) return null;
        int start = "mongodb://".length();
        int end = authorityEnd(text, start);
        int at = text.lastIndexOf('@', end - 1);
        int hostsStart = at >= start ? at + 1 : start;
        int comma = text.indexOf(',', hostsStart);
        if (comma < 0 || comma >= end) return null;
        if (text.substring(hostsStart, end).indexOf('[') >= 0)
            throw new IllegalArgumentException(TargetAddress.shown(text) + ": an IPv6 address in a seed list is not supported (a URI"
                    + " cannot carry it): name the host, or write one target per member");
        return text.substring(0, comma) + text.substring(end);
    }

    /** Where the authority of {@code text} ends: at the first '/', '?' or '#' after {@code start}, or the end. */
    private static int authorityEnd(String text, int start) {
        int end = text.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = text.indexOf(c, start);
            if (i >= 0 && i < end) end = i;
        }
        return end;
    }

    /**
     * Every host of the target's URI, in the order written (one for a single host); a host without a
     * port gets 27017.
     *
     * @throws IllegalArgumentException naming the host that is not HOST[:PORT]
     */
    static List<Endpoint> seeds(Target target) {
        String authority = target.uri().getRawAuthority();
        if (authority == null) return List.of(target.endpoint());
        String hosts = authority.substring(authority.lastIndexOf('@') + 1);
        if (hosts.indexOf(',') < 0) return List.of(target.endpoint());
        List<Endpoint> seeds = new ArrayList<>();
        for (String h : hosts.split(",", -1)) {
            if (h.isEmpty()) throw new IllegalArgumentException("the seed list has an empty host between two commas");
            HostPort hp = HostPort.parse(h);
            Endpoint e = new Endpoint(hp.host(), hp.port() > 0 ? hp.port() : 27017);
            if (!seeds.contains(e)) seeds.add(e);
            if (seeds.size() > MAX_SEEDS) throw new IllegalArgumentException("the seed list names more than " + MAX_SEEDS + " hosts");
        }
        return List.copyOf(seeds);
    }

    /** More hosts than a replica set has members (50) is no seed list. */
    static final int MAX_SEEDS = 50;

    @Override
    public void checkTarget(TargetAddress address, String shown) {
        String path = address.path();
        if (!path.isEmpty() && !"/".equals(path) && path.indexOf('/', 1) >= 0)
            throw new IllegalArgumentException(shown + ": the path of a mongodb target is one database (where the user is defined),"
                    + " e.g. mongodb://HOST/admin");
        Map<String, String> o = options(address.query());
        for (String k : TLS_FILE_OPTIONS)
            if (o.containsKey(k))
                throw new IllegalArgumentException(shown + ": the URL option " + k + " is not read by readygate; use --ca-cert,"
                        + " --client-cert, --client-key or --insecure");
        String mechanism = o.get("authmechanism");
        if (mechanism != null && !mechanism.equalsIgnoreCase("SCRAM-SHA-256"))
            throw new IllegalArgumentException(shown + ": authMechanism=" + Redact.text(mechanism) + " is not supported; readygate"
                    + " authenticates with SCRAM-SHA-256 only (MongoDB 4.0 and later)");
        for (String k : List.of("tls", "ssl")) {
            String v = o.get(k);
            if (v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false"))
                throw new IllegalArgumentException(shown + ": " + k + "=" + Redact.text(v) + " is not true or false");
        }
        if (o.containsKey("replicaset") && o.get("replicaset").isEmpty())
            throw new IllegalArgumentException(shown + ": replicaSet= names no replica set");
    }

    @Override
    public ProtocolSpec spec(Target target, Layers.View s) {
        Map<String, String> o = options(target.uri().getRawQuery());
        Credentials credentials = Credentials.read(target, s);
        if (credentials.given()) {
            if (credentials.user() == null)
                throw s.bad(s.get(Credentials.PASSWORD_FILE) != null ? Credentials.PASSWORD_FILE : Credentials.PASSWORD_ENV,
                        "gives a password, but the URL names no user: write mongodb://USER@HOST");
            if (credentials.password() == null)
                throw s.bad(Credentials.PASSWORD_FILE, "(or --password-env, or the URL) must give the password of MongoDB user '"
                        + credentials.user() + "': SCRAM-SHA-256 needs one");
        }
        String path = target.uri().getRawPath();
        String pathDb = path == null || path.length() <= 1 ? null : Percent.decodeOrAsIs(path.substring(1));
        String authSource = o.getOrDefault("authsource", pathDb != null ? pathDb : "admin");
        String replicaSet = o.get("replicaset");
        MongoSpec.Role role = s.get(ROLE);
        if (role == null) role = replicaSet != null ? MongoSpec.Role.PRIMARY : MongoSpec.Role.ANY;
        boolean tls = "true".equalsIgnoreCase(o.get("tls")) || "true".equalsIgnoreCase(o.get("ssl"));
        List<Endpoint> seeds;
        try {
            seeds = seeds(target);
        } catch (IllegalArgumentException e) {
            throw new dev.readygate.settings.SettingException(target.origin(), target.display() + ": " + e.getMessage());
        }
        return new MongoSpec(credentials, authSource, replicaSet, role, tls, TlsSettings.options(s), seeds);
    }

    @Override
    public Probe probe() {
        return probe;
    }

    /** The URI options, names lower-cased (MongoDB reads them case-insensitively), values decoded. */
    static Map<String, String> options(String rawQuery) {
        Map<String, String> o = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return o;
        for (String pair : rawQuery.split("[&;]")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = Percent.decodeOrAsIs(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            o.put(k, eq < 0 ? "" : Percent.decodeOrAsIs(pair.substring(eq + 1)));
        }
        return o;
    }

}
