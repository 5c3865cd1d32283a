package dev.readygate.source.nginx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Upstream addresses as nginx and getaddrinfo take them: Compose names with underscores are targets; malformed ones say why. */
class NginxHostNamesTest {
    private static NginxFacts facts(String text) {
        return NginxFacts.of(NginxParser.parseText(text, "t.conf"));
    }

    @Test
    void composeNamesWithUnderscoresAreTargets() {
        NginxFacts f = facts("""
                upstream app { server my_db:8080; server _web.svc_1.:81 backup; server [::1]:82; }
                server {
                  location /a { proxy_pass http://app; }
                  location /b { proxy_pass https://my_api:8443/x; }
                  location /c { grpc_pass grpc://my_grpc:50051; }
                }
                """);
        assertEquals(List.of("http://my_db:8080 @t.conf:1:16", "http://_web.svc_1.:81 @t.conf:1:35", "http://[::1]:82 @t.conf:1:65",
                        "https://my_api:8443 @t.conf:4:17", "tcp://my_grpc:50051 @t.conf:5:17"),
                Upstreams.targets(f).stream().map(t -> t.display() + " @" + t.origin()).toList());
        NginxFacts.Pass b = f.passes().get(1);
        assertEquals("my_api", b.host());
        assertEquals(8443, b.port());
        assertTrue(b.isBareName());
        assertEquals("my_db", f.upstreams().get(0).servers().get(0).host());
    }

    @Test
    void aStreamServerWithAnUnderscoreIsATcpTarget() {
        NginxFacts f = facts("stream { upstream db { server my_db:5432; } server { listen 5432; proxy_pass db; } server { listen 6379; proxy_pass my_cache:6379; } }");
        assertEquals(List.of("tcp://my_db:5432", "tcp://my_cache:6379"), Upstreams.targets(f).stream().map(t -> t.display()).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://my..db:80    | cannot read host and port from 'my..db:80': host 'my..db' has an empty label (a dot at the start or two in a row); write e.g. db.example.test",
            "http://256.0.0.1:80 | cannot read host and port from '256.0.0.1:80': '256.0.0.1' is not a valid IPv4 address; write four numbers 0-255 without leading zeros, e.g. 127.0.0.1",
            "http://:80          | cannot read host and port from ':80': ':80' has no host; write HOST:80, e.g. localhost:80",
            "http://[::1:80      | cannot read host and port from '[::1:80': '[::1:80' has no closing ']'; write IPv6 addresses as [::1]:8080"})
    void aMalformedPassIsUnverifiableWithTheReason(String pass, String why) {
        NginxFacts f = facts("server { location / { proxy_pass " + pass + "; } }");
        assertEquals(why, f.passes().get(0).unverifiable());
        assertEquals(List.of(), Upstreams.targets(f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my..db:80 | t.conf:2: invalid address in upstream \"my..db:80\": host 'my..db' has an empty label (a dot at the start or two in a row); write e.g. db.example.test",
            "db:abc    | t.conf:2: invalid address in upstream \"db:abc\": port 'abc' is not a number; write a number 1-65535",
            "db:0      | t.conf:2: invalid address in upstream \"db:0\": port 0 is out of range 1-65535",
            "::1:80    | t.conf:2: invalid address in upstream \"::1:80\": '::1:80' has more than one ':'; write IPv6 addresses in brackets, e.g. [::1]:80"})
    void aMalformedUpstreamServerIsAConfigError(String address, String message) {
        NginxConfigException e = assertThrows(NginxConfigException.class,
                () -> facts("upstream app {\n  server " + address + ";\n}\nserver { location / { proxy_pass http://app; } }\n"));
        assertEquals(message, e.getMessage());
    }
}
