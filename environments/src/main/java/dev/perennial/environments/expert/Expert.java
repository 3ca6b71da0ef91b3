package dev.perennial.environments.expert;

import dev.perennial.environments.Task;

/**
 * A scripted ideal agent for one environment, used to write cold-start SFT traces. It sees only
 * what an agent sees — the task prompt, the current hints, this attempt's tool exchanges, and for
 * updates the last attempt's summary and feedback — never the hidden rule, so the traces teach
 * the agent to learn from feedback rather than to guess. It returns data, not protocol text.
 */
public interface Expert {
  /** The next step of a solve episode: use a tool, or answer. */
  SolveStep next(SolveView view);

  /** The hints to carry to the next task, written after an attempt (replaces {@code previousHints}). */
  String hints(Task task, String previousHints, String lastAttemptSummary, String feedback);
}
