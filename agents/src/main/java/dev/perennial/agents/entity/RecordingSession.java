package dev.perennial.agents.entity;

import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The task session as one tool call sees it: records every environment action applied through it,
 * so the agent persists exactly what changed the session (and can rebuild it after recovery by
 * re-applying the actions). Closed when the call's outcome is recorded; an action attempted after
 * that (a timed-out tool still running) is refused, and one that was running at that moment marks
 * the live session as no longer matching the journal.
 */
final class RecordingSession implements TaskSession {
  private final TaskSession delegate;
  private final List<String> applied = new ArrayList<>();
  private boolean closed;
  private boolean inProgress;
  private boolean diverged;

  RecordingSession(TaskSession delegate) { this.delegate = delegate; }

  @Override
  public StepResult act(String action) {
    synchronized (this) {
      if (closed) return new StepResult("error: this tool call is over; the action was not applied", false, -1);
      inProgress = true;
    }
    boolean ok = false;
    try {
      StepResult result = delegate.act(action);
      ok = true;
      return result;
    } finally {
      synchronized (this) {
        inProgress = false;
        if (ok && !closed) applied.add(action);
        else diverged = true;
      }
    }
  }

  @Override
  public Score score(String finalAnswer) { return delegate.score(finalAnswer); }

  @Override
  public String feedback(Score score) { return delegate.feedback(score); }

  @Override
  public boolean finished() { return delegate.finished(); }

  /** Ends the call: returns the actions applied through it; later actions are refused. */
  synchronized List<String> close() {
    closed = true;
    if (inProgress) diverged = true;
    return List.copyOf(applied);
  }

  /** True when the live session may hold an action the journal will not: it must be rebuilt. */
  synchronized boolean diverged() { return diverged; }
}
