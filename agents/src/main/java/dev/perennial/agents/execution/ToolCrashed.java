package dev.perennial.agents.execution;

/**
 * A tool threw something other than a {@code ToolFailure}: transient from the executor's point of
 * view, so its supervisor restarts it with backoff (which retries the call).
 */
public final class ToolCrashed extends RuntimeException {
  public ToolCrashed(String message, Throwable cause) { super(message, cause); }
}
