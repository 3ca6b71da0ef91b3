package dev.perennial.environments.alchemy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.ExpertRollout;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlchemyTest {
  final AlchemyEnvironment env = new AlchemyEnvironment();

  static Task tiny() {
    return new Task("t", AlchemyEnvironment.NAME, AlchemyEnvironment.NAME, "Make Zor in 4 rounds. You have: Vex, Orm, Pim.", "Zor",
        Map.of("base", "Vex,Orm,Pim", "recipes", "Orm+Vex=Kal;Kal+Pim=Zor", "target", "Zor", "max_rounds", "4"), List.of("env"));
  }

  @Test
  void craftingFollowsTheHiddenRecipesInAnyOrder() {
    TaskSession s = env.open(tiny());
    assertEquals("Pim + Vex = nothing.", s.act("Pim + Vex").observation());
    assertEquals("You have no Kal.", s.act("Kal + Pim").observation());
    assertEquals("Vex + Orm = Kal.", s.act("vex + orm").observation());
    var last = s.act("Pim + Kal");
    assertEquals("Pim + Kal = Zor. You made Zor.", last.observation());
    assertTrue(last.done());
    assertEquals(1 - 0.1 * 4 / 4, s.score("").score(), 1e-12);
    assertEquals("Made Zor in 4 rounds. Recipe: Kal = Orm + Vex; Zor = Kal + Pim.", s.feedback(s.score("")));
  }

  @Test
  void runningOutOfRoundsFailsAndRevealsTheRecipe() {
    TaskSession s = env.open(tiny());
    for (int i = 0; i < 4; i++) s.act("Pim + Pim");
    assertTrue(s.finished());
    assertFalse(s.score("").success());
    assertTrue(s.feedback(s.score("")).startsWith("Did not make Zor. Recipe: Kal = Orm + Vex; Zor = Kal + Pim."));
  }

  @Test
  void packsShareOneGraphWithDifferentTargets() {
    for (long seed = 0; seed < 30; seed++) {
      Pack p = env.pack(new PackSpec(seed, 4, Split.TRAIN, (int) (seed % 2), false));
      Set<String> targets = new HashSet<>();
      for (Task t : p.tasks()) {
        assertEquals(p.task(0).extraInfo().get("recipes"), t.extraInfo().get("recipes"));
        targets.add(t.groundTruth());
      }
      assertTrue(targets.size() >= 3, "targets " + targets);
    }
  }

  @Test
  void expertLearnsTheGraphAcrossThePack() {
    int packs = 150;
    int ralphSecond = 0;
    int[] byPos = new int[4];
    for (long seed = 0; seed < packs; seed++) {
      Pack ralph = env.pack(new PackSpec(seed, 2, Split.TRAIN, 0, true));
      if (ExpertRollout.run(env, ralph, env.expert().orElseThrow(), (t, i) -> "", 20).get(1).score().success()) ralphSecond++;
      Pack p = env.pack(new PackSpec(seed, 4, Split.TRAIN, 0, false));
      var attempts = ExpertRollout.run(env, p, env.expert().orElseThrow(), (t, i) -> "", 20);
      for (int i = 0; i < 4; i++) if (attempts.get(i).score().success()) byPos[i]++;
    }
    assertTrue(ralphSecond >= 0.95 * packs, "same target after its recipe was revealed: " + ralphSecond + "/" + packs);
    assertTrue(byPos[3] > byPos[0], "later tasks benefit from the hints: " + java.util.Arrays.toString(byPos));
  }
}
