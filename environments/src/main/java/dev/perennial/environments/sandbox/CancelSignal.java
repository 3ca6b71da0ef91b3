package dev.perennial.environments.sandbox;

/**
 * Lets another thread stop a sandbox call: {@link #cancel()} kills whatever the call is running (or
 * makes it stop waiting for a slot) and the blocked call returns a {@code KILLED} result promptly.
 * One signal per call; cancelling is idempotent and may happen before the call starts.
 */
public final class CancelSignal {
  private boolean cancelled;
  private Runnable action;

  /** Cancels the call; safe from any thread, any number of times. */
  public void cancel() {
    Runnable toRun;
    synchronized (this) {
      if (cancelled) return;
      cancelled = true;
      toRun = action;
    }
    if (toRun != null) toRun.run();
  }

  public synchronized boolean isCancelled() { return cancelled; }

  /** Sets what cancelling does from now on; runs it at once when the signal already fired. */
  void onCancel(Runnable newAction) {
    boolean runNow;
    synchronized (this) {
      action = newAction;
      runNow = cancelled;
    }
    if (runNow && newAction != null) newAction.run();
  }

  void clear() {
    synchronized (this) { action = null; }
  }
}
