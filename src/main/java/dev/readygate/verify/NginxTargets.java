package dev.readygate.verify;

import dev.readygate.cli.ExitCodes;
import dev.readygate.config.Setting;
import dev.readygate.plan.PlanBuilder;
import dev.readygate.source.nginx.Budgets;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.model.Origin;
import dev.readygate.model.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * wait --from: the upstream targets of an nginx config as plan declarations, each carrying the
 * budgets nginx enforces at its pass as the target's own settings (their origin is the nginx
 * line, so a bad value or a blocked target points there). NginxVerify applies the same nginx
 * rules to build its checks.
 */
public final class NginxTargets {
    private NginxTargets() {
    }

    /**
     * The upstream targets of one nginx config, each with the budgets nginx enforces at its pass as
     * the target's own settings (the strictest when several passes reach it); passes that cannot
     * be verified are told to {@code skipped}, one line each.
     */
    public static List<PlanBuilder.TargetDecl> decls(NginxFacts facts, Consumer<String> skipped) {
        Map<String, Map<String, Setting>> budgets = new LinkedHashMap<>();
        Map<String, Long> buffer = new LinkedHashMap<>();
        Map<String, java.time.Duration> latency = new LinkedHashMap<>();
        java.util.Set<String> verifying = new java.util.HashSet<>();
        java.nio.file.Path base = "-".equals(facts.main()) ? null : java.nio.file.Path.of(facts.main()).toAbsolutePath().getParent();
        for (NginxFacts.Pass p : facts.passes()) {
            if (!p.isVerifiable()) {
                skipped.accept("readygate: skipped " + p.directive() + " " + p.argument() + " at " + p.origin() + ": " + p.unverifiable());
                continue;
            }
            if (p.unixPath() != null) {
                skipped.accept("readygate: skipped " + p.directive() + " " + p.argument() + " at " + p.origin() + ": a unix socket, not waited for");
                continue;
            }
            if (!"http".equals(p.scheme()) && !"https".equals(p.scheme())) continue;
            List<Origin> origins = new ArrayList<>();
            if (p.upstream() != null) p.upstream().servers().forEach(s -> origins.add(s.origin()));
            else origins.add(p.origin());
            Budgets b = p.budgets();
            UpstreamRules rules = UpstreamRules.of(b, p.scheme(), base);
            for (Origin o : origins) {
                String key = o.toString();
                Map<String, Setting> own = budgets.computeIfAbsent(key, k -> new LinkedHashMap<>());
                // probed at /, which is no health path: any HTTP response means nginx gets an answer (no 502/504)
                own.putIfAbsent("status", new Setting("status", List.of(UpstreamRules.ANY_STATUS), false,
                        new Origin("nginx upstream (any response)", null, 0, 0)));
                if (!buffer.containsKey(key) || rules.maxHeaderBytes() < buffer.get(key)) {
                    buffer.put(key, rules.maxHeaderBytes());
                    own.put("max-header-bytes", nginxSetting("max-header-bytes", Long.toString(rules.maxHeaderBytes()), b.setting("buffer_size")));
                }
                if (!latency.containsKey(key) || rules.maxLatency().compareTo(latency.get(key)) < 0) {
                    latency.put(key, rules.maxLatency());
                    own.put("max-latency", nginxSetting("max-latency", rules.maxLatency().toMillis() + "ms", b.readTimeoutSetting()));
                }
                // TLS as nginx does it (a pass that verifies wins)
                if ("https".equals(p.scheme())) {
                    if (!rules.verifyCertificate()) {
                        if (!verifying.contains(key)) own.put("insecure", nginxSetting("insecure", "true", b.setting("ssl_verify")));
                    } else {
                        verifying.add(key);
                        own.remove("insecure");
                        if (rules.caCert() != null)
                            own.put("ca-cert", nginxSetting("ca-cert", rules.caCert().toString(), b.setting("ssl_trusted_certificate")));
                    }
                }
            }
        }
        List<PlanBuilder.TargetDecl> out = new ArrayList<>();
        for (Target t : facts.targets()) {
            Map<String, Setting> own = t.isHttp() ? budgets.getOrDefault(t.origin().toString(), Map.of()) : Map.of();
            out.add(new PlanBuilder.TargetDecl(null, t.uri().toString(), t.origin(), own, ExitCodes.CONFIG));
        }
        return out;
    }

    static Setting nginxSetting(String key, String value, Budgets.Setting from) {
        Origin o = from.isDefault() ? new Origin("nginx default " + from.directive() + " " + from.value(), null, 0, 0) : from.origin();
        return new Setting(key, List.of(value), false, o);
    }
}
