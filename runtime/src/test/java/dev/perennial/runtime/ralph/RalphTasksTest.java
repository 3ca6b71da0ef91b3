package dev.perennial.runtime.ralph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ralph task files: environment tasks and data rows become Ralph packs; every broken line is named before anything runs. */
class RalphTasksTest {
  static PythonSandbox sandbox;
  static VerifierRegistry verifiers;
  static EnvironmentRegistry builtIn;
  static RalphSettings settings = RalphSettings.from(ConfigFactory.parseString("perennial.runtime.ralph.max-iterations = 4")
      .withFallback(ConfigFactory.load()));
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    sandbox = PythonSandbox.create(SandboxSettings.from(ConfigFactory.load()));
    verifiers = VerifierRegistry.standard(sandbox, VerifierSettings.from(ConfigFactory.load()));
    builtIn = EnvironmentRegistry.builtIn(verifiers);
  }

  @AfterAll
  static void stop() { sandbox.close(); }

  @Test
  void theExampleTaskFileLoads() throws Exception {
    RalphTasks.Loaded loaded = RalphTasks.fromFile(Path.of("..", "examples", "tasks", "ralph-tasks.jsonl"), builtIn, verifiers, settings);
    assertTrue(loaded.tasks().size() >= 3, loaded.tasks().toString());
    for (RalphTask t : loaded.tasks()) {
      assertEquals(4, t.pack().size(), "one task repeated max-iterations times");
      assertTrue(t.pack().tasks().stream().allMatch(x -> x.prompt().equals(t.pack().task(0).prompt())), "the same task every attempt");
      assertTrue(loaded.registry().find(t.environment()).isPresent());
    }
  }

  @Test
  void environmentTasksAndDataRowsBecomeRalphPacks() throws Exception {
    Path file = dir.resolve("tasks.jsonl");
    Files.writeString(file, """
        {"id": "op", "environment": "hidden-operator", "seed": 5}

        {"id": "half", "data_source": "math__perennial_examples", "prompt": [{"role": "user", "content": "Compute 1/2 + 1/4."}], "reward_model": {"ground_truth": "\\\\frac{3}{4}"}}
        {"environment": "frozen-lake-obscure"}
        """);
    RalphTasks.Loaded loaded = RalphTasks.fromFile(file, builtIn, verifiers, settings);
    assertEquals(3, loaded.tasks().size());
    assertEquals("op", loaded.tasks().get(0).id());
    assertTrue(loaded.tasks().get(0).pack().spec().ralph());
    assertEquals("task:half", loaded.tasks().get(1).environment());
    assertEquals("Compute 1/2 + 1/4.", loaded.tasks().get(1).pack().task(3).prompt());
    assertEquals("task-4", loaded.tasks().get(2).id(), "a task without an id is named after its line");
  }

  @Test
  void everyBrokenLineIsReportedWithItsNumberAndReason() throws Exception {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, """
        {"id": "ok", "environment": "hidden-operator", "seed": 1}
        {this is not json
        {"id": "x", "environment": "no-such-env"}
        {"id": "y", "environment": "hidden-operator", "seed": "three"}
        {"id": "ok", "environment": "hidden-operator"}
        {"id": "z", "data_source": "poetry__sonnets", "prompt": [{"role": "user", "content": "?"}], "reward_model": {"ground_truth": "1"}}
        {"id": "w", "question": "what?"}
        [1, 2]
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RalphTasks.fromFile(file, builtIn, verifiers, settings));
    String m = e.getMessage();
    assertTrue(m.contains("7 broken line(s)"), m);
    assertTrue(m.contains("line 2: not JSON"), m);
    assertTrue(m.contains("line 3: unknown environment 'no-such-env'"), m);
    assertTrue(m.contains("line 4: seed must be an integer"), m);
    assertTrue(m.contains("line 5: id 'ok' is already used on line 1"), m);
    assertTrue(m.contains("line 6: "), m);
    assertTrue(m.contains("line 7: neither an environment task"), m);
    assertTrue(m.contains("line 8: not a JSON object"), m);
    Files.writeString(file, "\n\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RalphTasks.fromFile(file, builtIn, verifiers, settings))
        .getMessage().contains("holds no tasks"));
  }
}
