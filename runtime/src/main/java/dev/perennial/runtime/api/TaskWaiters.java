package dev.perennial.runtime.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEntity;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Lets a task submission wait for its answer: the submission registers a future under the task,
 * and one node-wide actor — the {@code notifyTo} every waiting submission hands the agent —
 * completes it when the agent reports the task answered or failed. A wait that outlasts its
 * time gives up (the task goes on; the client fetches it later by id). After a node restart the
 * agent's report finds no one: nothing is lost, only the waiting.
 */
final class TaskWaiters {
  private final ConcurrentHashMap<String, CompletableFuture<TaskView>> waiting = new ConcurrentHashMap<>();
  private final ActorRef<AgentEntity.TaskResult> ref;

  TaskWaiters(ActorSystem<?> system) {
    this.ref = system.systemActorOf(Behaviors.receiveMessage(r -> {
      CompletableFuture<TaskView> f = waiting.remove(key(r.task().agentId(), r.task().taskId()));
      if (f != null) f.complete(r.task());
      return Behaviors.same();
    }), "perennial-task-waiters", Props.empty());
  }

  ActorRef<AgentEntity.TaskResult> ref() { return ref; }

  /** Registers a wait; completes with the settled task, or empty after {@code patience}. */
  CompletionStage<Optional<TaskView>> await(String agentId, String taskId, Duration patience) {
    String key = key(agentId, taskId);
    CompletableFuture<TaskView> f = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    return f.copy().orTimeout(patience.toMillis(), TimeUnit.MILLISECONDS).handle((v, err) -> {
      if (err != null) waiting.remove(key, f);
      return Optional.ofNullable(v);
    });
  }

  /** Drops a wait that will never be answered (the agent refused the task). */
  void cancel(String agentId, String taskId) {
    CompletableFuture<TaskView> f = waiting.remove(key(agentId, taskId));
    if (f != null) f.complete(null);
  }

  int size() { return waiting.size(); }

  private static String key(String agentId, String taskId) { return agentId + "\u0000" + taskId; }
}
