package dev.readygate.source.nginx;

import dev.readygate.model.Origin;
import dev.readygate.model.Target;
import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.protocol.http.StatusSet;
import dev.readygate.settings.Declaration;
import dev.readygate.settings.Key;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.source.SkipNote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * wait --from: the upstream targets of an nginx config as declarations, each carrying the
 * budgets nginx enforces at its pass as the target's own typed settings (their origin is the
 * nginx line, so a blocked target points there). The addresses and what is skipped come from
 * {@link Upstreams}, as for verify and lint.
 */
final class NginxTargets {
    private static final StatusSet ANY = StatusSet.parse(UpstreamRules.ANY_STATUS);
    private static final Origin ANY_RESPONSE = new Origin("nginx upstream (any response)", null, 0, 0);

    private NginxTargets() {
    }

    /**
     * The upstream targets of one nginx config, each with the budgets nginx enforces at its pass as
     * the target's own settings (the strictest when several passes reach it); every address that is
     * skipped is told to {@code skipped}, one note each.
     */
    static List<Declaration> decls(NginxFacts facts, Consumer<SkipNote> skipped) {
        List<Upstreams.Address> addresses = Upstreams.of(facts);
        Map<String, Map<Key<?>, Value<?>>> budgets = new LinkedHashMap<>();
        Map<String, Long> buffer = new LinkedHashMap<>();
        Map<String, Duration> latency = new LinkedHashMap<>();
        Set<String> verifying = new HashSet<>();
        Set<String> noted = new HashSet<>();
        for (Upstreams.Address a : addresses) {
            if (!a.dialable()) {
                if (noted.add(a.skipNote())) skipped.accept(new SkipNote(a.origin(), a.skipNote()));
                continue;
            }
            if (!a.isHttp()) continue;
            Budgets b = a.pass().budgets();
            UpstreamRules rules = a.rules();
            String key = a.origin().toString();
            Map<Key<?>, Value<?>> own = budgets.computeIfAbsent(key, k -> new LinkedHashMap<>());
            // probed at /, which is no health path: any HTTP response means nginx gets an answer (no 502/504)
            own.putIfAbsent(HttpProtocol.STATUS, new Value<>(HttpProtocol.STATUS, ANY, ANY_RESPONSE));
            if (!buffer.containsKey(key) || rules.maxHeaderBytes() < buffer.get(key)) {
                buffer.put(key, rules.maxHeaderBytes());
                int bytes = (int) Math.min(Integer.MAX_VALUE, rules.maxHeaderBytes());
                own.put(HttpProtocol.MAX_HEADER_BYTES, nginx(HttpProtocol.MAX_HEADER_BYTES, bytes, b.setting("buffer_size")));
            }
            if (!latency.containsKey(key) || rules.maxLatency().compareTo(latency.get(key)) < 0) {
                latency.put(key, rules.maxLatency());
                own.put(HttpProtocol.MAX_LATENCY, nginx(HttpProtocol.MAX_LATENCY, rules.maxLatency(), b.readTimeoutSetting()));
            }
            // TLS as nginx does it (a pass that verifies wins)
            if ("https".equals(a.scheme())) {
                if (!rules.verifyCertificate()) {
                    if (!verifying.contains(key)) own.put(HttpProtocol.INSECURE, nginx(HttpProtocol.INSECURE, true, b.setting("ssl_verify")));
                } else {
                    verifying.add(key);
                    own.remove(HttpProtocol.INSECURE);
                    if (rules.caCert() != null)
                        own.put(HttpProtocol.CA_CERT, nginx(HttpProtocol.CA_CERT, rules.caCert(), b.setting("ssl_trusted_certificate")));
                }
            }
        }
        List<Declaration> out = new ArrayList<>();
        for (Target t : Upstreams.targets(addresses)) {
            Map<Key<?>, Value<?>> own = t.isHttp() ? budgets.getOrDefault(t.origin().toString(), Map.of()) : Map.of();
            out.add(Declaration.of(t, Settings.of(own.values())));
        }
        return out;
    }

    static <T> Value<T> nginx(Key<T> key, T value, Budgets.Setting from) {
        Origin o = from.isDefault() ? new Origin("nginx default " + from.directive() + " " + from.value(), null, 0, 0) : from.origin();
        return new Value<>(key, value, o);
    }
}
