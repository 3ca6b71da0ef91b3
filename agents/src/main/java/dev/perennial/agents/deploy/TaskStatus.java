package dev.perennial.agents.deploy;

/**
 * Where an outside task stands. QUEUED → SOLVING → (SCORING, when a verifier checks it) →
 * ANSWERED (waits for feedback) or UPDATING (the update-context episode will run or runs) → DONE.
 * FAILED: the policy kept failing on its solve; EXPIRED: no feedback came before newer answered
 * tasks pushed it out (its solve never reaches the episode stream).
 */
public enum TaskStatus {
  QUEUED, SOLVING, SCORING, ANSWERED, UPDATING, DONE, FAILED, EXPIRED;

  /** The answer is known (or will never be). */
  public boolean settled() { return this != QUEUED && this != SOLVING && this != SCORING; }

  /** Nothing more will happen to it. */
  public boolean terminal() { return this == DONE || this == FAILED || this == EXPIRED; }
}
