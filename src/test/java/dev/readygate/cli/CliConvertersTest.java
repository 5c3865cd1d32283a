package dev.readygate.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Cli keeps picocli from registering its java.sql converters (10 classes loaded on every start): safe while no option needs one. */
class CliConvertersTest {
    @Test
    void noOptionOrParameterHasAnExcludedType() {
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = Cli.commandLine(new Cli.Context(nul, nul, Map.of(), false), List.of(), false);
        assertEquals(Cli.CONVERTER_EXCLUDES, System.getProperty("picocli.converters.excludes"));
        Deque<CommandLine> todo = new ArrayDeque<>(List.of(root));
        int seen = 0;
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
                seen++;
                for (Class<?> type : arg.auxiliaryTypes()) {
                    assertFalse(type.getName().matches(Cli.CONVERTER_EXCLUDES) || arg.type().getName().matches(Cli.CONVERTER_EXCLUDES),
                            c.getCommandSpec().qualifiedName() + " " + arg + " has type " + type.getName() + ", whose converter Cli excludes");
                }
            }
        }
        assertTrue(seen > 20, "options seen: " + seen);
    }
}
