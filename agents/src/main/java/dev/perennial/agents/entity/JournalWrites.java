package dev.perennial.agents.entity;

import akka.actor.typed.javadsl.ActorContext;
import akka.persistence.typed.javadsl.EffectBuilder;
import akka.persistence.typed.javadsl.EffectFactories;
import java.util.List;

/**
 * How an agent persists: every batch goes through here, so that once the journal confirms it the
 * observer sees it (with the time from the command to the confirmation: the journal write latency)
 * and a deployed agent's answered or failed tasks are reported to whoever waits for them.
 */
final class JournalWrites {
  private final String agentId;
  private final EffectFactories<AgentEvent, AgentState> effects;
  private final AgentObserver observer;
  private final AgentRuntime runtime;
  private final ActorContext<AgentEntity.Command> ctx;

  JournalWrites(String agentId, EffectFactories<AgentEvent, AgentState> effects, AgentObserver observer, AgentRuntime runtime,
      ActorContext<AgentEntity.Command> ctx) {
    this.agentId = agentId;
    this.effects = effects;
    this.observer = observer;
    this.runtime = runtime;
    this.ctx = ctx;
  }

  EffectBuilder<AgentEvent, AgentState> persist(AgentState before, List<AgentEvent> events) {
    if (events.isEmpty()) return effects.none();
    long start = System.nanoTime();
    return effects.persist(events).thenRun(after -> {
      try {
        observer.persisted(agentId, events, System.nanoTime() - start);
      } catch (RuntimeException e) {
        ctx.getLog().warn("agent {}: the observer failed: {}", agentId, e.toString());
      }
      if (before.deployed()) runtime.tasksSettled(before, events, after);
    });
  }
}
