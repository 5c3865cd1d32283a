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
    /**
     * Probed at /, which is no health path: any answer but a server error means nginx gets a
     * response it relays as the app's (a 404 is the app's answer); a 5xx is the app failing, so
     * the target is not ready. Suggested below the command line: --status narrows it.
     */
    private static final StatusSet ANSWERS = StatusSet.parse(UpstreamRules.ANSWER_STATUS);
    private static final Origin ANSWER = new Origin("nginx upstream (any answer but a 5xx; --status overrides)", null, 0, 0);

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
            Settings suggested = t.isHttp() ? Settings.of(List.of(new Value<>(HttpProtocol.STATUS, ANSWERS, ANSWER))) : Settings.EMPTY;
            out.add(Declaration.of(t, Settings.of(own.values()), suggested));
        }
        return out;
    }

    static <T> Value<T> nginx(Key<T> key, T value, Budgets.Setting from) {
        Origin o = from.isDefault() ? new Origin("nginx default " + from.directive() + " " + from.value(), null, 0, 0) : from.origin();
        return new Value<>(key, value, o);
    }
}
