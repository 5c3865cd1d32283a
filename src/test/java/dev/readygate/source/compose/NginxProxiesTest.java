package dev.readygate.source.compose;

import dev.readygate.protocol.http.HttpProtocol;
import dev.readygate.settings.Declaration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A port an nginx config of the project proxies to is an HTTP target, probed at / where any answer but a 5xx counts. */
class NginxProxiesTest {
    @TempDir
    Path dir;

    @Test
    void aConfigFilledInByEnvsubstAtStartProxiesToTheServiceItsVariableNames() throws Exception {
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(dir.resolve("nginx/default.conf.template"), "server {\n  listen 80;\n  location / {\n    proxy_set_header Host $host;\n"
                + "    proxy_pass http://${BACKEND_HOST}:${BACKEND_PORT};\n  }\n}\n");
        Path f = Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: nginx\n    volumes:\n"
                + "      - ./nginx/default.conf.template:/etc/nginx/templates/default.conf.template\n"
                + "    environment:\n      BACKEND_HOST: api\n      BACKEND_PORT: \"8000\"\n    ports: [\"80:80\"]\n  api:\n    image: app\n");
        var network = new ComposeSource().load(f.toString(), InputStream.nullInputStream(), ComposeTesting.context(Map.of(), true));
        assertEquals(List.of("tcp://web:80  9:13", "http://api:8000/  nginx/default.conf.template:5:5"),
                ComposeTesting.lines(network).stream().map(l -> l.replace(dir + "/", "")).toList());
    }

    @Test
    void mountedAndBuiltConfigsMakeTheirUpstreamsHttp() throws Exception {
        Files.createDirectories(dir.resolve("proxy"));
        Files.writeString(dir.resolve("proxy/default.conf"), "server {\n  listen 80;\n  location / { proxy_pass http://api:3000; }\n"
                + "  location /b { proxy_pass http://www:4000; }\n}\n");
        Files.createDirectories(dir.resolve("lb"));
        Files.writeString(dir.resolve("lb/nginx.conf"), "upstream app { server worker:5000; }\nserver { location / { proxy_pass http://app; } }\n");
        Files.writeString(dir.resolve("lb/Dockerfile"), "FROM nginx\n");
        Files.writeString(dir.resolve("redis.conf"), "port 6379\nsave 900 1 {\n");
        Path f = Files.writeString(dir.resolve("compose.yaml"), "services:\n  proxy:\n    image: nginx\n    volumes:\n"
                + "      - ./proxy/default.conf:/etc/nginx/conf.d/default.conf:ro\n      - data:/data\n    ports: [\"8080:80\"]\n"
                + "  lb:\n    build: ./lb\n  api:\n    ports: [\"3000:3000\"]\n    networks:\n      default:\n        aliases: [www]\n"
                + "  worker:\n    expose: [\"5000\"]\n  redis:\n    volumes: [\"./redis.conf:/etc/redis.conf\"]\n  other:\n    volumes:\n      - type: bind\n        source: ./proxy\n        target: /x\n"
                + "volumes:\n  data: {}\n");
        var host = new ComposeSource().load(f.toString(), InputStream.nullInputStream(), ComposeTesting.context(Map.of(), false));
        assertEquals(List.of("tcp://127.0.0.1:8080  7:13", "http://127.0.0.1:3000/  11:13"), ComposeTesting.lines(host));
        Declaration api = host.declarations().get(1);
        assertEquals("100-499", String.valueOf(api.suggested().find(HttpProtocol.STATUS).value()));
        assertNull(host.declarations().get(0).suggested().find(HttpProtocol.STATUS));
        var network = new ComposeSource().load(f.toString(), InputStream.nullInputStream(), ComposeTesting.context(Map.of(), true));
        assertEquals(List.of("tcp://proxy:80  7:13", "http://api:3000/  11:13", "http://api:4000/  proxy/default.conf:4:17",
                "http://worker:5000/  16:14"), ComposeTesting.lines(network));
    }
}
