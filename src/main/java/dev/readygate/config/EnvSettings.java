package dev.readygate.config;

import java.util.List;
import java.util.Map;

/** STUB: replaced by the config branch. */
public final class EnvSettings {
    public record EnvResult(List<String> targets, Map<String, Setting> settings) {
    }

    public static EnvResult read(Map<String, String> env) {
        return new EnvResult(List.of(), Map.of());
    }
}
