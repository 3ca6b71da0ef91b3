package dev.perennial.environments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.pack.PackDraft;
import dev.perennial.environments.pack.PackSeeds;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every built-in environment promises: determinism, disjoint splits, Ralph, safe sessions, an expert. */
class EnvironmentContractTest {
  static final EnvironmentRegistry REGISTRY = EnvironmentRegistry.builtIn(VerifierRegistry.standard(new PythonSubprocessRunner(), TestSettings.FAST));

  static Stream<String> environments() { return REGISTRY.names().stream(); }

  static String content(Pack p) { return new PackDraft(p.ruleDescription(), p.tasks()).fingerprint(); }

  @ParameterizedTest
  @MethodSource("environments")
  void sameSpecGivesTheSamePack(String name) {
    Environment env = REGISTRY.get(name);
    for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
      for (PackSpec spec : new PackSpec[] {PackSpec.train(seed, 4), PackSpec.eval(seed, 8), new PackSpec(seed, 3, Split.TRAIN, 1, false), new PackSpec(seed, 3, Split.EVAL, 0, true)}) {
        Pack a = env.pack(spec);
        Pack b = env.pack(spec);
        assertEquals(a, b, name + " " + spec);
        assertEquals(spec.size(), a.size());
        assertEquals(spec.size(), new HashSet<>(a.tasks().stream().map(Task::taskId).toList()).size(), "task ids unique in a pack");
      }
    }
    assertNotEquals(content(env.pack(PackSpec.train(1, 4))), content(env.pack(PackSpec.train(2, 4))), "different seeds, different packs");
  }

  @ParameterizedTest
  @MethodSource("environments")
  void trainAndEvalSeedsNeverProduceTheSamePack(String name) {
    Environment env = REGISTRY.get(name);
    for (boolean ralph : new boolean[] {false, true}) {
      int size = ralph ? 2 : 1;
      Set<String> train = new HashSet<>();
      Set<String> eval = new HashSet<>();
      for (long seed = 0; seed < 150; seed++) {
        Pack t = env.pack(new PackSpec(seed, size, Split.TRAIN, 0, ralph));
        Pack e = env.pack(new PackSpec(seed, size, Split.EVAL, 0, ralph));
        assertEquals(Split.TRAIN, PackSeeds.splitOf(content(t)));
        assertEquals(Split.EVAL, PackSeeds.splitOf(content(e)));
        train.add(content(t));
        eval.add(content(e));
      }
      train.retainAll(eval);
      assertTrue(train.isEmpty(), name + ": " + train.size() + " packs in both splits");
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void ralphRepeatsOneTaskWithTheHiddenStateFixed(String name) {
    Pack p = REGISTRY.get(name).pack(new PackSpec(9, 5, Split.TRAIN, 0, true));
    for (Task t : p.tasks()) {
      assertEquals(p.task(0).prompt(), t.prompt());
      assertEquals(p.task(0).groundTruth(), t.groundTruth());
      assertEquals(p.task(0).extraInfo(), t.extraInfo());
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void sessionsNeverThrowAndAlwaysGiveFeedback(String name) {
    Environment env = REGISTRY.get(name);
    assertFalse(env.instructions().isBlank());
    for (Task t : env.pack(new PackSpec(3, 3, Split.EVAL, 1, false)).tasks()) {
      assertEquals(name, t.environment());
      assertTrue(REGISTRY.forTask(t) == env);
      TaskSession s = env.open(t);
      for (String action : new String[] {"", "Direction 9", "rm -rf /", "A + B", "\u0000".repeat(10_000)}) s.act(action);
      Score score = s.score("definitely not the answer");
      assertFalse(s.feedback(score).isBlank());
      assertTrue(score.score() >= 0 && score.score() <= 1);
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyBuiltInEnvironmentHasAnExpert(String name) {
    assertTrue(REGISTRY.get(name).expert().isPresent(), name);
  }

  @Test
  void unknownEnvironmentIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.get("chess"));
    assertTrue(e.getMessage().contains("hidden-operator"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> REGISTRY.with(REGISTRY.get("alchemy")));
  }
}
