package dev.perennial.agents.entity;

import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.Refusal;
import dev.perennial.agents.deploy.TaskReply;
import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A deployed agent's work: its profile and the outside tasks it holds. {@code queue} are accepted
 * tasks not yet started (in order), {@code updates} tasks whose reward is known and whose update
 * episode has not started, {@code finished} the finished tasks still kept, oldest first. The agent
 * runs one episode at a time: updates first (so the next solve sees the new hints), then the queue.
 *
 * @param accepted tasks accepted so far: the next task's position
 */
public record Deployment(
    AgentProfile profile,
    long deployedAtMillis,
    int accepted,
    Map<String, TaskEntry> tasks,
    List<String> queue,
    List<String> updates,
    List<String> finished) implements CborSerializable {

  public Deployment {
    tasks = Map.copyOf(tasks);
    queue = List.copyOf(queue);
    updates = List.copyOf(updates);
    finished = List.copyOf(finished);
  }

  static Deployment start(AgentProfile profile, long at) {
    return new Deployment(profile, at, 0, Map.of(), List.of(), List.of(), List.of());
  }

  Optional<TaskEntry> task(String taskId) { return Optional.ofNullable(tasks.get(taskId)); }

  /** The answer to a task command or query: the task as it stands in {@code s}, or why there is none. */
  static TaskReply reply(AgentState s, String agentId, String taskId) {
    if (s.deployment().isEmpty()) return new TaskReply.Refused(Refusal.NOT_DEPLOYED, "agent " + agentId + " is not deployed");
    return s.deployment().get().task(taskId).<TaskReply>map(t -> new TaskReply.Ok(t.view(agentId)))
        .orElseGet(() -> new TaskReply.Refused(Refusal.UNKNOWN_TASK, "agent " + agentId + " holds no task '" + taskId + "'"));
  }

  /** Work waiting for the agent's single episode slot. */
  boolean hasWork() { return !queue.isEmpty() || !updates.isEmpty(); }

  /** Accepted tasks without an answer yet (what the concurrency limit counts). */
  long unanswered() { return tasks.values().stream().filter(t -> !t.status().settled()).count(); }

  long awaitingFeedback() { return tasks.values().stream().filter(t -> t.status() == TaskStatus.ANSWERED).count(); }

  /** The oldest answered tasks beyond {@code max} waiting for feedback, oldest first. */
  List<TaskEntry> overdue(int max) {
    List<TaskEntry> waiting = tasks.values().stream().filter(t -> t.status() == TaskStatus.ANSWERED)
        .sorted(java.util.Comparator.comparingInt(TaskEntry::position)).toList();
    return waiting.subList(0, Math.max(0, waiting.size() - max));
  }

  Deployment withProfile(AgentProfile p) { return new Deployment(p, deployedAtMillis, accepted, tasks, queue, updates, finished); }

  Deployment onAccepted(TaskEntry entry) {
    return new Deployment(profile, deployedAtMillis, accepted + 1, put(entry), add(queue, entry.taskId()), updates, finished);
  }

  Deployment onEpisodeStarted(EpisodeKind kind, String taskId, String episodeId) {
    if (!tasks.containsKey(taskId)) return this;
    return kind == EpisodeKind.SOLVE
        ? new Deployment(profile, deployedAtMillis, accepted, update(taskId, t -> t.solving(episodeId)), remove(queue, taskId), updates, finished)
        : new Deployment(profile, deployedAtMillis, accepted, update(taskId, t -> t.updating(episodeId)), queue, remove(updates, taskId), finished);
  }

  Deployment onSolveFinished(String taskId, String answer, boolean truncated) {
    return replace(taskId, t -> t.solved(answer, truncated));
  }

  Deployment onScored(String taskId, LastSolve last, dev.perennial.agents.episode.Rewards rewards, String verdict) {
    return replace(taskId, t -> t.scored(last, rewards, verdict));
  }

  Deployment onAnswered(String taskId, Optional<Episode> episode, long at) {
    TaskEntry t = tasks.get(taskId);
    if (t == null) return this;
    TaskEntry next = t.answered(episode, at);
    List<String> u = next.status() == TaskStatus.UPDATING ? add(updates, taskId) : updates;
    return new Deployment(profile, deployedAtMillis, accepted, put(next), queue, u, finished);
  }

  Deployment onFeedback(String taskId, LastSolve last, dev.perennial.agents.episode.Rewards rewards, String text) {
    TaskEntry t = tasks.get(taskId);
    if (t == null) return this;
    TaskEntry next = new TaskEntry(t.task(), t.verifier(), t.position(), TaskStatus.UPDATING, t.notifyTo(), t.held(),
        Optional.of(last), t.answer(), t.truncated(), Optional.of(rewards), text, t.hintsAfter(), t.solveEpisodeId(),
        t.updateEpisodeId(), t.error(), t.acceptedAtMillis(), t.answeredAtMillis(), t.finishedAtMillis());
    return new Deployment(profile, deployedAtMillis, accepted, put(next), queue, add(updates, taskId), finished);
  }

  /** A completed episode of one of its tasks: a solve's record releases the held episode, an update finishes the task. */
  Deployment onEpisodeCompleted(EpisodeRecord record) {
    TaskEntry t = tasks.get(record.taskId());
    if (t == null) return this;
    if (record.kind() == EpisodeKind.SOLVE) return replace(t.taskId(), TaskEntry::released);
    return finish(t.done(record.hints(), record.finishedAtMillis()));
  }

  Deployment onFailed(String taskId, String reason, long at) {
    TaskEntry t = tasks.get(taskId);
    if (t == null) return this;
    boolean updateFailed = t.status() == TaskStatus.UPDATING;
    TaskEntry end = updateFailed ? t.ended(TaskStatus.DONE, "the context update failed: " + reason, at) : t.ended(TaskStatus.FAILED, reason, at);
    return finish(end);
  }

  Deployment onExpired(String taskId, String reason, long at) {
    TaskEntry t = tasks.get(taskId);
    return t == null ? this : finish(t.ended(TaskStatus.EXPIRED, reason, at));
  }

  Deployment onForgotten(String taskId) {
    Map<String, TaskEntry> m = new HashMap<>(tasks);
    m.remove(taskId);
    return new Deployment(profile, deployedAtMillis, accepted, m, remove(queue, taskId), remove(updates, taskId), remove(finished, taskId));
  }

  private Deployment finish(TaskEntry end) {
    return new Deployment(profile, deployedAtMillis, accepted, put(end), remove(queue, end.taskId()), remove(updates, end.taskId()),
        add(remove(finished, end.taskId()), end.taskId()));
  }

  private Deployment replace(String taskId, UnaryOperator<TaskEntry> f) {
    if (!tasks.containsKey(taskId)) return this;
    return new Deployment(profile, deployedAtMillis, accepted, update(taskId, f), queue, updates, finished);
  }

  private Map<String, TaskEntry> update(String taskId, UnaryOperator<TaskEntry> f) {
    return put(f.apply(tasks.get(taskId)));
  }

  private Map<String, TaskEntry> put(TaskEntry entry) {
    Map<String, TaskEntry> m = new HashMap<>(tasks);
    m.put(entry.taskId(), entry);
    return m;
  }

  private static List<String> add(List<String> list, String id) {
    List<String> l = new ArrayList<>(list);
    l.add(id);
    return l;
  }

  private static List<String> remove(List<String> list, String id) {
    if (!list.contains(id)) return list;
    List<String> l = new ArrayList<>(list);
    l.remove(id);
    return l;
  }
}
