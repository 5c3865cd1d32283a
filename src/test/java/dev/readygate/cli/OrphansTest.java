package dev.readygate.cli;

import dev.readygate.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command is started through setpriv --pdeathsig TERM when setpriv can, and as it is otherwise. */
@Timeout(30)
class OrphansTest {
    @Test
    void aCommandThatCanBeFoundGoesThroughSetpriv() {
        String setpriv = Commands.require("setpriv", "the parent-death signal of a wrapped command is not set");
        assertEquals(setpriv, Orphans.setpriv());
        assertEquals(List.of(setpriv, "--pdeathsig", "TERM", "--", "sh", "-c", "exit 3"), Orphans.guarded(List.of("sh", "-c", "exit 3")));
    }

    @Test
    void aCommandThatCannotBeFoundIsLeftToProcessBuilderForReadygatesOwnError() {
        assertEquals(List.of("no-such-command-here"), Orphans.guarded(List.of("no-such-command-here")));
        assertEquals(List.of("./no/such/file"), Orphans.guarded(List.of("./no/such/file")));
    }

    @Test
    void findLooksLikeExecvp() {
        assertEquals(null, Orphans.find("no-such-command-here"));
        assertEquals(null, Orphans.find("/"));
        assertEquals("/bin/sh", Orphans.find("/bin/sh"));
    }
}
