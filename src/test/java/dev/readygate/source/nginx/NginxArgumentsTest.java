package dev.readygate.source.nginx;

import dev.readygate.testing.RealNginx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Arguments of the directives the facts read: rejected with nginx's words and line, as the real nginx -t does. */
class NginxArgumentsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "proxy_pass http://127.0.0.1:9\\n    proxy_read_timeout 5s;|4|invalid number of arguments in \"proxy_pass\" directive",
            "proxy_pass http://127.0.0.1:9;\\n    proxy_read_timeout 5x;|4|\"proxy_read_timeout\" directive invalid value",
            "proxy_pass http://127.0.0.1:9;\\n    proxy_buffers 8;|4|invalid number of arguments in \"proxy_buffers\" directive",
            "proxy_pass http://127.0.0.1:9;\\n    proxy_buffers 0 4k;|4|\"proxy_buffers\" directive invalid value",
            "proxy_pass http://127.0.0.1:9;\\n    proxy_buffer_size 4kb;|4|\"proxy_buffer_size\" directive invalid value",
            "proxy_pass 127.0.0.1:9;|3|invalid URL prefix",
            "proxy_pass http://127.0.0.1:9; proxy_pass http://127.0.0.1:10;|3|\"proxy_pass\" directive is duplicate",
            "proxy_ssl_verify yes; proxy_pass http://127.0.0.1:9;|3|invalid value \"yes\" in \"proxy_ssl_verify\" directive, it must be \"on\" or \"off\""})
    void rejectedLikeNginx(String location, int line, String message) throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, RealNginx.wrapHttp("  server { listen 127.0.0.1:18080; location / { " + location.replace("\\n", "\n") + " } }\n"));
        NginxConfigException e = assertThrows(NginxConfigException.class, () -> NginxFacts.load(conf));
        assertEquals(conf + ":" + line + ": " + message, e.getMessage());
        RealNginx.Result nginx = RealNginx.test(conf, dir);
        assertEquals(e.getMessage(), nginx.emerg(), nginx.err());
    }
}
