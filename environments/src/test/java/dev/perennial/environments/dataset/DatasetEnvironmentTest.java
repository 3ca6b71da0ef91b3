package dev.perennial.environments.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.rows.GuruRow;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetEnvironmentTest {
  static final VerifierRegistry VERIFIERS = VerifierRegistry.standard(new PythonSubprocessRunner(), VerifierSettings.defaults());

  static GuruRow row(int i, String split) {
    Map<String, String> info = split.isEmpty() ? Map.of("index", "" + i) : Map.of("index", "" + i, "split", split);
    return new GuruRow(i, "math__toy", List.of(new GuruRow.Message("user", "What is " + i + " + " + i + "?")), "math", Integer.toString(2 * i), info, Optional.empty());
  }

  @Test
  void packsComeFromTheRowsOfTheirSplitAndScoreWithTheRowsVerifier() {
    List<GuruRow> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) rows.add(row(i, i < 15 ? "train" : "test"));
    DatasetEnvironment env = new DatasetEnvironment("toy", rows, VERIFIERS);
    assertEquals(Map.of(Split.TRAIN, 15, Split.EVAL, 5), env.sizes());
    Pack train = env.pack(PackSpec.train(1, 4));
    Pack eval = env.pack(PackSpec.eval(1, 4));
    assertEquals(train, env.pack(PackSpec.train(1, 4)));
    train.tasks().forEach(t -> assertTrue(Integer.parseInt(t.extraInfo().get("index")) < 15));
    eval.tasks().forEach(t -> assertTrue(Integer.parseInt(t.extraInfo().get("index")) >= 15));
    var task = train.task(0);
    var session = env.open(task);
    assertTrue(session.score("\\boxed{" + task.groundTruth() + "}").success());
    assertEquals("Correct.", session.feedback(session.score(task.groundTruth())));
  }

  @Test
  void unlabelledRowsAreSplitByContentAndNeverServeBoth() {
    List<GuruRow> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) rows.add(row(i, ""));
    DatasetEnvironment env = new DatasetEnvironment("toy", rows, VERIFIERS);
    assertTrue(env.rows(Split.TRAIN) > 60 && env.rows(Split.EVAL) > 60, env.sizes().toString());
    var trainPrompts = new java.util.HashSet<String>();
    for (long s = 0; s < 50; s++) env.pack(PackSpec.train(s, 4)).tasks().forEach(t -> trainPrompts.add(t.prompt()));
    for (long s = 0; s < 50; s++) env.pack(PackSpec.eval(s, 4)).tasks().forEach(t -> assertTrue(!trainPrompts.contains(t.prompt())));
  }

  @Test
  void anEmptySplitIsAClearError() {
    DatasetEnvironment env = new DatasetEnvironment("toy", List.of(row(1, "train")), VERIFIERS);
    assertThrows(IllegalStateException.class, () -> env.pack(PackSpec.eval(0, 2)));
  }
}
