package dev.readygate.net;

import dev.readygate.diagnosis.Cause;
import dev.readygate.diagnosis.Diagnosis;
import dev.readygate.model.IpFamily;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a host and dials its addresses under one deadline, the way the address-family
 * policy asks. Every probe dials through here, so a name that resolves to ::1 and 127.0.0.1 while
 * the service listens on one of them is seen the same way by every protocol.
 *
 * <ul>
 *   <li>ANY: addresses in the resolver's order until one connects; then the first address of each
 *       other family is checked too, briefly, and a failing family is a warning
 *       (ADDRESS_FAMILY_MISMATCH): clients that try that family first will fail.</li>
 *   <li>ALL: every address is dialled and must connect; a failing one is the diagnosis.</li>
 *   <li>V4 / V6: only the addresses of that family are tried.</li>
 * </ul>
 */
public final class Dialing {
    /** How long a check of the other family may take once one address has connected. */
    private static final long SIDE_CHECK_MILLIS = 300;

    private Dialing() {
    }

    /**
     * @param connected the connection to use (null when none); the caller closes it
     * @param failure   why the target is not reachable (null when it is)
     * @param warning   a problem that does not block readiness (null if none)
     * @param addresses every address tried, with its outcome (for evidence)
     */
    public record Result(Dialer.Dial connected, Diagnosis failure, Diagnosis warning, List<Map<String, Object>> addresses) {
        public boolean ok() {
            return connected != null;
        }
    }

    public static Result dial(String host, int port, IpFamily family, long deadlineNanos) {
        Resolver.Resolution res = Resolver.resolve(host, Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime())));
        if (!res.ok()) return new Result(null, res.failure(), null, List.of());
        List<InetAddress> all = res.addresses();
        List<InetAddress> wanted = new ArrayList<>();
        for (InetAddress a : all) {
            if (family == IpFamily.V4 && !Resolver.family(a).equals("IPv4")) continue;
            if (family == IpFamily.V6 && !Resolver.family(a).equals("IPv6")) continue;
            wanted.add(a);
        }
        if (wanted.isEmpty()) {
            String fam = family == IpFamily.V4 ? "IPv4" : "IPv6";
            return new Result(null, Diagnosis.builder(Cause.DNS_NOT_FOUND, "'" + host + "' has no " + fam + " address (it resolves to "
                            + String.join(", ", texts(all)) + ")")
                    .variant("no " + fam)
                    .hint("use --ip-family any, or give the service an " + fam + " address")
                    .evidence("host", host).evidence("resolved", texts(all)).build(), null, List.of());
        }
        if (wanted.size() == 1) {
            // one address (a literal, most names): what the loop below does for it, without its bookkeeping
            Dialer.Dial d = Dialer.connect(wanted.get(0), port, Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            return d.ok() ? new Result(d, null, null, List.of()) : new Result(null, d.failure(), null, List.of());
        }
        List<Map<String, Object>> tried = new ArrayList<>();
        Dialer.Dial connected = null;
        Diagnosis firstFailure = null;
        List<Dialer.Dial> failed = new ArrayList<>();
        Set<String> checkedFamilies = new TreeSet<>();
        for (InetAddress a : wanted) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            String fam = Resolver.family(a);
            if (connected != null) {
                // once connected: ALL checks every address, ANY the first of each other family
                if (family != IpFamily.ALL && checkedFamilies.contains(fam)) continue;
                left = family == IpFamily.ALL ? left : Math.min(left, SIDE_CHECK_MILLIS);
            }
            if (left <= 0 && (connected != null || firstFailure != null)) {
                tried.add(entry(Resolver.format(a, port), fam, "not tried (no time left)", null));
                continue;
            }
            Dialer.Dial d = Dialer.connect(a, port, Math.max(1, left));
            checkedFamilies.add(fam);
            if (d.ok()) {
                tried.add(entry(d.addressText(), fam, "connected", d.connectNanos()));
                if (connected == null) connected = d;
                else Dialer.closeQuietly(d.socket());
            } else {
                tried.add(entry(d.addressText(), fam, d.failure().cause().name(), d.connectNanos()));
                failed.add(d);
                if (firstFailure == null) firstFailure = d.failure();
            }
        }
        List<Map<String, Object>> evidence = tried.size() > 1 ? List.copyOf(tried) : List.of();
        if (connected == null) {
            Diagnosis f = evidence.isEmpty() ? firstFailure : firstFailure.withEvidence("addresses", evidence);
            return new Result(null, f, null, evidence);
        }
        if (failed.isEmpty()) return new Result(connected, null, null, evidence);
        Dialer.Dial bad = failed.get(0);
        boolean otherFamily = !Resolver.family(bad.address()).equals(Resolver.family(connected.address()));
        Diagnosis problem = otherFamily ? mismatch(host, connected, bad, all, evidence)
                : bad.failure().withEvidence("addresses", evidence);
        if (family == IpFamily.ALL) {
            Dialer.closeQuietly(connected.socket());
            return new Result(null, problem, null, evidence);
        }
        return new Result(connected, null, problem, evidence);
    }

    private static Diagnosis mismatch(String host, Dialer.Dial works, Dialer.Dial fails, List<InetAddress> all, List<Map<String, Object>> evidence) {
        String failFam = Resolver.family(fails.address());
        // a refusal on one family of a local name is already explained as a mismatch by the dialer
        Cause failure = fails.failure().cause() == Cause.ADDRESS_FAMILY_MISMATCH ? Cause.CONNECTION_REFUSED : fails.failure().cause();
        String how = failure == Cause.CONNECTION_REFUSED ? "is refused" : "fails (" + failure + ")";
        String workFam = Resolver.family(works.address());
        String who = failFam.equals("IPv6")
                ? "clients that try IPv6 first (Node.js 17+, curl, browsers, and nginx/Envoy when the name resolves to ::1 first) will fail"
                : "clients that try IPv4 first (most Java and Go clients) will fail";
        return Diagnosis.builder(Cause.ADDRESS_FAMILY_MISMATCH, "'" + host + "' resolves to " + String.join(" and ", texts(all)) + ": "
                        + works.addressText() + " accepts but " + fails.addressText() + " " + how + ": the service listens on "
                        + workFam + " only, and " + who)
                .hint("bind the service to both families (:: dual-stack, or 0.0.0.0 and ::), or use the address "
                        + Resolver.text(works.address()) + " instead of '" + host + "' in the clients")
                .evidence("host", host)
                .evidence("works", works.addressText())
                .evidence("fails", fails.addressText())
                .evidence("failure", failure.name())
                .evidence("addresses", evidence)
                .build();
    }

    private static Map<String, Object> entry(String address, String family, String result, Long nanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("family", family);
        m.put("result", result);
        if (nanos != null) m.put("connectMs", Math.round(nanos / 10_000.0) / 100.0);
        return m;
    }

    private static List<String> texts(List<InetAddress> all) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : all) out.add(Resolver.text(a));
        return out;
    }
}
