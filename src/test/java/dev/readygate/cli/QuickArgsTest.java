package dev.readygate.cli;

import dev.readygate.registry.Registry;
import dev.readygate.settings.Catalogue;
import dev.readygate.settings.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The quick reading of a plain wait line must mean exactly what picocli's does: the same targets
 * and the same settings; every other line is left to picocli (null).
 */
class QuickArgsTest {
    static final Catalogue CATALOGUE = Registry.protocols().catalogue();

    @ParameterizedTest
    @ValueSource(strings = {
            "wait db:5432",
            "wait tcp://127.0.0.1:5432 http://localhost:8080/health",
            "wait --timeout 5s db:5432",
            "wait --timeout=5s --attempt-timeout 1s -q db:5432",
            "wait db:5432 --timeout 5s --fail-fast --stable-for 2s",
            "wait -H X-A:1 --header=X-B:2 --status 2xx,401 http://a/",
            "wait --header X-A:1 -H X-B:2 http://a/",
            "wait --from nginx.conf --from compose.yaml --network",
            "wait -o json --report out.json --junit j.xml -v db:1",
            "wait --json-pointer /status=UP --max-redirects 0 http://a/",
            "wait --ip-family 6 --interval 100ms --max-interval 1s db:5432",
    })
    void readsAPlainLineAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        QuickArgs.Parsed quick = QuickArgs.parse(args, CATALOGUE);
        assertNotNull(quick, line);
        CommandLine root = Cli.commandLine(new Cli.Context(nowhere(), nowhere(), Map.of(), false), List.of(), false);
        CommandLine.ParseResult pr = root.parseArgs(args);
        CommandLine wait = pr.subcommand().commandSpec().commandLine();
        WaitCommand cmd = wait.getCommand();
        Settings viaPicocli = Waiting.cliSettings(wait.getCommandSpec(), CATALOGUE);
        Settings viaQuick = Waiting.cliSettings(quick.options(), CATALOGUE);
        assertEquals(cmd.targets, quick.targets(), line);
        assertEquals(texts(viaPicocli), texts(viaQuick), line);
    }

    @org.junit.jupiter.api.Test
    void aBadValueIsTheSameUsageErrorEitherWay() {
        String[] args = {"wait", "--timeout=", "db:5432"};
        CommandLine root = Cli.commandLine(new Cli.Context(nowhere(), nowhere(), Map.of(), false), List.of(), false);
        CommandLine wait = root.parseArgs(args).subcommand().commandSpec().commandLine();
        String viaPicocli = assertThrows(CommandException.class, () -> Waiting.cliSettings(wait.getCommandSpec(), CATALOGUE)).getMessage();
        String viaQuick = assertThrows(CommandException.class, () -> Waiting.cliSettings(QuickArgs.parse(args, CATALOGUE).options(), CATALOGUE)).getMessage();
        assertEquals("--timeout: empty duration; write e.g. 250ms, 2s or 1m", viaQuick);
        assertEquals(viaPicocli, viaQuick);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "wait", "wait --help", "wait -h", "wait --version", "wait db:5432 --bogus", "wait -qv db:1", "wait --timeout 5s --timeout 6s db:1",
            "wait --fail-fast=true db:1", "wait --header -x http://a/", "wait --timeout", "wait @args.txt", "wait - db:1", "verify nginx.conf",
            "wait --quiet --quiet db:1", "lint k8s/",
    })
    void leavesEveryOtherLineToPicocli(String line) {
        assertNull(QuickArgs.parse(line.split(" "), CATALOGUE), line);
    }

    private static List<String> texts(Settings s) {
        return s.values().stream().map(v -> v.key().name() + "=" + v.value()).toList();
    }

    private static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
