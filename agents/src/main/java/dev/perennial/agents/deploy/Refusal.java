package dev.perennial.agents.deploy;

/** Why an agent refused a deployment command; the HTTP API maps each to its status code. */
public enum Refusal {
  /** The agent was never deployed (404). */
  NOT_DEPLOYED,
  /** No such task (404). */
  UNKNOWN_TASK,
  /** Already deployed, or a pack is in progress (409). */
  CONFLICT,
  /** The request cannot be carried out as given: unknown verifier, tool or policy (400). */
  INVALID,
  /** Too many tasks not yet answered (429). */
  QUEUE_FULL,
  /** The task is not in a state that takes this (feedback before the answer, twice, or on a verified task) (409). */
  WRONG_STATE
}
