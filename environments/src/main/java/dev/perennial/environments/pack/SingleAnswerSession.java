package dev.perennial.environments.pack;

import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.verify.Verifier;
import java.util.function.BiFunction;

/**
 * A task answered once, with no environment actions: the final answer goes to the task's verifier
 * (wrapped in {@code <answer>} when it carries no answer delimiter of its own) and the feedback
 * text is the environment's.
 */
public final class SingleAnswerSession implements TaskSession {
  private final Task task;
  private final Verifier verifier;
  private final BiFunction<Task, Score, String> feedback;

  public SingleAnswerSession(Task task, Verifier verifier, BiFunction<Task, Score, String> feedback) {
    this.task = task;
    this.verifier = verifier;
    this.feedback = feedback;
  }

  @Override
  public StepResult act(String action) {
    return new StepResult("This task has no environment actions; give your answer.", false, 0);
  }

  @Override
  public Score score(String finalAnswer) {
    String a = finalAnswer == null ? "" : finalAnswer;
    String response = a.contains("<answer>") || a.contains("\\boxed") ? a : "<answer>" + a + "</answer>";
    return verifier.verify(response, task.groundTruth(), task.extraInfo());
  }

  @Override
  public String feedback(Score score) {
    return feedback.apply(task, score);
  }
}
