package dev.readygate.compose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a service's log line keeps of its secrets (before the output's own masking of URL passwords and tokens). */
class ComposeUpLogMaskTest {
    static final LogMask MASK = new LogMask(Set.of("s3cr3t-pw", "tok-9f8e7d6c", "s3cr3t-pw-and-more"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "connected with s3cr3t-pw                         | connected with ***",
            "key s3cr3t-pw-and-more                           | key ***",
            "POSTGRES_PASSWORD=hunter2 started                | POSTGRES_PASSWORD=*** started",
            "{\"api_key\": \"abc123\", \"user\": \"bob\"}         | {\"api_key\": \"***\", \"user\": \"bob\"}",
            "password: letmein                                | password: ***",
            "FATAL:  password authentication failed for user  | FATAL:  password authentication failed for user",
            "listening on 0.0.0.0:8000                        | listening on 0.0.0.0:8000",
            "GET /health?x=1 200                              | GET /health?x=1 200",
    })
    void secretsAreMasked(String line, String shown) {
        assertEquals(shown, MASK.line(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"web=0|web", "web=00|web"})
    void aServiceScaledToZeroIsNotWaitedFor(String scale, String service) {
        assertEquals(Set.of(service), ComposeUp.UpArgs.parse(List.of("--scale", scale)).scaledToZero());
        assertEquals(Set.of(service), ComposeUp.UpArgs.parse(List.of("--scale=" + scale)).scaledToZero());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--build web worker                     | web worker | false",
            "--pull never -t 5 --no-deps api        | api        | true",
            "--scale web=2 --attach web -d db       | db         | false",
            "--wait-timeout 30 --exit-code-from a b | b          | false",
    })
    void servicesAfterUpAreTheArgumentsThatAreNoOptionValues(String args, String services, boolean noDeps) {
        ComposeUp.UpArgs parsed = ComposeUp.UpArgs.parse(List.of(args.split(" +")));
        assertEquals(List.of(services.split(" ")), parsed.services());
        assertEquals(noDeps, parsed.noDeps());
    }
}
