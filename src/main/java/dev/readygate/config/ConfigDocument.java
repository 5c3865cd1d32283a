package dev.readygate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public record ConfigDocument(Path file, Map<String, Setting> settings, List<ConfigTarget> targets) {
}
