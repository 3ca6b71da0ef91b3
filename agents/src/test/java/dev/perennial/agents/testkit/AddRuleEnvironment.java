package dev.perennial.agents.testkit;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test environment with a hidden rule shared by a pack: the answer is x + k, k fixed per pack.
 * Tasks read "x=5"; the feedback after an attempt reveals the expected value, so an agent that
 * writes good hints ("k=3") solves the later tasks. Tools: "echo" (and whatever a test adds).
 */
public final class AddRuleEnvironment implements Environment {
  public static final String NAME = "add-rule";
  private final List<String> tools;

  public AddRuleEnvironment(List<String> tools) { this.tools = List.copyOf(tools); }

  public AddRuleEnvironment() { this(List.of("echo")); }

  public static int hiddenK(long seed) { return 1 + (int) Math.floorMod(seed, 9); }

  @Override
  public String name() { return NAME; }

  @Override
  public Pack pack(PackSpec spec) {
    int k = hiddenK(spec.seed());
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      int x = (int) Math.floorMod(spec.seed() * 31 + i * 7L, 20);
      tasks.add(new Task("t" + i, NAME, NAME, "x=" + x, Integer.toString(x + k), Map.of("x", Integer.toString(x)), tools));
    }
    return new Pack("add-" + spec.seed() + "-" + spec.size(), NAME, spec, tasks, "answer = x + " + k);
  }

  @Override
  public TaskSession open(Task task) {
    return new TaskSession() {
      @Override
      public StepResult act(String action) { return new StepResult("this environment has no actions", false, 0); }

      @Override
      public Score score(String answer) {
        return answer.strip().equals(task.groundTruth()) ? Score.pass(answer, "correct") : Score.fail(answer, "wrong");
      }

      @Override
      public String feedback(Score score) {
        return (score.success() ? "correct" : "wrong") + ": expected " + task.groundTruth() + " for " + task.prompt();
      }
    };
  }

  @Override
  public String instructions() { return "Answer with x plus the hidden number."; }
}
