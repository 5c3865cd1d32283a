package dev.readygate.protocol.mongodb;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.Target;
import dev.readygate.net.tls.TlsOptions;
import dev.readygate.protocol.Probe;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.wire.Credentials;
import dev.readygate.protocol.wire.WireConnection;
import dev.readygate.protocol.wire.WireFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One look at a mongodb:// target: connect (TLS first when the URL asks), {@code hello} on OP_MSG
 * (the legacy {@code isMaster} on OP_QUERY when the server does not know hello), {@code buildInfo}
 * for the version, SCRAM-SHA-256 when a user is configured, then the verdict from the node's role
 * (see docs/mongodb.md for the table). MongoDB has no goodbye message: the probe closes the socket.
 */
final class MongoProbe implements Probe {
    /** The most a TLS attempt keeps for the plain hello that confirms TLS_ON_PLAIN_PORT. */
    static final Duration PLAIN_CHECK = Duration.ofMillis(300);
    static final MongoSpec DEFAULT = new MongoSpec(Credentials.NONE, "admin", null, MongoSpec.Role.ANY, false, TlsOptions.DEFAULT);

    @Override
    public ProbeResult probe(Target target, Duration timeout) {
        MongoSpec spec = target.spec(MongoSpec.class, DEFAULT);
        if (spec.seeds().size() <= 1) return probeNode(target, spec, timeout);
        return probeSeeds(target, spec, timeout);
    }

    /**
     * A seed list: its hosts in the order written, one after the other under the attempt's budget
     * (each gets an equal share of what is left, so a silent first host cannot starve the others),
     * until one is ready. Not ready: the diagnosis of the host that got furthest (a protocol answer
     * before a transport failure), with every host's outcome in the evidence.
     */
    private ProbeResult probeSeeds(Target target, MongoSpec spec, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> tried = new ArrayList<>();
        ProbeResult best = null;
        List<dev.readygate.model.Endpoint> seeds = spec.seeds();
        for (int i = 0; i < seeds.size(); i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            dev.readygate.model.Endpoint seed = seeds.get(i);
            Target node = new Target(target.name(), target.scheme(), target.uri(), seed, target.spec(), target.origin(), target.ipFamily());
            ProbeResult r = probeNode(node, spec, Duration.ofNanos(left / (seeds.size() - i)));
            Map<String, Object> outcome = new java.util.LinkedHashMap<>();
            outcome.put("seed", seed.toString());
            outcome.put("outcome", r.ready() ? "ready" : r.diagnosis().key());
            tried.add(outcome);
            if (r.ready()) {
                Map<String, Object> ev = new java.util.LinkedHashMap<>(r.evidence());
                ev.put("seed", seed.toString());
                ev.put("seeds", tried);
                return ProbeResult.ready(ev, r.warnings());
            }
            if (best == null || further(r.diagnosis(), best.diagnosis())) best = r;
            if (Thread.currentThread().isInterrupted()) break;
        }
        if (best == null) {
            return ProbeResult.notReady(Diagnosis.builder(Cause.READ_TIMEOUT, "no time was left to try the seed list's hosts")
                    .evidence("seeds", tried).build());
        }
        Diagnosis d = best.diagnosis();
        d = new Diagnosis(d.cause(), d.variant(), d.message() + " (best of " + tried.size() + " seed" + (tried.size() == 1 ? "" : "s")
                + " tried: " + String.join(", ", tried.stream().map(o -> o.get("seed") + " " + o.get("outcome")).toList()) + ")",
                d.hint(), d.permanent(), d.evidence()).withEvidence("seeds", tried);
        return ProbeResult.notReady(d, best.warnings());
    }

    /** A host that answered in MongoDB's words (a role, an error) got further than one that failed at the transport. */
    private static boolean further(Diagnosis a, Diagnosis b) {
        return rank(a) > rank(b);
    }

    private static int rank(Diagnosis d) {
        return switch (d.phase()) {
            case RESOLVE -> 0;
            case CONNECT -> 1;
            case EXCHANGE -> 2;
            case TLS -> 3;
            default -> 4;
        };
    }

    private ProbeResult probeNode(Target target, MongoSpec spec, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        WireConnection c;
        try {
            // a MongoDB port without TLS reads a ClientHello as a 33 MB message and waits for it: a little of the
            // budget (a quarter, at most 300 ms, as https:// keeps) is left for the plain hello that confirms TLS_ON_PLAIN_PORT
            c = WireConnection.open(target, spec.tls() ? timeout.minus(min(timeout.dividedBy(4), PLAIN_CHECK)) : timeout);
        } catch (WireFailure f) {
            return ProbeResult.notReady(f.diagnosis());
        }
        List<Diagnosis> warnings = c.warning() == null ? List.of() : List.of(c.warning());
        MongoSession session = new MongoSession(c, spec);
        Diagnosis failed;
        boolean inTls = false;
        try {
            if (spec.tls()) {
                inTls = true;
                session.startTls();
                inTls = false;
            }
            return judge(session, spec).withWarnings(warnings);
        } catch (WireFailure f) {
            failed = session.withFacts(f.diagnosis());
        } finally {
            c.close();
        }
        Diagnosis other = TlsMismatch.confirm(target, spec, failed, inTls, c, deadline);
        if (other == null && failed.cause() == Cause.EMPTY_RESPONSE && !spec.tls())
            other = failed.withHint("the server closed the connection on hello without a byte: it is starting or overloaded, or it is"
                    + " older than MongoDB 3.6 (no OP_MSG, which readygate needs), or the port speaks another protocol");
        return ProbeResult.notReady(other != null ? other : failed, warnings);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ProbeResult judge(MongoSession s, MongoSpec spec) throws WireFailure {
        Map<String, Object> hello = s.hello();
        if (!MongoSession.ok(hello)) return ProbeResult.notReady(s.withFacts(s.commandError(hello, s.helloName())));
        Node node = Node.of(hello);
        s.fact("role", node.role());
        if (node.setName != null) s.fact("setName", node.setName);
        if (node.primary != null) s.fact("primary", node.primary);
        if (node.me != null) s.fact("me", node.me);
        if (!node.hosts.isEmpty()) s.fact("hosts", node.hosts);
        if (node.readOnly) s.fact("readOnly", true);
        if (node.maxWireVersion >= 0) s.fact("maxWireVersion", node.maxWireVersion);
        s.buildInfo();

        Diagnosis state = state(s, spec, node);
        if (state != null && !node.serves()) return ProbeResult.notReady(s.withFacts(state));
        if (spec.credentials().given()) s.authenticate();
        if (state != null) return ProbeResult.notReady(s.withFacts(state));
        return ProbeResult.ready(s.evidence());
    }

    /** The node's role against what the target asks: null when ready. */
    private static Diagnosis state(MongoSession s, MongoSpec spec, Node n) {
        String at = s.address();
        if (spec.replicaSet() != null) {
            if (n.setName != null && !n.setName.equals(spec.replicaSet()))
                return s.diagnosis(Cause.PROTOCOL_ERROR, at + " is a member of replica set '" + n.setName + "', not '" + spec.replicaSet()
                        + "' as the target's ?replicaSet= says").variant("replica-set-name")
                        .hint("fix ?replicaSet= in the URL (or the port: another set answers here)").permanent(true).build();
            if (n.setName == null && !n.replicaSetUninitiated && !n.mongos)
                return s.diagnosis(Cause.PROTOCOL_ERROR, at + " is a standalone server, in no replica set, and the target asks for"
                        + " replica set '" + spec.replicaSet() + "'").variant("standalone")
                        .hint("start mongod with --replSet " + spec.replicaSet() + " and run rs.initiate(), or drop ?replicaSet= from"
                                + " the URL").permanent(true).build();
        }
        if (n.replicaSetUninitiated)
            return s.diagnosis(Cause.STARTING_UP, at + " runs with --replSet but its replica set is not initiated yet"
                    + (n.info != null ? " (" + n.info + ")" : "")).variant("not-initiated")
                    .hint("run rs.initiate() on one member (in compose set-ups an init container or a healthcheck does it);"
                            + " readygate keeps waiting").build();
        if (n.writablePrimary) return null;
        if (n.secondary) {
            if (spec.role() == MongoSpec.Role.ANY) return null;
            String set = n.setName == null ? "" : " of replica set '" + n.setName + "'";
            return s.diagnosis(Cause.NOT_PRIMARY, at + " is a secondary" + set + (n.primary != null ? "; the primary is " + n.primary
                    : ", and it knows no primary now")).variant("secondary")
                    .hint(n.primary != null ? "point the target at the primary (mongodb://" + n.primary + "/...), or accept a secondary"
                            + " with --mongo-role any; readygate keeps waiting for a step-up"
                            : "the set has no primary now (an election runs, or a majority of members is down): keep waiting, or"
                            + " --mongo-role any to accept a secondary").build();
        }
        if (n.arbiter)
            return s.diagnosis(Cause.NOT_PRIMARY, at + " is an arbiter of replica set '" + n.setName + "': it holds no data")
                    .variant("arbiter").hint("point the target at a data-bearing member").permanent(true).build();
        if (n.setName != null)
            return s.diagnosis(Cause.STARTING_UP, at + " is a member of replica set '" + n.setName + "' that is neither primary nor"
                    + " secondary (STARTUP2, RECOVERING or ROLLBACK)" + (n.primary != null ? "; the primary is " + n.primary : ""))
                    .variant("member-state")
                    .hint("the member is syncing or recovering: keep waiting (rs.status() on the primary shows its state)").build();
        return s.diagnosis(Cause.STARTING_UP, at + " answered " + s.helloName() + " as neither primary nor secondary, and in no replica set")
                .variant("no-role").hint("the server is not serving yet: keep waiting, and see its log").build();
    }

    /** What hello (or isMaster) says of the node; its texts on one line and bounded ({@link Bson#shown}). */
    record Node(boolean writablePrimary, boolean secondary, boolean arbiter, boolean mongos, boolean replicaSetUninitiated,
                boolean readOnly, String setName, String primary, String me, String info, List<String> hosts, int maxWireVersion) {
        static final int MAX_HOSTS_SHOWN = 12;

        static Node of(Map<String, Object> h) {
            boolean primary = Bson.truthy(h, "isWritablePrimary") || Bson.truthy(h, "ismaster");
            String setName = Bson.shownOf(h, "setName");
            List<String> hosts = new ArrayList<>();
            if (h.get("hosts") instanceof List<?> l)
                for (Object o : l) if (o instanceof String str && hosts.size() < MAX_HOSTS_SHOWN) hosts.add(Bson.shown(str));
            return new Node(primary, Bson.truthy(h, "secondary"), Bson.truthy(h, "arbiterOnly"), "isdbgrid".equals(Bson.stringOf(h, "msg")),
                    setName == null && Bson.truthy(h, "isreplicaset"), Bson.truthy(h, "readOnly"), setName, Bson.shownOf(h, "primary"),
                    Bson.shownOf(h, "me"), Bson.shownOf(h, "info"), hosts, Bson.intOf(h, "maxWireVersion", -1));
        }

        /** It serves clients (reads at least): worth authenticating against. */
        boolean serves() {
            return writablePrimary || secondary;
        }

        String role() {
            if (mongos) return "mongos";
            if (writablePrimary) return setName != null ? "primary" : "standalone";
            if (secondary) return "secondary";
            if (arbiter) return "arbiter";
            if (replicaSetUninitiated) return "uninitiated";
            return setName != null ? "other member state" : "unknown";
        }
    }
}
