package dev.readygate.source.compose;

import dev.readygate.base.Suggest;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeProject.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code extends:} in one file's services, as Compose does before it merges the files of a project: the
 * service is its base (a service of the same file, or of {@code file:}, relative to the file that names it) merged
 * with what it writes itself, by the rules of {@link ComposeMerge} (the service's own values win; lists add up). A
 * base may extend another; a loop, a missing file or a missing service is an error at the {@code extends:}.
 */
final class ComposeExtends {
    /** How many bases one service may stack (Compose sets none; a loop is caught before this). */
    static final int MAX_DEPTH = 10;

    /** One file's services and their {@code extends:}, as its reader read them. */
    record FileServices(List<Service> services, Map<String, ComposeReader.Extends> extendsOf) {
    }

    /** Reads another file named by {@code file:} (through the same checks as the project's files). */
    interface Reader {
        FileServices read(Path file) throws SourceException;
    }

    private final Reader reader;
    private final Map<Path, FileServices> read = new HashMap<>();

    private ComposeExtends(Reader reader) {
        this.reader = reader;
    }

    /** The services of {@code file}, each merged onto the service it extends. */
    static List<Service> resolve(Path file, FileServices own, Reader reader) throws SourceException {
        if (own.extendsOf().isEmpty()) return own.services();
        ComposeExtends x = new ComposeExtends(reader);
        List<Service> out = new ArrayList<>();
        for (Service s : own.services()) out.add(x.resolved(file, own, s, new ArrayList<>()));
        return out;
    }

    private Service resolved(Path file, FileServices fs, Service local, List<String> chain) throws SourceException {
        ComposeReader.Extends ref = fs.extendsOf().get(local.name());
        if (ref == null) return local;
        String here = file.toAbsolutePath().normalize() + " service " + local.name();
        if (chain.contains(here)) {
            List<String> names = new ArrayList<>(chain.subList(chain.indexOf(here), chain.size()));
            names.add(here);
            throw new SourceException(ref.origin() + ": extends: a loop (" + String.join(" -> ", names.stream().map(ComposeExtends::shortName).toList())
                    + "); remove one of the extends");
        }
        if (chain.size() >= MAX_DEPTH)
            throw new SourceException(ref.origin() + ": extends: more than " + MAX_DEPTH + " bases stacked; flatten some of them");
        Path baseFile = file;
        FileServices baseFs = fs;
        if (ref.file() != null) {
            Path dir = file.getParent() == null ? Path.of("") : file.getParent();
            baseFile = dir.resolve(ref.file());
            if (!Files.isRegularFile(baseFile))
                throw new SourceException(ref.origin() + ": extends: file '" + ref.file() + "' not found (" + baseFile
                        + "); the path is relative to the folder of the file that names it");
            Path key = baseFile.toAbsolutePath().normalize();
            baseFs = read.get(key);
            if (baseFs == null) {
                baseFs = reader.read(baseFile);
                read.put(key, baseFs);
            }
        }
        Service base = null;
        for (Service s : baseFs.services()) if (s.name().equals(ref.service())) base = s;
        if (base == null) {
            List<String> names = baseFs.services().stream().map(Service::name).toList();
            throw new SourceException(ref.origin() + ": service '" + local.name() + "' extends '" + ref.service() + "', which "
                    + (ref.file() == null ? "this file" : baseFile.toString()) + " does not define; "
                    + Suggest.closest(ref.service(), names).map(n -> "did you mean '" + n + "'?")
                    .orElse(names.isEmpty() ? "it has no services" : "its services: " + String.join(", ", names)));
        }
        chain.add(here);
        Service resolvedBase = resolved(baseFile, baseFs, base, chain);
        chain.remove(chain.size() - 1);
        return ComposeMerge.service(resolvedBase.named(local.name(), local.origin()), local);
    }

    private static String shortName(String key) {
        int at = key.lastIndexOf(" service ");
        return Path.of(key.substring(0, at)).getFileName() + ":" + key.substring(at + " service ".length());
    }
}
