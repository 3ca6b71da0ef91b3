package dev.perennial.agents.execution;

/** Why a tool call produced no output: each gets its own short message for the model. */
public enum ToolFailureKind {
  /** the call ran past its per-call timeout and was cancelled */
  TIMEOUT,
  /** the tool threw an unexpected exception, also after the restarts the supervisor allows */
  CRASHED,
  /** an expected failure the tool reported ({@code ToolFailure}): bad input, unknown table, … */
  TOOL_ERROR,
  /** the executor stopped before answering (permanent failure, or it was stopped from outside) */
  EXECUTOR_STOPPED
}
