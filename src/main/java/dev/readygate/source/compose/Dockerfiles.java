package dev.readygate.source.compose;

import dev.readygate.model.Origin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base image a service's Dockerfile builds from, for lint's image rules (an Alpine base has no curl): the
 * {@code FROM} of the stage {@code build.target} names, else of the last stage, followed through stages that build
 * from an earlier stage. A Dockerfile that is missing, large, or whose base is a build argument ({@code FROM
 * $BASE}) gives none: it is a hint, never an error.
 */
final class Dockerfiles {
    /** A Dockerfile is a few KB; a larger file is not read. */
    static final long MAX_BYTES = 256 * 1024;
    private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*(?:#.*)?$");

    private Dockerfiles() {
    }

    private record Stage(String image, String name, Origin origin) {
    }

    /**
     * @param context    the build context, resolved against the Compose file's folder
     * @param dockerfile {@code build.dockerfile} (relative to the context), or null for {@code Dockerfile}
     * @param target     {@code build.target}, or null for the last stage
     */
    static ComposeProject.Image base(String context, String dockerfile, String target) {
        if (context.contains("://")) return null; // a git URL: nothing to read here
        Path file;
        List<String> lines;
        try {
            file = Path.of(context).resolve(dockerfile == null ? "Dockerfile" : dockerfile);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) return null;
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
            return null;
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FROM.matcher(lines.get(i));
            if (m.matches()) stages.add(new Stage(m.group(1), m.group(2), Origin.file(file.toString(), i + 1, m.start(1) + 1)));
        }
        Stage stage = null;
        for (Stage s : stages) {
            if (target == null) stage = s;
            else if (stage == null && target.equalsIgnoreCase(s.name())) stage = s;
        }
        // FROM builder AS dev: the base of the stage it names; at most one step per stage
        for (int step = 0; stage != null && step < stages.size(); step++) {
            Stage from = null;
            for (Stage s : stages.subList(0, stages.indexOf(stage))) if (stage.image().equalsIgnoreCase(s.name())) from = s;
            if (from == null) break;
            stage = from;
        }
        if (stage == null || stage.image().contains("$")) return null;
        return new ComposeProject.Image(stage.image(), stage.origin());
    }
}
