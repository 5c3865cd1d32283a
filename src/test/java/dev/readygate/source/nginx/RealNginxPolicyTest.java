package dev.readygate.source.nginx;

import dev.readygate.testing.RealNginx;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tests that need nginx fail without it when CI=true, and are skipped otherwise. */
class RealNginxPolicyTest {
    @Test
    void missingNginxFailsOnCiAndSkipsElsewhere() {
        assertEquals("nginx is not installed but CI=true: install it (apt-get install -y nginx)",
                assertThrows(AssertionFailedError.class, () -> RealNginx.require(null, "true")).getMessage());
        assertThrows(TestAbortedException.class, () -> RealNginx.require(null, null));
        assertThrows(TestAbortedException.class, () -> RealNginx.require(null, "false"));
        assertEquals(Path.of("/usr/sbin/nginx"), RealNginx.require(Path.of("/usr/sbin/nginx"), "true"));
    }
}
