package dev.perennial.runtime.api;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds tasks an agent no longer keeps in its state ({@code keep-finished-tasks}) by reading its
 * journal — once: each agent's index remembers how far it has read and the views it rebuilt, and
 * a later look-up reads only the events written since. Forgotten tasks are finished, so their
 * views never change. Bounded: at most {@code maxAgents} indexes (least recently used dropped)
 * of at most {@code maxTasks} views each (oldest dropped; looking those up reads from the start).
 */
final class TaskHistory {
  /** One agent's index: views by task id, and the last sequence number read. */
  private static final class Index {
    final Map<String, TaskView> views;
    long readTo;
    CompletableFuture<Void> reading = CompletableFuture.completedFuture(null);

    Index(int maxTasks) {
      views = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskView> eldest) { return size() > maxTasks; }
      };
    }
  }

  private final ActorSystem<?> system;
  private final CurrentEventsByPersistenceIdQuery events;
  private final int maxTasks;
  private final Map<String, Index> indexes;

  TaskHistory(ActorSystem<?> system, CurrentEventsByPersistenceIdQuery events, int maxAgents, int maxTasks) {
    this.system = system;
    this.events = events;
    this.maxTasks = maxTasks;
    this.indexes = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Index> eldest) { return size() > maxAgents; }
    };
  }

  /** The last task with this id in the agent's journal, as it ended. */
  CompletionStage<Optional<TaskView>> find(String agentId, String taskId) {
    Index index;
    synchronized (indexes) {
      index = indexes.computeIfAbsent(agentId, id -> new Index(maxTasks));
    }
    CompletableFuture<Void> read;
    synchronized (index) { // one read at a time per agent, each from where the last one stopped
      index.reading = index.reading.thenCompose(done -> readNew(agentId, index)).toCompletableFuture();
      read = index.reading;
    }
    return read.thenApply(done -> {
      synchronized (index) {
        return Optional.ofNullable(index.views.get(taskId));
      }
    });
  }

  private CompletionStage<Void> readNew(String agentId, Index index) {
    long from;
    synchronized (index) {
      from = index.readTo + 1;
    }
    return events.currentEventsByPersistenceId(AgentEntity.KEY.name() + "|" + agentId, from, Long.MAX_VALUE)
        .runWith(Sink.foreach(env -> apply(index, env)), system)
        .thenApply(done -> null);
  }

  private static void apply(Index index, EventEnvelope env) {
    synchronized (index) {
      index.readTo = env.sequenceNr();
      Object e = env.event();
      if (e instanceof AgentEvent.TaskAccepted a) {
        index.views.remove(a.task().taskId()); // a reused id: the newest task is the one asked for
        index.views.put(a.task().taskId(), new TaskView(agentIdOf(env), a.task().taskId(), a.position(), TaskStatus.QUEUED,
            a.task().text(), "", false, a.verifier(), Optional.empty(), Optional.empty(), "", "", "", "", "", a.atMillis(), 0, 0));
        return;
      }
      String taskId = taskIdOf(e);
      if (taskId == null) return;
      TaskView v = index.views.get(taskId);
      if (v != null) index.views.put(taskId, TaskReplay.apply(v, e));
    }
  }

  private static String taskIdOf(Object e) {
    if (e instanceof AgentEvent.TaskAnswered a) return a.taskId();
    if (e instanceof AgentEvent.TaskFailed f) return f.taskId();
    if (e instanceof AgentEvent.TaskExpired x) return x.taskId();
    if (e instanceof AgentEvent.EpisodeCompleted c) return c.record().taskId();
    return null;
  }

  private static String agentIdOf(EventEnvelope env) {
    String pid = env.persistenceId();
    return pid.substring(pid.indexOf('|') + 1);
  }
}
