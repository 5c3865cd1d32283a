package dev.readygate.protocol.compose;

import dev.readygate.diagnosis.Cause;
import dev.readygate.protocol.ProbeResult;
import dev.readygate.protocol.compose.Containers.Container;
import dev.readygate.testing.FakeDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What docker compose ps --all --format json says of a service's containers, and whether that is ready. */
class ComposeUpPsTest {
    static final DockerCompose DOCKER = new DockerCompose("docker", List.of("-p", "shop"), Map.of());

    @Test
    void jsonLinesAndTheOlderJsonArrayListTheSameContainers() throws Exception {
        List<Container> lines = Containers.parse(FakeDocker.resource("ps-lines.json"));
        List<Container> array = Containers.parse(FakeDocker.resource("ps-array.json"));
        assertEquals(lines, array);
        assertEquals(2, lines.size());
        Container foo = lines.get(1);
        assertEquals("example-foo-1", foo.name());
        assertEquals("foo", foo.service());
        assertEquals("running", foo.state());
        assertEquals(List.of(new Containers.Publisher("0.0.0.0", 80, 8080, "tcp")), foo.publishers());
        assertEquals("exited", lines.get(0).state());
        assertEquals(0, lines.get(0).exitCode());
    }

    @Test
    void everyFieldComposePrintsSince221IsRead() throws Exception {
        Container c = Containers.parse(FakeDocker.container("web", "running", "starting", 0, "Up 4 seconds (health: starting)",
                "[{\"URL\":\"::\",\"TargetPort\":8000,\"PublishedPort\":49153,\"Protocol\":\"tcp\"}]")).get(0);
        assertEquals(new Container("shop-web-1", "web", "running", "starting", 0, "Up 4 seconds (health: starting)", false,
                List.of(new Containers.Publisher("::", 8000, 49153, "tcp"))), c);
    }

    @Test
    void notJsonIsOneLine() {
        var e = assertThrows(dev.readygate.base.JsonValues.JsonException.class, () -> Containers.parse("NAME   IMAGE\nweb-1  nginx\n"));
        assertTrue(e.getMessage().startsWith("not JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** state, health, exit code -> cause and variant (blank: ready). */
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "running, '', 0, -, -",
            "running, healthy, 0, -, -",
            "running, starting, 0, HEALTHCHECK, starting",
            "running, unhealthy, 0, HEALTHCHECK, unhealthy",
            "exited, '', 0, -, -",
            "exited, '', 1, CONTAINER_EXITED, 1",
            "exited, '', 137, CONTAINER_EXITED, 137",
            "restarting, '', 1, CONTAINER_NOT_RUNNING, restarting",
            "created, '', 0, CONTAINER_NOT_RUNNING, created",
            "paused, '', 0, CONTAINER_NOT_RUNNING, paused",
            "dead, '', 0, CONTAINER_NOT_RUNNING, dead",
    })
    void aContainerIsJudgedByItsStateHealthAndExitCode(String state, String health, int exit, String cause, String variant) {
        Container c = new Container("shop-web-1", "web", state, health, exit, "", false, List.of());
        ProbeResult r = ComposeProtocol.judge("web", new Snapshots.Snapshot(List.of(c), null), DOCKER);
        if (cause == null) {
            assertTrue(r.ready(), () -> r.diagnosis().message());
            return;
        }
        assertFalse(r.ready());
        assertEquals(Cause.valueOf(cause), r.diagnosis().cause());
        assertEquals(variant, r.diagnosis().variant());
        assertEquals(cause.equals("CONTAINER_EXITED") || state.equals("dead"), r.diagnosis().permanent());
        assertTrue(r.diagnosis().message().contains("shop-web-1"), r.diagnosis().message());
    }

    @Test
    void aServiceIsReadyWhenEveryContainerIsAndTheWorstOneSaysWhyNot() {
        Container ok = new Container("shop-web-1", "web", "running", "healthy", 0, "", false, List.of());
        Container failed = new Container("shop-web-2", "web", "exited", "", 2, "Exited (2) 1 second ago", false, List.of());
        Container starting = new Container("shop-web-3", "web", "running", "starting", 0, "", false, List.of());
        ProbeResult r = ComposeProtocol.judge("web", new Snapshots.Snapshot(List.of(ok, starting, failed), null), DOCKER);
        assertEquals(Cause.CONTAINER_EXITED, r.diagnosis().cause());
        assertEquals("container shop-web-2 exited with code 2 (Exited (2) 1 second ago)", r.diagnosis().message());
        assertEquals(3, ((List<?>) r.diagnosis().evidence().get("containers")).size());
        assertTrue(ComposeProtocol.judge("web", new Snapshots.Snapshot(List.of(ok), null), DOCKER).ready());
    }

    @Test
    void noContainerAndOneOffRunContainersAreNotTheService() {
        Container run = new Container("shop-web-run-1a2b", "web", "running", "", 0, "", true, List.of());
        ProbeResult r = ComposeProtocol.judge("web", new Snapshots.Snapshot(List.of(run), null), DOCKER);
        assertEquals(Cause.CONTAINER_NOT_RUNNING, r.diagnosis().cause());
        assertEquals("no container", r.diagnosis().variant());
        assertEquals("service web has no container (docker compose -p shop ps --all --format json lists none)", r.diagnosis().message());
    }

    @Test
    void psFailingIsComposeError() {
        ProbeResult r = ComposeProtocol.judge("web", new Snapshots.Snapshot(List.of(), "docker compose ps failed (exit 1): Cannot connect to the Docker daemon"), DOCKER);
        assertEquals(Cause.COMPOSE_ERROR, r.diagnosis().cause());
        assertFalse(r.diagnosis().permanent());
        assertNull(r.evidence().get("containers"));
    }
}
