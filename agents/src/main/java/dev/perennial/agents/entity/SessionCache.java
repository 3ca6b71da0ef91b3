package dev.perennial.agents.entity;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;

/**
 * The live task session of the episode in flight, kept outside the persisted state (it is a
 * mutable object). Sessions are deterministic, so one whose applied actions no longer match the
 * journal, or that this incarnation never had (after recovery), is rebuilt by opening the task
 * again and re-applying the recorded environment actions.
 */
final class SessionCache {
  private String episodeId;
  private TaskSession session;
  private int applied;

  TaskSession get(Environment env, Task task, Episode ep) {
    if (session != null && ep.episodeId().equals(episodeId) && applied == ep.envActions().size()) return session;
    TaskSession fresh = env.open(task);
    for (String action : ep.envActions()) fresh.act(action);
    episodeId = ep.episodeId();
    session = fresh;
    applied = ep.envActions().size();
    return session;
  }

  /** {@code count} more actions were applied to the live session of {@code id} and are being recorded. */
  void advance(String id, int count) {
    if (id.equals(episodeId)) applied += count;
  }

  void invalidate() {
    episodeId = null;
    session = null;
  }
}
