package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.environments.Task;
import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * One outside task in a deployed agent's state, from acceptance to its update episode. Immutable;
 * each {@code with…} returns the next state.
 *
 * @param verifier  the resolved verifier name ("" = waits for outside feedback)
 * @param held      the finished solve episode while it waits for feedback (its turns make the record)
 * @param lastSolve what the task's update episode reflects on, once the reward is known
 * @param notifyTo  who wants the answer (a synchronous HTTP caller); dropped once told
 */
public record TaskEntry(
    ExternalTask task,
    String verifier,
    int position,
    TaskStatus status,
    Optional<ActorRef<AgentEntity.TaskResult>> notifyTo,
    Optional<Episode> held,
    Optional<LastSolve> lastSolve,
    String answer,
    boolean truncated,
    Optional<Rewards> rewards,
    String verdict,
    String hintsAfter,
    String solveEpisodeId,
    String updateEpisodeId,
    String error,
    long acceptedAtMillis,
    long answeredAtMillis,
    long finishedAtMillis) implements CborSerializable {

  static TaskEntry accepted(ExternalTask task, String verifier, int position, Optional<ActorRef<AgentEntity.TaskResult>> notifyTo,
      long at) {
    return new TaskEntry(task, verifier, position, TaskStatus.QUEUED, notifyTo, Optional.empty(), Optional.empty(), "", false,
        Optional.empty(), "", "", "", "", "", at, 0, 0);
  }

  String taskId() { return task.taskId(); }

  boolean verified() { return !verifier.isEmpty(); }

  /** The task as the agent's episode machinery sees it (tools from the profile). */
  Task asTask(AgentProfile profile) {
    return new Task(task.taskId(), ExternalEnvironment.NAME, verifier, task.text(), task.groundTruth().orElse(""),
        task.extraInfo(), profile.tools());
  }

  TaskView view(String agentId) {
    return new TaskView(agentId, task.taskId(), position, status, task.text(), answer, truncated, verifier,
        rewards.map(r -> r.total(false)), rewards.map(Rewards::success), verdict, hintsAfter, solveEpisodeId, updateEpisodeId,
        error, acceptedAtMillis, answeredAtMillis, finishedAtMillis);
  }

  TaskEntry solving(String episodeId) { return with(TaskStatus.SOLVING).episodes(episodeId, updateEpisodeId); }

  TaskEntry updating(String episodeId) { return with(TaskStatus.UPDATING).episodes(solveEpisodeId, episodeId); }

  TaskEntry solved(String finalAnswer, boolean wasTruncated) {
    return new TaskEntry(task, verifier, position, verified() ? TaskStatus.SCORING : status, notifyTo, held, lastSolve, finalAnswer,
        wasTruncated, rewards, verdict, hintsAfter, solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, answeredAtMillis,
        finishedAtMillis);
  }

  TaskEntry scored(LastSolve last, Rewards r, String why) {
    return new TaskEntry(task, verifier, position, status, notifyTo, held, Optional.of(last), answer, truncated, Optional.of(r),
        why, hintsAfter, solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, answeredAtMillis, finishedAtMillis);
  }

  /** The answer is out: verified tasks go on to their update, the others wait for feedback with their episode. */
  TaskEntry answered(Optional<Episode> episode, long at) {
    TaskStatus next = verified() ? TaskStatus.UPDATING : TaskStatus.ANSWERED;
    return new TaskEntry(task, verifier, position, next, Optional.empty(), verified() ? Optional.empty() : episode, lastSolve,
        answer, truncated, rewards, verdict, hintsAfter, solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, at,
        finishedAtMillis);
  }

  /** Closes the held solve: the record is written (EpisodeCompleted), the episode itself is no longer needed. */
  TaskEntry released() {
    return new TaskEntry(task, verifier, position, status, notifyTo, Optional.empty(), lastSolve, answer, truncated, rewards,
        verdict, hintsAfter, solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, answeredAtMillis, finishedAtMillis);
  }

  TaskEntry done(String hints, long at) {
    return new TaskEntry(task, verifier, position, TaskStatus.DONE, Optional.empty(), Optional.empty(), Optional.empty(), answer,
        truncated, rewards, verdict, hints, solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, answeredAtMillis, at);
  }

  /** Failed or expired: kept for look-up with the reason, nothing more happens to it. */
  TaskEntry ended(TaskStatus end, String reason, long at) {
    return new TaskEntry(task, verifier, position, end, Optional.empty(), Optional.empty(), Optional.empty(), answer, truncated,
        rewards, verdict, hintsAfter, solveEpisodeId, updateEpisodeId, reason, acceptedAtMillis,
        answeredAtMillis == 0 ? at : answeredAtMillis, at);
  }

  private TaskEntry with(TaskStatus s) {
    return new TaskEntry(task, verifier, position, s, notifyTo, held, lastSolve, answer, truncated, rewards, verdict, hintsAfter,
        solveEpisodeId, updateEpisodeId, error, acceptedAtMillis, answeredAtMillis, finishedAtMillis);
  }

  private TaskEntry episodes(String solve, String update) {
    return new TaskEntry(task, verifier, position, status, notifyTo, held, lastSolve, answer, truncated, rewards, verdict,
        hintsAfter, solve, update, error, acceptedAtMillis, answeredAtMillis, finishedAtMillis);
  }
}
