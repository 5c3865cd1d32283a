package dev.readygate.source.compose;

import dev.readygate.source.SkipNote;
import dev.readygate.source.Source;
import dev.readygate.source.SourceException;
import dev.readygate.source.compose.ComposeProject.Service;
import dev.readygate.source.nginx.NginxFacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What lint reads of a Compose project: the project, the active profiles, and the nginx configs of the project (a
 * config a service bind-mounts, or one in its build context, as {@link NginxProxies} finds them).
 *
 * @param project  the project, merged and checked
 * @param profiles the active profiles (--profile, else COMPOSE_PROFILES)
 * @param nginx    the nginx configs that parse, each once
 */
public record ComposeFacts(ComposeProject project, Set<String> profiles, List<NginxConfig> nginx) {
    public ComposeFacts {
        profiles = Set.copyOf(profiles);
        nginx = List.copyOf(nginx);
    }

    /**
     * One nginx config of the project.
     *
     * @param service the first service that mounts it or builds with it (the proxy)
     */
    public record NginxConfig(String service, NginxFacts facts) {
    }

    /** Reads the project {@code file} names (a file, a folder, {@code a.yaml:b.yaml}) as wait --from does; notes go to {@code notes}. */
    public static ComposeFacts load(String file, Source.Context context, List<SkipNote> notes) throws SourceException {
        ComposeProject project = ComposeSource.project(file, context.env(), notes);
        return new ComposeFacts(project, ComposeSource.profiles(context), NginxProxies.configs(project, true));
    }

    /** The services that run with the active profiles, in file order. */
    public List<Service> enabled() {
        return project.services().stream().filter(s -> s.enabled(profiles)).toList();
    }

    /** The Compose files that define services, in the order they are read, then the nginx configs' files. */
    public List<String> files() {
        Set<String> out = new LinkedHashSet<>();
        for (Service s : project.services()) if (s.origin().file() != null) out.add(s.origin().file());
        for (NginxConfig c : nginx) out.addAll(c.facts().files());
        return new ArrayList<>(out);
    }
}
