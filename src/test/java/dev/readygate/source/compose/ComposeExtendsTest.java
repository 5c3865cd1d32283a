package dev.readygate.source.compose;

import dev.readygate.source.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code extends:} in the same file and from another file, and service keys the specification does not have. */
class ComposeExtendsTest {
    @TempDir
    Path dir;

    private void write(String name, String yaml) throws Exception {
        ComposeTesting.write(dir, name, yaml);
    }

    private List<String> lines(boolean network) throws Exception {
        return ComposeTesting.lines(ComposeTesting.load(dir.resolve("compose.yaml"), ComposeTesting.context(Map.of(), network))).stream()
                .map(l -> l.replace(dir + "/", "")).toList();
    }

    private String error() {
        return assertThrows(SourceException.class, () -> lines(false)).getMessage().replace(dir + "/", "");
    }

    /** COMPOSE is compose.yaml (COMMON, when given, common.yaml); HOST and NETWORK list what is derived, separated by &. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // the base's ports and healthcheck come along; the service's own ports are added after them
            "services:\\n  base:\\n    expose: [\"9000\"]\\n    healthcheck:\\n      test: curl -f localhost:8080/up\\n  web:\\n    extends: base\\n    ports: [\"8080:8080\"]\\n | - | http://127.0.0.1:8080/up  8:13 | tcp://base:9000  3:14 & http://web:8080/up  8:13 & tcp://web:9000  3:14",
            // from another file, as a mapping; the service's own healthcheck keys win
            "services:\\n  web:\\n    extends:\\n      file: common.yaml\\n      service: app\\n    healthcheck:\\n      test: curl -f localhost:80/ready\\n | services:\\n  app:\\n    ports: [\"8081:80\"]\\n    healthcheck:\\n      test: curl -f localhost:80/live\\n | http://127.0.0.1:8081/ready  common.yaml:3:13 | http://web:80/ready  common.yaml:3:13",
            // a base that extends another
            "services:\\n  a:\\n    expose: [\"1\"]\\n  b:\\n    extends: a\\n    expose: [\"2\"]\\n  c:\\n    extends: b\\n    ports: [\"3:3\"]\\n | - | tcp://127.0.0.1:3  9:13 | tcp://a:1  3:14 & tcp://b:1  3:14 & tcp://b:2  6:14 & tcp://c:3  9:13 & tcp://c:1  3:14 & tcp://c:2  6:14",
            // !reset in the service drops the base's ports
            "services:\\n  base:\\n    ports: [\"80:80\"]\\n  web:\\n    extends: base\\n    ports: !reset []\\n    expose: [\"81\"]\\n | - | tcp://127.0.0.1:80  3:13 | tcp://base:80  3:13 & tcp://web:81  7:14"})
    void aServiceIsItsBaseMergedWithItsOwnKeys(String compose, String common, String host, String network) throws Exception {
        write("compose.yaml", compose);
        if (common != null) write("common.yaml", common);
        assertEquals(List.of(host.split(" & ")), lines(false));
        assertEquals(List.of(network.split(" & ")), lines(true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "services:\\n  web:\\n    extends: bse\\n  base:\\n    image: x\\n | compose.yaml:3:14: service 'web' extends 'bse', which this file does not define; did you mean 'base'?",
            "services:\\n  a:\\n    extends: b\\n  b:\\n    extends: a\\n | compose.yaml:3:14: extends: a loop (compose.yaml:a -> compose.yaml:b -> compose.yaml:a); remove one of the extends",
            "services:\\n  web:\\n    extends:\\n      file: nowhere.yaml\\n      service: app\\n | compose.yaml:4:7: extends: file 'nowhere.yaml' not found (nowhere.yaml); the path is relative to the folder of the file that names it",
            "services:\\n  web:\\n    extends:\\n      file: common.yaml\\n | compose.yaml:4:7: extends in service 'web' names no service; add `service: NAME`",
            "services:\\n  web:\\n    extends:\\n      service: a\\n      from: x\\n | compose.yaml:5:7: unknown key 'from' in extends of service 'web'; extends has service and file",
            "services:\\n  web:\\n    image: x\\n    healtcheck:\\n      test: curl -f localhost\\n | compose.yaml:4:5: unknown key 'healtcheck' in service 'web'; did you mean 'healthcheck'?",
            "services:\\n  web:\\n    depends-on: [db]\\n  db:\\n    image: x\\n | compose.yaml:3:5: unknown key 'depends-on' in service 'web'; did you mean 'depends_on'?"})
    void brokenExtendsAndMistypedKeysAreOneLine(String compose, String message) throws Exception {
        write("compose.yaml", compose);
        assertEquals(message, error().replace(dir.resolve("nowhere.yaml").toString(), "nowhere.yaml"));
    }

    /** A service that neither publishes nor exposes a port but sets PORT (or SERVER_PORT, ...) listens there: service:PORT in the network. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "services:\\n  api:\\n    image: node\\n    environment:\\n      PORT: 3000\\n | tcp://api:3000  5:7",
            "services:\\n  api:\\n    environment:\\n      - NODE_ENV=production\\n      - SERVER_PORT=8081\\n | tcp://api:8081  5:9",
            // from env_file, at the env_file key
            "services:\\n  api:\\n    env_file: api.env\\n    environment:\\n      NODE_ENV: production\\n | tcp://api:9091  3:5",
            // a client's setting is not the service's own port; a value that is not a port is no port
            "services:\\n  api:\\n    environment:\\n      DB_PORT: 5432\\n      PORT: ${NOPE:-abc}\\n    healthcheck:\\n      test: [CMD, true]\\n | -",
            // declared ports win over the variable
            "services:\\n  api:\\n    expose: [\"4000\"]\\n    environment:\\n      PORT: 3000\\n | tcp://api:4000  3:14"})
    void aPortSetOnlyByAVariableIsTheContainerPort(String compose, String network) throws Exception {
        write("compose.yaml", compose);
        write("api.env", "PORT=9091\n");
        List<String> expected = network.equals("-") ? List.of() : List.of(network);
        assertEquals(expected, lines(true).stream().filter(l -> l.startsWith("tcp://")).toList());
        // not published: nothing from the host
        assertEquals(List.of(), lines(false).stream().filter(l -> l.startsWith("tcp://")).toList());
    }

    @Test
    void anUnknownKeyFarFromAnyIsANoteNotAnError() throws Exception {
        write("compose.yaml", "services:\n  web:\n    ports: [\"80:80\"]\n    brand_new_key: 1\n    x-mine: 2\n");
        assertEquals(List.of("tcp://127.0.0.1:80  3:13", "ignored key 'brand_new_key' in service 'web' at FILE:4:5: not in the Compose specification"
                + " readygate knows (x- for extensions)"), lines(false).stream().map(l -> l.replace("compose.yaml", "FILE")).toList());
    }
}
