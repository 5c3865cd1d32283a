package dev.readygate.source.compose;

import dev.readygate.settings.CoreKeys;
import dev.readygate.settings.Layers;
import dev.readygate.settings.Settings;
import dev.readygate.settings.Value;
import dev.readygate.model.Origin;
import dev.readygate.source.Loaded;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads a Compose file as wait --from does, and renders what it derives one line each. */
final class ComposeTesting {
    private ComposeTesting() {
    }

    static Source.Context context(Map<String, String> env, boolean network, String... profiles) {
        Settings.Builder b = new Settings.Builder();
        if (network) b.put(new Value<>(CoreKeys.NETWORK, true, Origin.COMMAND_LINE));
        if (profiles.length > 0) b.put(new Value<>(CoreKeys.PROFILE, List.of(profiles), Origin.COMMAND_LINE));
        return new Source.Context(env, Layers.of(b.build()));
    }

    static Loaded<ComposeProject> load(Path file, Source.Context context) throws SourceException {
        return new ComposeSource().load(file.toString(), InputStream.nullInputStream(), context);
    }

    /** One line per target ({@code URI  LINE:COL}) then one per note, the file's path written {@code FILE}. */
    static List<String> lines(Loaded<ComposeProject> loaded) {
        List<String> out = new ArrayList<>();
        Path parent = Path.of(loaded.file()).getParent();
        String folder = parent == null ? "" : parent + "/";
        // a target from another file (an included one, an nginx config) names it, relative to the given file's folder
        loaded.declarations().forEach(d -> out.add(d.url() + "  " + (d.origin().file().equals(loaded.file())
                ? d.origin().line() + ":" + d.origin().column() : d.origin().toString().replace(folder, ""))));
        loaded.skipped().forEach(n -> out.add(n.message().replace(loaded.file(), "FILE")));
        return out;
    }

    /** Writes {@code yaml} ({@code \\n} for line breaks, as CSV rows write them) to {@code name} in {@code dir}. */
    static void write(Path dir, String name, String yaml) throws java.io.IOException {
        Path p = dir.resolve(name);
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.writeString(p, yaml.replace("\\n", "\n"));
    }

    /** The origin of a line and column of {@code compose.yaml} in {@code dir}. */
    static Origin origin(Path dir, int line, int column) {
        return Origin.file(dir.resolve("compose.yaml").toString(), line, column);
    }
}
