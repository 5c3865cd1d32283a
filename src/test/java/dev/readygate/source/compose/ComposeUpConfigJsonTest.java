package dev.readygate.source.compose;

import dev.readygate.settings.Declaration;
import dev.readygate.source.SkipNote;
import dev.readygate.source.SourceException;
import dev.readygate.testing.FakeDocker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker compose config --format json: the services, and the host targets derived as for wait --from compose.yaml. */
class ComposeUpConfigJsonTest {
    private static List<String> targets(ConfigJson.Project p) {
        return p.declarations().stream().map(d -> d.target().name() + " " + d.target().uri() + " " + d.origin()).toList();
    }

    @Test
    void theProjectsServicesAndPublishedPortsWithTheHealthchecksPath() throws Exception {
        ConfigJson.Project p = ConfigJson.read(FakeDocker.resource("config.json").replace("@WEB_PORT@", "18000").replace("@DB_PORT@", "15432"), List.of());
        assertEquals("shop", p.name());
        assertEquals(List.of("db", "migrate", "web"), p.services());
        assertEquals(List.of("db tcp://127.0.0.1:15432 docker compose config, service db",
                "web http://127.0.0.1:18000/health docker compose config, service web"), targets(p));
        assertEquals(List.of("skipped port 8125/udp of web at docker compose config: readygate waits for TCP ports"),
                p.notes().stream().map(SkipNote::message).toList());
        assertEquals(Set.of("s3cr3t-pw", "tok-9f8e7d6c"), p.secrets());
    }

    @Test
    void aDollarPrintedOnceIsNotInterpolatedAgain() throws Exception {
        String json = "{\"name\":\"x\",\"services\":{\"api\":{\"environment\":{\"PORT\":\"7000\"},\"healthcheck\":{\"test\":[\"CMD-SHELL\","
                + "\"curl -f http://localhost:$PORT/ready || exit 1\"]},\"ports\":[{\"mode\":\"ingress\",\"target\":7000,\"published\":\"17000\",\"protocol\":\"tcp\"}]}}}";
        ConfigJson.Project p = ConfigJson.read(json, List.of());
        assertEquals(List.of("api http://127.0.0.1:17000/ready docker compose config, service api"), targets(p));
        assertTrue(p.notes().isEmpty(), p.notes().toString());
    }

    @Test
    void aHostPortTheEnginePickedIsTakenFromPs() throws Exception {
        String json = "{\"name\":\"x\",\"services\":{\"api\":{\"ports\":[{\"mode\":\"ingress\",\"target\":7000,\"protocol\":\"tcp\"}]},"
                + "\"idle\":{\"scale\":0,\"image\":\"busybox\"}}}";
        ConfigJson.Project p = ConfigJson.read(json, List.of(new ConfigJson.Published("api", 7000, "tcp", "0.0.0.0", 49153),
                new ConfigJson.Published("api", 7000, "tcp", "::", 49153)));
        assertEquals(List.of("api tcp://127.0.0.1:49153 docker compose config, service api"), targets(p));
        assertEquals(List.of("api"), p.services());
        assertEquals(List.of("skipped service idle: it runs no container (scale 0)"), p.notes().stream().map(SkipNote::message).toList());
    }

    @Test
    void aPortAnNginxConfigOfTheProjectProxiesToIsHttp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.writeString(dir.resolve("default.conf"),
                "server {\n  listen 80;\n  location / {\n    proxy_pass http://api:7000;\n  }\n}\n");
        String json = "{\"name\":\"x\",\"services\":{\"api\":{\"ports\":[{\"mode\":\"ingress\",\"target\":7000,\"published\":\"17000\","
                + "\"protocol\":\"tcp\"}]},\"proxy\":{\"image\":\"nginx\",\"volumes\":[{\"type\":\"bind\",\"source\":\"" + conf
                + "\",\"target\":\"/etc/nginx/conf.d/default.conf\",\"read_only\":true,\"bind\":{\"create_host_path\":true}}]}}}";
        ConfigJson.Project p = ConfigJson.read(json, List.of());
        assertEquals(List.of("api http://127.0.0.1:17000/ docker compose config, service api"), targets(p));
        assertEquals(1, p.declarations().get(0).suggested().values().size(), "the statuses nginx relays: any but a 5xx");
    }

    /** compose-go's own full normalised project (see the fixtures' README): every service, its ports skipped with a note. */
    @Test
    void composeGosFullExampleIsRead() throws Exception {
        ConfigJson.Project p = ConfigJson.read(FakeDocker.resource("compose-go-full-example.json"), List.of());
        assertEquals("full_example_project_name", p.name());
        assertEquals(List.of("bar", "foo"), p.services());
        assertEquals(List.<Declaration>of(), p.declarations());
        assertTrue(p.notes().stream().anyMatch(n -> n.message().startsWith("skipped the ports of service 'foo' at docker compose config: network_mode container:")),
                p.notes().toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"POSTGRES_PASSWORD, true", "DB_PASS, true", "ENCRYPTION_KEY, true", "API_TOKEN, true",
            "SECRET, true", "AUTH_HEADER, true", "PORT, false", "POSTGRES_USER, false", "KEYCLOAK_URL, false", "LOG_LEVEL, false"})
    void aVariableNamedLikeASecretHoldsOne(String name, boolean secret) {
        assertEquals(secret, ConfigJson.secretVariable(name));
    }

    @Test
    void notAProjectIsOneLine() {
        assertEquals("docker compose config: not JSON: Unrecognized token 'services': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                assertThrows(SourceException.class, () -> ConfigJson.read("services:\n  web: {}\n", List.of())).getMessage());
        assertEquals("docker compose config: printed no Compose project (no services)",
                assertThrows(SourceException.class, () -> ConfigJson.read("[]", List.of())).getMessage());
    }
}
