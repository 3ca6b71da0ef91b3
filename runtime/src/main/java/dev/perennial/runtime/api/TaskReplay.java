package dev.perennial.runtime.api;

import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import java.util.Optional;

/** Rebuilds a forgotten task's view from the events that concern it, in journal order. */
final class TaskReplay {
  private TaskReplay() {}

  static TaskView apply(TaskView v, Object e) {
    if (e instanceof AgentEvent.TaskAnswered a && a.taskId().equals(v.taskId())) {
      return with(v, a.awaitingFeedback() ? TaskStatus.ANSWERED : TaskStatus.UPDATING, a.answer(), v.reward(), v.success(), v.verdict(),
          v.hintsAfter(), v.error(), a.atMillis(), v.finishedAtMillis());
    }
    if (e instanceof AgentEvent.EpisodeCompleted c && c.record().taskId().equals(v.taskId()) && c.record().position() == v.position()
        && c.record().environment().equals("external")) {
      EpisodeRecord r = c.record();
      if (r.kind() == EpisodeKind.SOLVE) {
        return with(v, v.status(), r.answer(), Optional.of(r.rewards().total(false)), Optional.of(r.rewards().success()),
            r.feedback(), v.hintsAfter(), v.error(), v.answeredAtMillis(), v.finishedAtMillis());
      }
      return with(v, TaskStatus.DONE, v.answer(), v.reward(), v.success(), v.verdict(), r.hints(), v.error(), v.answeredAtMillis(),
          r.finishedAtMillis());
    }
    if (e instanceof AgentEvent.TaskFailed f && f.taskId().equals(v.taskId())) {
      TaskStatus s = v.status() == TaskStatus.UPDATING ? TaskStatus.DONE : TaskStatus.FAILED;
      return with(v, s, v.answer(), v.reward(), v.success(), v.verdict(), v.hintsAfter(), f.reason(), v.answeredAtMillis(), f.atMillis());
    }
    if (e instanceof AgentEvent.TaskExpired x && x.taskId().equals(v.taskId())) {
      return with(v, TaskStatus.EXPIRED, v.answer(), v.reward(), v.success(), v.verdict(), v.hintsAfter(), x.reason(),
          v.answeredAtMillis(), x.atMillis());
    }
    return v;
  }

  private static TaskView with(TaskView v, TaskStatus status, String answer, Optional<Double> reward, Optional<Boolean> success,
      String verdict, String hints, String error, long answeredAt, long finishedAt) {
    return new TaskView(v.agentId(), v.taskId(), v.position(), status, v.text(), answer, v.truncated(), v.verifier(), reward, success,
        verdict, hints, v.solveEpisodeId(), v.updateEpisodeId(), error, v.acceptedAtMillis(), answeredAt, finishedAt);
  }
}
