package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import akka.persistence.typed.javadsl.EffectFactories;
import akka.persistence.typed.javadsl.ReplyEffect;
import dev.perennial.agents.deploy.TaskReply;
import java.util.List;

/**
 * The command handlers of a deployed agent ({@link AgentEntity.Deploy}, {@link AgentEntity.AssignTask},
 * {@link AgentEntity.ProvideFeedback}, {@link AgentEntity.GetTask}): each asks {@link DeploymentSteps}
 * for a decision and either answers the refusal or persists the events and answers from the new
 * state. Part of the entity, kept apart so each file reads as one concern.
 */
final class DeployedCommands {
  private final String agentId;
  private final EffectFactories<AgentEvent, AgentState> effects;
  private final DeploymentSteps steps;
  private final JournalWrites writes;
  private final AgentRuntime runtime;

  DeployedCommands(String agentId, EffectFactories<AgentEvent, AgentState> effects, DeploymentSteps steps, JournalWrites writes,
      AgentRuntime runtime) {
    this.agentId = agentId;
    this.effects = effects;
    this.steps = steps;
    this.writes = writes;
    this.runtime = runtime;
  }

  ReplyEffect<AgentEvent, AgentState> onDeploy(AgentState s, AgentEntity.Deploy c) {
    DeploymentSteps.Decision d = steps.deploy(s, c.profile(), now());
    if (d.refusal().isPresent()) return effects.reply(c.replyTo(), new DeployReply.Refused(d.refusal().get(), d.message()));
    return writes.persist(s, d.events()).thenRun(runtime::drive)
        .thenReply(c.replyTo(), st -> new DeployReply.Ok(AgentStatus.of(agentId, st)));
  }

  ReplyEffect<AgentEvent, AgentState> onAssignTask(AgentState s, AgentEntity.AssignTask c) {
    return decided(s, steps.accept(s, c.task(), c.notifyTo(), now()), c.task().taskId(), c.replyTo());
  }

  ReplyEffect<AgentEvent, AgentState> onProvideFeedback(AgentState s, AgentEntity.ProvideFeedback c) {
    return decided(s, steps.feedback(s, c.taskId(), c.feedback(), now()), c.taskId(), c.replyTo());
  }

  ReplyEffect<AgentEvent, AgentState> onGetTask(AgentState s, AgentEntity.GetTask c) {
    return effects.reply(c.replyTo(), Deployment.reply(s, agentId, c.taskId()));
  }

  ReplyEffect<AgentEvent, AgentState> onResumeWork(AgentState s, AgentEntity.ResumeWork c) {
    List<AgentEvent> events = steps.resume(s, now());
    return writes.persist(s, events).thenRun(runtime::drive).thenNoReply();
  }

  private ReplyEffect<AgentEvent, AgentState> decided(AgentState s, DeploymentSteps.Decision d, String taskId,
      ActorRef<TaskReply> replyTo) {
    if (d.refusal().isPresent()) return effects.reply(replyTo, new TaskReply.Refused(d.refusal().get(), d.message()));
    return writes.persist(s, d.events()).thenRun(runtime::drive).thenReply(replyTo, st -> Deployment.reply(st, agentId, taskId));
  }

  private static long now() { return System.currentTimeMillis(); }
}
