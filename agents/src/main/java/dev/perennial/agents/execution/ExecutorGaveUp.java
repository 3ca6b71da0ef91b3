package dev.perennial.agents.execution;

/**
 * A failure that retrying cannot fix (a {@link ToolPermanentFailure}, a linkage or assertion error):
 * the supervisor stops the executor and the agent's death watch turns that into a failed call.
 */
public final class ExecutorGaveUp extends RuntimeException {
  public ExecutorGaveUp(String message, Throwable cause) { super(message, cause); }
}
