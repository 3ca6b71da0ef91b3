package dev.perennial.environments.hiddenop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.Split;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.ExpertRollout;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HiddenOperatorTest {
  final HiddenOperatorEnvironment env = new HiddenOperatorEnvironment();

  @Test
  void difficultyZeroIsExactlyTheTrainingDesign() {
    Pattern prompt = Pattern.compile("Compute (\\d) ⊙ (\\d)\\.");
    for (long seed = 0; seed < 200; seed++) {
      Pack p = env.pack(PackSpec.train(seed, 4));
      Matcher rule = Pattern.compile("a⊙b = a\\*b\\+(\\d)").matcher(p.ruleDescription());
      assertTrue(rule.matches(), p.ruleDescription());
      int k = Integer.parseInt(rule.group(1));
      assertTrue(k >= 1 && k <= 9);
      for (Task t : p.tasks()) {
        Matcher m = prompt.matcher(t.prompt());
        assertTrue(m.matches(), t.prompt());
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        assertTrue(a >= 2 && b >= 2);
        assertEquals(Integer.toString(a * b + k), t.groundTruth());
        assertEquals(List.of("python", "calculator"), t.tools());
      }
    }
  }

  @Test
  void scoresExactlyAndFeedbackRevealsTheTrueValue() {
    Task t = env.pack(PackSpec.train(3, 1)).task(0);
    TaskSession s = env.open(t);
    String truth = t.groundTruth();
    String example = t.prompt().replace("Compute ", "").replace(".", "");
    Score right = s.score(truth);
    assertTrue(right.success());
    assertEquals("Correct: " + example + " = " + truth + ".", s.feedback(right));
    Score wrong = s.score(Integer.toString(Integer.parseInt(truth) + 1));
    assertEquals(0.0, wrong.score());
    assertEquals("Wrong: " + example + " = " + truth + ".", s.feedback(wrong));
    assertEquals(0.0, s.score(truth + ".5").score());
    assertTrue(s.score("<answer>" + truth + "</answer>").success());
  }

  @Test
  void harderLevelsWidenOperandsAndNameTheForm() {
    Pack p = env.pack(new PackSpec(5, 8, Split.TRAIN, 2, false));
    TaskSession s = env.open(p.task(0));
    String fb = s.feedback(s.score("0"));
    assertTrue(fb.matches("Wrong: \\d+ ⊙ \\d+ = -?\\d+ \\(a⊙b = [ab0-9*+()]+[+-]k\\)\\."), fb);
  }

  @Test
  void expertGuessesThenCopiesTheRevealedExample() {
    HiddenOperatorExpert expert = new HiddenOperatorExpert();
    SolveStep first = expert.next(new SolveView("Compute 7 ⊙ 3.", "", List.of()));
    assertEquals(new SolveStep.UseTool("No hints yet. Guess a*b.", "python", "print(7*3)"), first);
    SolveStep answer = expert.next(new SolveView("Compute 7 ⊙ 3.", "", List.of(new SolveView.ToolExchange("python", "print(7*3)", "21\n"))));
    assertEquals("21", ((SolveStep.Answer) answer).answer());
    String hint = expert.hints(null, "", "", "Wrong: 7 ⊙ 3 = 24.");
    assertEquals("a⊙b = a*b+24-7*3", hint);
    SolveStep withHint = expert.next(new SolveView("Compute 5 ⊙ 8.", hint, List.of()));
    assertEquals("print(5*8+24-7*3)", ((SolveStep.UseTool) withHint).input());
    assertEquals("a⊙b = a+b+9-(4+6)", expert.hints(null, "", "", "Wrong: 4 ⊙ 6 = 9 (a⊙b = a+b-k)."));
  }

  @Test
  void expertSucceedsWithHintsFromThePreviousTask() {
    var python = ExpertRollout.python(new PythonSubprocessRunner(), Duration.ofSeconds(5));
    int later = 0;
    int laterOk = 0;
    for (long seed = 0; seed < 40; seed++) {
      for (int difficulty : new int[] {0, 2}) {
        Pack p = env.pack(new PackSpec(seed, 3, Split.TRAIN, difficulty, false));
        var attempts = ExpertRollout.run(env, p, env.expert().orElseThrow(), python, 4);
        for (int i = 1; i < attempts.size(); i++) {
          later++;
          if (attempts.get(i).score().success()) laterOk++;
        }
      }
    }
    assertTrue(laterOk >= 0.95 * later, laterOk + "/" + later);
    assertEquals(later, laterOk, "copying is exact, so every informed solve should succeed");
  }
}
