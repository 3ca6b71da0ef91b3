package dev.perennial.agents.execution;

/**
 * Thrown by a tool (or wrapped around an {@link Error}) when trying again is pointless: the tool is
 * misconfigured, its interpreter is missing, its sandbox cannot start. The executor is stopped, not
 * restarted.
 */
public class ToolPermanentFailure extends RuntimeException {
  public ToolPermanentFailure(String message) { super(message); }

  public ToolPermanentFailure(String message, Throwable cause) { super(message, cause); }
}
