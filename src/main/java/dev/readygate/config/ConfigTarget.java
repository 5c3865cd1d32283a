package dev.readygate.config;

import dev.readygate.target.Origin;

import java.util.Map;

public record ConfigTarget(String name, String url, Origin origin, Map<String, Setting> settings) {
}
