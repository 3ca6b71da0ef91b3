package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Environments and dataset files as eval targets, and the errors a bad name or a bad row gets. */
class TargetsTest {
  static final Path ROWS = Path.of("..", "examples", "rows");
  static PythonSandbox sandbox;
  static VerifierRegistry verifiers;
  static EnvironmentRegistry builtIn;

  @BeforeAll
  static void start() {
    var config = ConfigFactory.load();
    sandbox = PythonSandbox.create(SandboxSettings.from(config));
    verifiers = VerifierRegistry.standard(sandbox, VerifierSettings.from(config));
    builtIn = EnvironmentRegistry.builtIn(verifiers);
  }

  @AfterAll
  static void stop() { sandbox.close(); }

  @Test
  void builtInNamesAndDatasetFilesBecomeEnvironments() throws Exception {
    Targets t = Targets.resolve(List.of("hidden-operator"), List.of(ROWS.resolve("math.jsonl")), builtIn, verifiers, false);
    assertEquals(List.of("hidden-operator", "file:math"), t.environments().stream().map(e -> e.name()).toList());
    assertTrue(t.lookup().find("file:math").isPresent(), "agents can open the file's tasks");
    assertTrue(t.warnings().isEmpty());
  }

  @Test
  void aFileWithBrokenRowsIsRefusedWithRowNumbersUnlessSkipped() throws Exception {
    Path invalid = ROWS.resolve("invalid.jsonl");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Targets.resolve(List.of(), List.of(invalid), builtIn, verifiers, false));
    assertTrue(e.getMessage().contains("bad row(s)") && e.getMessage().contains("row 2"), e.getMessage());
    List<String> warnings = new ArrayList<>();
    Targets.dataset(invalid, verifiers, true, warnings);
    assertTrue(warnings.get(0).contains("left out"), warnings.toString());
  }

  @Test
  void unknownNamesAndEmptyRequestsAreClearErrors() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Targets.resolve(List.of("frozen-lake"), List.of(), builtIn, verifiers, false)).getMessage().contains("known:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Targets.resolve(List.of(), List.of(), builtIn, verifiers, false)).getMessage().contains("nothing to evaluate"));
    assertTrue(assertThrows(java.io.IOException.class,
        () -> Targets.resolve(List.of(), List.of(ROWS.resolve("nope.jsonl")), builtIn, verifiers, false)).getMessage()
        .contains("no such dataset file"));
  }
}
