package dev.readygate.config;

import java.nio.file.Path;
import java.util.Map;

/** STUB: replaced by the config branch. */
public final class ConfigFile {
    public static ConfigDocument load(Path file, Map<String, String> env) {
        throw new ConfigException(file + ": config files are not supported yet");
    }
}
