package dev.perennial.bench.runtime;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.pattern.StatusReply;
import akka.actor.typed.javadsl.Behaviors;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps sharded agents busy: each works through packs of the add-rule environment one after the
 * other, the next assigned as soon as it reports the last finished — a user that always has work.
 * A pack that halts or is abandoned fails the run (the benchmark's agents never should).
 */
public final class AgentLoad {
  private final ActorSystem<?> system;
  private final ActorRef<AgentEntity.PackFinished> listener;
  private final Map<String, CompletableFuture<AgentEntity.PackFinished>> waiting = new ConcurrentHashMap<>();
  private final AddRuleEnvironment environment = new AddRuleEnvironment();
  private final int packSize;
  private long nextSeed = 1;

  AgentLoad(ActorSystem<?> system, int packSize) {
    this.system = system;
    this.packSize = packSize;
    this.listener = system.systemActorOf(Behaviors.receive(AgentEntity.PackFinished.class)
        .onMessage(AgentEntity.PackFinished.class, m -> {
          CompletableFuture<AgentEntity.PackFinished> f = waiting.remove(m.agentId());
          if (f != null) f.complete(m);
          return Behaviors.same();
        }).build(), "pack-listener", Props.empty());
  }

  /** Every agent in {@code agentIds} works {@code packs} packs; completes when all are done. */
  public CompletableFuture<Void> run(List<String> agentIds, int packs, Duration patience) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String id : agentIds) all.add(packs(id, packs, seeds(packs)).toCompletableFuture());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized long seeds(int n) {
    long first = nextSeed;
    nextSeed += n;
    return first;
  }

  private CompletionStage<Void> packs(String agentId, int left, long seed) {
    if (left == 0) return CompletableFuture.completedFuture(null);
    return onePack(agentId, environment.pack(PackSpec.train(seed, packSize))).thenCompose(done -> {
      if (!done.completed()) throw new IllegalStateException("agent " + agentId + " did not complete pack " + done.packId());
      return packs(agentId, left - 1, seed + 1);
    });
  }

  private CompletionStage<AgentEntity.PackFinished> onePack(String agentId, Pack pack) {
    CompletableFuture<AgentEntity.PackFinished> finished = new CompletableFuture<>();
    waiting.put(agentId, finished);
    CompletionStage<StatusReply<Done>> accepted = AgentEntity.ref(system, agentId).ask(
        replyTo -> new AgentEntity.AssignPack(pack, "", Optional.of(listener), replyTo), Duration.ofSeconds(30));
    // Akka's Java ask answers with Scala's CompletableFuture, whose thenApply/thenCompose run async on
    // the common pool: on a 2-core machine that is a new thread per call. Continue on the replying thread.
    CompletableFuture<StatusReply<Done>> reply = new CompletableFuture<>();
    accepted.whenCompleteAsync((r, e) -> {
      if (e != null) reply.completeExceptionally(e);
      else reply.complete(r);
    }, Runnable::run);
    return reply.thenCompose(r -> {
      if (r.isError()) throw new IllegalStateException("agent " + agentId + " refused pack " + pack.packId() + ": " + r.getError());
      return finished;
    });
  }
}
