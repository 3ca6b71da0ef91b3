package dev.perennial.agents.tools;

import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;

/**
 * The "env" tool: the environment's own step function (frozen-lake moves, alchemy combines,
 * terminal commands) as a tool. The input is the action text; the output is the environment's
 * observation, with {@code taskFinished} set when the environment ended the task. Environments
 * answer bad actions with an observation saying why, so those are ordinary outputs.
 */
public final class EnvTool implements Tool {
  private final ToolSettings.Env settings;

  public EnvTool(ToolSettings.Env settings) {
    this.settings = settings;
  }

  @Override
  public String name() { return "env"; }

  @Override
  public ToolOutput run(ToolCall call, ToolContext context) throws ToolFailure {
    TaskSession session = context.session();
    if (session == null) throw new ToolFailure("this task has no environment to act on");
    if (session.finished()) throw new ToolFailure("the task is already over; give your final answer");
    String action = call.input() == null ? "" : call.input().strip();
    if (action.isEmpty()) throw new ToolFailure("empty action: write the action between the tags");
    StepResult step;
    try {
      step = session.act(action);
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("invalid action: " + e.getMessage());
    }
    String observation = ToolText.capMiddle(step.observation() == null ? "" : step.observation(),
        settings.maxObservationChars());
    return new ToolOutput(observation, true, step.done() || session.finished());
  }
}
