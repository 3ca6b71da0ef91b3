package dev.perennial.environments.frozenlake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.Split;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.ExpertRollout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenLakeTest {
  final FrozenLakeEnvironment env = new FrozenLakeEnvironment();

  /** S at (0,0), goal two cells right; codes 1..4 = up, right, left, down. */
  static Task tiny() {
    return new Task("t", FrozenLakeEnvironment.NAME, FrozenLakeEnvironment.NAME, "Reach G in at most 6 moves.\nP F G\nF H F", "goal",
        Map.of("map", "SFG/FHF", "start", "0,0", "codes", "up,right,left,down", "max_steps", "6"), List.of("env"));
  }

  @Test
  void codesMoveByThePacksPermutationAndTheScoreHasAStepPenalty() {
    TaskSession s = env.open(tiny());
    StepResult blocked = s.act("Direction 1");
    assertEquals("P F G\nF H F", blocked.observation());
    StepResult right = s.act("Direction 2");
    assertEquals("S P G\nF H F", right.observation());
    assertFalse(right.done());
    StepResult goal = s.act("direction 2");
    assertTrue(goal.done() && s.finished());
    assertTrue(goal.observation().endsWith("You reached the goal."));
    Score score = s.score("");
    assertTrue(score.success());
    assertEquals(1 - 0.1 * 3 / 6, score.score(), 1e-12);
    assertEquals("Reached the goal in 3 moves. Codes used: 1=up 2=right.", s.feedback(score));
  }

  @Test
  void holesAndBadActionsEndTheAttemptWithZero() {
    TaskSession hole = env.open(tiny());
    hole.act("Direction 2");
    assertTrue(hole.act("Direction 4").done());
    assertEquals(0.0, hole.score("").score());
    assertEquals("Fell into a hole after 2 moves. Codes used: 2=right 4=down.", hole.feedback(hole.score("")));
    TaskSession bad = env.open(tiny());
    assertTrue(bad.act("go left").done());
    assertEquals(0.0, bad.score("").score());
  }

  @Test
  void generatedMapsAreSolvableInTimeAndShareTheHiddenCodes() {
    for (long seed = 0; seed < 50; seed++) {
      Pack p = env.pack(new PackSpec(seed, 4, Split.EVAL, seed % 2 == 0 ? 0 : 1, false));
      String codes = p.task(0).extraInfo().get("codes");
      for (Task t : p.tasks()) {
        assertEquals(codes, t.extraInfo().get("codes"));
        LakeMap map = LakeMap.parse(t.prompt()).orElseThrow();
        int max = Integer.parseInt(t.extraInfo().get("max_steps"));
        assertTrue(map.shortestPath(map.startRow(), map.startCol(), List.of(Move.values())).orElseThrow().size() <= max);
        int size = map.size();
        assertTrue(p.spec().difficulty() == 0 ? size <= 5 : size >= 6);
      }
    }
  }

  @Test
  void expertSucceedsWithHintsFromAPreviousTaskOfThePack() {
    int[] ok = new int[4];
    int packs = 300;
    for (long seed = 0; seed < packs; seed++) {
      Pack p = env.pack(new PackSpec(seed, 4, Split.TRAIN, 0, false));
      var attempts = ExpertRollout.run(env, p, env.expert().orElseThrow(), (tool, in) -> "no such tool", 12);
      for (int i = 0; i < 4; i++) if (attempts.get(i).score().success()) ok[i]++;
    }
    assertTrue(ok[1] >= 0.95 * packs, "task 1: " + ok[1] + "/" + packs);
    assertTrue(ok[3] >= 0.99 * packs, "task 3: " + ok[3] + "/" + packs);
    assertTrue(ok[0] < ok[1], "hints must help: " + ok[0] + " vs " + ok[1]);
  }

  @Test
  void expertHintsAreTheLearnedCodeTable() {
    FrozenLakeExpert e = new FrozenLakeExpert();
    assertEquals("1=up 2=right 3=left 4=down", e.hints(null, "", "", "Fell into a hole after 3 moves. Codes used: 2=right 4=down 1=up."));
    assertEquals("1=up 2=right", e.hints(null, "2=right", "", "Out of moves after 6. Codes used: 1=up."));
  }
}
