package dev.readygate.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The simulated runner does what GitHub's does with the parts of a composite action GithubActionIT relies on. */
class ActionRunnerTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void bash() {
        Commands.require("bash", "the simulated runner cannot run steps");
    }

    ActionRunner runner(String steps) throws Exception {
        Path action = Files.createDirectories(tmp.resolve("action"));
        Files.writeString(action.resolve("action.yml"), """
                name: t
                description: t
                inputs:
                  who:
                    description: d
                    default: World
                  flag:
                    description: d
                    default: 'false'
                outputs:
                  greeting:
                    description: d
                    value: ${{ steps.one.outputs.greeting }}
                runs:
                  using: composite
                  steps:
                """ + steps.indent(4));
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "GITHUB_WORKSPACE", Files.createDirectories(tmp.resolve("ws")).toString(),
                "RUNNER_TEMP", Files.createDirectories(tmp.resolve("temp")).toString());
        return new ActionRunner(action, env, tmp.resolve("files"));
    }

    @Test
    void outputsEnvAndPathFlowFromStepToStep() throws Exception {
        ActionRunner.Result r = runner("""
                - id: one
                  shell: bash
                  env:
                    WHO: ${{ inputs.who }}
                  run: |
                    echo "greeting=Hello $WHO" >> "$GITHUB_OUTPUT"
                    printf 'multi<<EOF\\nline 1\\nline 2\\nEOF\\n' >> "$GITHUB_OUTPUT"
                    echo "FROM_ONE=set" >> "$GITHUB_ENV"
                    mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool ran\\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
                    echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                    echo '## summary' >> "$GITHUB_STEP_SUMMARY"
                - id: two
                  if: steps.one.outputs.multi != '' && env.FROM_ONE == 'SET'
                  shell: bash
                  run: echo "two saw $FROM_ONE, ${{ steps.one.outputs.greeting }}, $(mytool), in $PWD, action at $GITHUB_ACTION_PATH"
                - id: skipped
                  if: inputs.flag == 'true' || steps.nothing.outputs.x
                  shell: bash
                  run: echo never
                """).run(Map.of("who", "you"));
        assertEquals(0, r.exitCode(), r::log);
        assertEquals(List.of("one", "two"), r.ran());
        assertEquals("Hello you", r.outputs().get("greeting"));
        assertEquals("line 1\nline 2", r.steps().get("one").get("multi"));
        assertTrue(r.stdout().contains("two saw set, Hello you, tool ran, in " + tmp.resolve("ws") + ", action at " + tmp.resolve("action")), r::log);
        assertEquals("## summary\n", r.summary());
    }

    @Test
    void aFailingStepSkipsTheRestUnlessAlwaysAndGivesItsExitCode() throws Exception {
        ActionRunner.Result r = runner("""
                - id: one
                  shell: bash
                  run: exit 3
                - id: two
                  shell: bash
                  run: echo two
                - id: three
                  if: ${{ always() }}
                  shell: bash
                  run: echo three
                - id: four
                  if: failure()
                  shell: bash
                  run: echo four
                """).run(Map.of());
        assertEquals(3, r.exitCode());
        assertEquals("one", r.failedStep());
        assertEquals(List.of("one", "three", "four"), r.ran());
    }

    @Test
    void expressionsSubstituteIntoScriptsAsGithubDoes() throws Exception {
        // this is why action.yml never puts an expression in a script: the runner pastes the value in
        Path pwned = tmp.resolve("pwned");
        ActionRunner.Result r = runner("""
                - id: one
                  shell: bash
                  run: echo ${{ inputs.who }}
                """).run(Map.of("who", "x; touch " + pwned));
        assertEquals(0, r.exitCode(), r::log);
        assertTrue(Files.exists(pwned), "the simulated runner must reproduce the injection an expression in a script allows");
    }

    @Test
    void unknownInputsContextsAndUsesAreErrors() throws Exception {
        ActionRunner ok = runner("""
                - id: one
                  shell: bash
                  run: echo ${{ github.sha }}
                """);
        assertThrows(IllegalArgumentException.class, () -> ok.run(Map.of("nope", "x")));
        assertThrows(IllegalArgumentException.class, () -> ok.run(Map.of()));
        ActionRunner uses = runner("""
                - uses: actions/checkout@v4
                """);
        assertThrows(IllegalStateException.class, () -> uses.run(Map.of()));
    }

    @Test
    void looseEqualityIsGithubs() {
        assertTrue(ActionRunner.looseEquals("TRUE", "true"));
        assertTrue(ActionRunner.looseEquals(null, ""));
        assertFalse(ActionRunner.looseEquals(null, "true"));
        assertTrue(ActionRunner.looseEquals(true, "1"));
        assertFalse(ActionRunner.truthy(""));
        assertTrue(ActionRunner.truthy("false"), "a non-empty string is truthy, even 'false'");
    }
}
