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
 * A test environment driven by environment actions ("env" tool): "inc" adds one, the task is over
 * when the count reaches the target. Deterministic, so a session rebuilt from its recorded actions
 * is the same session. {@link #opened()} counts sessions opened, to observe rebuilds.
 */
public final class CounterEnvironment implements Environment {
  public static final String NAME = "counter";
  private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public String name() { return NAME; }

  @Override
  public Pack pack(PackSpec spec) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      int target = 2 + i % 2;
      tasks.add(new Task("c" + i, NAME, NAME, "reach " + target, Integer.toString(target), Map.of(), List.of("env")));
    }
    return new Pack("counter-" + spec.seed(), NAME, spec, tasks, "inc adds one");
  }

  @Override
  public TaskSession open(Task task) {
    opened.incrementAndGet();
    int target = Integer.parseInt(task.groundTruth());
    return new TaskSession() {
      private int count;

      @Override
      public StepResult act(String action) {
        if (!action.strip().equals("inc")) return new StepResult("unknown action '" + action + "' (try inc)", count >= target, count);
        if (count < target) count++;
        return new StepResult("count=" + count, count >= target, count);
      }

      @Override
      public Score score(String answer) {
        return count == target ? Score.pass("", "reached " + target) : Score.fail("", "count " + count + " of " + target);
      }

      @Override
      public String feedback(Score score) { return "count " + count + ", target " + target; }

      @Override
      public boolean finished() { return count >= target; }
    };
  }

  public int opened() { return opened.get(); }

  @Override
  public String instructions() { return "Use env actions: inc."; }
}
