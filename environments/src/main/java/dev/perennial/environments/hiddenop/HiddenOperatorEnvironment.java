package dev.perennial.environments.hiddenop;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.pack.GeneratedEnvironment;
import dev.perennial.environments.pack.PackDraft;
import dev.perennial.environments.pack.SingleAnswerSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * hidden-operator: the environment the tiny model learns on. A pack hides one operator
 * a ⊙ b = g(a, b) ± k; each task asks {@code Compute 7 ⊙ 3.} and takes an exact integer. After an
 * attempt the feedback reveals the true value ({@code Wrong: 7 ⊙ 3 = 24.}), which is enough to
 * learn k. Difficulty 0: g = a*b, k ∈ [1, 9] added, a, b ∈ [2, 9]. Difficulty 1: g ∈ {a*b, a+b},
 * ±k, a, b ∈ [2, 20]. Difficulty 2 and up: five families, k ∈ [1, 30], a, b ∈ [2, 99]. From
 * difficulty 1 the feedback also names the form ({@code (a⊙b = a+b-k)}), since one example cannot
 * identify the family. Prompts and feedback stay short: a character-level model reads them.
 */
public final class HiddenOperatorEnvironment extends GeneratedEnvironment {
  public static final String NAME = "hidden-operator";
  private static final ExactIntegerVerifier VERIFIER = new ExactIntegerVerifier();

  @Override
  public String name() { return NAME; }

  @Override
  public String instructions() {
    return "a ⊙ b is a hidden integer operation, the same in every task. Tools: python, calculator. Answer with the integer.";
  }

  @Override
  protected PackDraft draft(PackSpec spec, int count, SplittableRandom rng) {
    int d = spec.difficulty();
    List<Family> families = Family.at(d);
    Family family = families.get(rng.nextInt(families.size()));
    int sign = d == 0 ? 1 : (rng.nextBoolean() ? 1 : -1);
    int k = 1 + rng.nextInt(d >= 2 ? 30 : 9);
    OperatorRule rule = new OperatorRule(family, sign, k);
    int lo = 2;
    int hi = d == 0 ? 9 : d == 1 ? 20 : 99;
    int span = hi - lo + 1;
    List<Task> tasks = new ArrayList<>();
    for (int pair : distinct(rng, span * span, count)) {
      long a = lo + pair / span;
      long b = lo + pair % span;
      Map<String, String> info = Map.of("a", Long.toString(a), "b", Long.toString(b), "form", rule.form(), "difficulty", Integer.toString(d));
      tasks.add(new Task("", NAME, NAME, "Compute " + a + " ⊙ " + b + ".", Long.toString(rule.apply(a, b)), info, List.of("python", "calculator")));
    }
    return new PackDraft(rule.describe(), tasks);
  }

  @Override
  public TaskSession open(Task task) {
    return new SingleAnswerSession(task, VERIFIER, HiddenOperatorEnvironment::feedback);
  }

  @Override
  public Optional<Expert> expert() { return Optional.of(new HiddenOperatorExpert()); }

  static String feedback(Task task, Score score) {
    Map<String, String> x = task.extraInfo();
    String example = x.get("a") + " ⊙ " + x.get("b") + " = " + task.groundTruth();
    String form = "0".equals(x.get("difficulty")) ? "" : " (a⊙b = " + x.get("form") + ")";
    return (score.success() ? "Correct: " : "Wrong: ") + example + form + ".";
  }
}
