package dev.readygate.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.readygate.base.Durations;
import dev.readygate.config.ConfigException;
import dev.readygate.config.ConfigFile;
import dev.readygate.model.Origin;
import dev.readygate.registry.Registry;
import dev.readygate.source.nginx.NginxConfigException;
import dev.readygate.source.nginx.NginxFacts;
import dev.readygate.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of what readygate parses from people (a fixed budget of tries, seeded by
 * jqwik's seed in its report, so a failure replays): every input ends in a result or in the
 * parser's own one-line error, never in another exception. Every failure found becomes a
 * regression test beside the parser's own tests.
 */
class ParsersFuzzTest {
    private static final List<String> NGINX_SEEDS = nginxSeeds();

    private static List<String> nginxSeeds() {
        try (Stream<Path> files = Files.walk(Corpus.of("nginx/h5bp"))) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().limit(30).map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A corpus file cut, spliced and sprinkled with nginx's special characters. */
    @Provide
    Arbitrary<String> nginxText() {
        Arbitrary<String> seed = Arbitraries.of(NGINX_SEEDS);
        Arbitrary<String> noise = Arbitraries.strings().withChars("{};'\"\\$#\n \t:/[]*~").ofMaxLength(12);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 4000);
        return Combinators.combine(seed, cut, noise, cut).as((s, a, n, b) -> {
            int i = Math.min(a, s.length());
            int j = Math.min(Math.max(i, b), s.length());
            return s.substring(0, i) + n + s.substring(j);
        });
    }

    @Property(tries = 300)
    void nginxConfigsParseOrFailWithOneLine(@ForAll("nginxText") String text) throws IOException {
        try {
            NginxFacts.loadDump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "fuzz.conf");
        } catch (NginxConfigException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> token = Arbitraries.of("targets:", "- ", "url: ", "tcp://db:5432", "http://h/", "defaults:", "  ", "\n",
                "timeout: ", "90s", "none", "&a ", "*a", "<<: *a", "{", "}", "[", "]", "'", "\"", "${X}", "${X:-d}", "$$", "headers: ",
                "status: ", "200-299", "name: ", "version: 1", "#", ": ", "---", "attempt-timeout: ", "x");
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void configFilesLoadOrFailWithOneLine(@ForAll("yaml") String text) throws IOException {
        Path file = Files.createTempFile("readygate-fuzz", ".yaml");
        try {
            Files.writeString(file, text);
            ConfigFile.load(file, Map.of("X", "db"), Registry.protocols().catalogue());
        } catch (ConfigException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<String> notation() {
        Arbitrary<String> part = Arbitraries.of("tcp", "http", "https", "redis", "://", ":", "@", "[", "]", "::1", "my_db", "db", ".", "/",
                "?", "#", "%", "5432", "-1", "99999", "256.0.0.1", "127.0.0.1", "user", "pw", " ", "", "k8s:", "\u00fc");
        return part.list().ofMaxSize(10).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void targetNotationsParseOrFailWithOneLine(@ForAll("notation") String text) {
        try {
            Registry.protocols().parse(text, Origin.COMMAND_LINE);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Property(tries = 500)
    void durationsParseOrFailWithOneLine(@ForAll("durationText") String text) {
        try {
            Durations.parse(text);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> durationText() {
        return Arbitraries.strings().withChars("0123456789.msdh -+eE").ofMaxLength(24);
    }
}
