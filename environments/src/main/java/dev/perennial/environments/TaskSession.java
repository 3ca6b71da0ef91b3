package dev.perennial.environments;

/**
 * One attempt at one task. Deterministic: its state is a pure function of the task and the
 * actions applied so far, so an agent can rebuild it after recovery by re-applying the actions
 * recorded in its journal (no side effects outside this object).
 */
public interface TaskSession {
  /** Applies an environment action (the "env" tool). Never throws: bad actions get an observation saying why. */
  StepResult act(String action);

  /** Scores the attempt given the agent's final answer (may be empty when the episode ended by environment steps). */
  Score score(String finalAnswer);

  /** Feedback text after the attempt, shown to the update-context episode (what went right/wrong, revealing what the environment reveals). */
  String feedback(Score score);

  /** True when environment actions ended the task (goal or failure) so no answer is needed. */
  default boolean finished() { return false; }
}
