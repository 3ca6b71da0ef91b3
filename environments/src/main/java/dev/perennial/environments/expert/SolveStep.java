package dev.perennial.environments.expert;

/** One step of a solve episode as data: a tool call with the plan that motivates it, or the answer. */
public sealed interface SolveStep {
  /** Call {@code tool} ("python", "env", …) with {@code input}. */
  record UseTool(String plan, String tool, String input) implements SolveStep {}

  /** Finish with {@code answer} (empty when the environment already ended the task). */
  record Answer(String reflection, String answer) implements SolveStep {}
}
