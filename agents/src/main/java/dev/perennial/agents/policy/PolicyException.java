package dev.perennial.agents.policy;

/** A policy call that failed; {@code retryable} tells the caller whether trying again may help. */
public class PolicyException extends RuntimeException {
  private final boolean retryable;

  public PolicyException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public PolicyException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() { return retryable; }
}
