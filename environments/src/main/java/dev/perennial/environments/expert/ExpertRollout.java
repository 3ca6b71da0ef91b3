package dev.perennial.environments.expert;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.Score;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link Expert} through a pack the CoD way — solve task 0 with no hints, update, solve
 * task 1 with the new hints, … — and records every step, score, feedback and hint, ready to be
 * rendered as SFT traces. Environment actions go to the task's session; other tools to
 * {@code tools}. The expert's update sees a copy of the task without ground truth or extra info.
 */
public final class ExpertRollout {
  private ExpertRollout() {}

  /** Executes a non-environment tool call and returns what the agent would see. */
  @FunctionalInterface
  public interface ToolRunner {
    String run(String tool, String input);
  }

  /** One solve episode and the update after it ({@code hintsAfter} is empty after the last task). */
  public record Attempt(Task task, String hintsBefore, List<SolveStep> steps, List<SolveView.ToolExchange> exchanges,
      Score score, String feedback, String hintsAfter) {}

  public static List<Attempt> run(Environment env, Pack pack, Expert expert, ToolRunner tools, int maxTurns) {
    List<Attempt> out = new ArrayList<>();
    String hints = "";
    for (int i = 0; i < pack.size(); i++) {
      Task task = pack.task(i);
      TaskSession session = env.open(task);
      SolveView view = new SolveView(task.prompt(), hints, List.of());
      List<SolveStep> steps = new ArrayList<>();
      String answer = "";
      for (int turn = 0; turn < maxTurns; turn++) {
        SolveStep step = expert.next(view);
        steps.add(step);
        if (step instanceof SolveStep.Answer a) {
          answer = a.answer();
          break;
        }
        SolveStep.UseTool use = (SolveStep.UseTool) step;
        String output = use.tool().equals("env") ? session.act(use.input()).observation() : tools.run(use.tool(), use.input());
        view = view.with(new SolveView.ToolExchange(use.tool(), use.input(), output));
      }
      Score score = session.score(answer);
      String feedback = session.feedback(score);
      String after = "";
      if (i + 1 < pack.size()) after = expert.hints(redacted(task), hints, summary(view), feedback);
      out.add(new Attempt(task, hints, steps, view.exchanges(), score, feedback, after));
      hints = after;
    }
    return out;
  }

  /** A python tool on a {@link CodeRunner}: stdout, or the error output when it failed. */
  public static ToolRunner python(CodeRunner runner, Duration timeout) {
    return (tool, input) -> {
      if (!tool.equals("python")) return "unknown tool " + tool;
      SandboxResult r = runner.run(SandboxRequest.python(input, timeout));
      return r.ok() ? r.stdout() : r.status() + ": " + r.stderr();
    };
  }

  static String summary(SolveView view) {
    StringBuilder b = new StringBuilder();
    for (SolveView.ToolExchange x : view.exchanges()) b.append(x.tool()).append(": ").append(x.input()).append(" -> ").append(x.output()).append('\n');
    return b.toString();
  }

  private static Task redacted(Task t) {
    return new Task(t.taskId(), t.environment(), t.dataSource(), t.prompt(), "", Map.of(), t.tools());
  }
}
