package dev.perennial.runtime.evaluation;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.environments.Pack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a batch of packs through real agents that live outside sharding, each with the same
 * {@link AgentDeps} (so a batch can use its own policy: an evaluation checkpoint, greedy sampling,
 * the SFT expert): it spawns one {@link AgentEntity} per assignment as a child, assigns its pack,
 * and answers {@link Finished} when every agent has finished (or, past {@code timeout}, with what
 * finished and the ids that did not). Agents persist their episodes to the journal as always; the
 * caller reads them back ({@link AgentEpisodes}). One-shot: started by {@link Run}, it stops after
 * answering (its agents with it).
 */
public final class PackRunner extends AbstractBehavior<PackRunner.Command> {
  public sealed interface Command {}

  /** Start: spawn the agents, assign their packs, answer {@code replyTo} when done. */
  public record Run(ActorRef<StatusReply<Finished>> replyTo) implements Command {}

  /** One agent and the pack it walks through under {@code groupId}. */
  public record Assignment(String agentId, Pack pack, String groupId) {}

  /** @param unfinished agents that did not finish in time (halted, or too slow) */
  public record Finished(List<AgentEntity.PackFinished> results, List<String> unfinished) {}

  private record AgentDone(AgentEntity.PackFinished result) implements Command {}

  private record Assigned(String agentId, Optional<String> error) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  private final List<Assignment> assignments;
  private final AgentDeps deps;
  private final Duration timeout;
  private final TimerScheduler<Command> timers;
  private final Map<String, AgentEntity.PackFinished> done = new HashMap<>();
  private ActorRef<StatusReply<Finished>> replyTo;

  public static Behavior<Command> create(List<Assignment> assignments, AgentDeps deps, Duration timeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new PackRunner(ctx, timers, assignments, deps, timeout)));
  }

  private PackRunner(ActorContext<Command> ctx, TimerScheduler<Command> timers, List<Assignment> assignments, AgentDeps deps,
      Duration timeout) {
    super(ctx);
    this.assignments = List.copyOf(assignments);
    this.deps = deps;
    this.timeout = timeout;
    this.timers = timers;
  }

  private Behavior<Command> onRun(Run run) {
    if (replyTo != null) {
      run.replyTo().tell(StatusReply.error("this pack runner is already running"));
      return this;
    }
    replyTo = run.replyTo();
    ActorContext<Command> ctx = getContext();
    ActorRef<AgentEntity.PackFinished> finished = ctx.messageAdapter(AgentEntity.PackFinished.class, AgentDone::new);
    for (Assignment a : assignments) {
      ActorRef<AgentEntity.Command> agent = ctx.spawn(AgentEntity.create(a.agentId(), deps), "agent-" + a.agentId().replaceAll("[^A-Za-z0-9_-]", "_"));
      ctx.askWithStatus(Done.class, agent, timeout,
          reply -> new AgentEntity.AssignPack(a.pack(), a.groupId(), Optional.of(finished), reply),
          (ok, err) -> new Assigned(a.agentId(), err == null ? Optional.empty() : Optional.of(String.valueOf(err.getMessage()))));
    }
    timers.startSingleTimer(TimedOut.INSTANCE, timeout);
    if (assignments.isEmpty()) ctx.getSelf().tell(TimedOut.INSTANCE);
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Run.class, this::onRun)
        .onMessage(AgentDone.class, this::onDone)
        .onMessage(Assigned.class, this::onAssigned)
        .onMessageEquals(TimedOut.INSTANCE, this::answer)
        .build();
  }

  private Behavior<Command> onAssigned(Assigned a) {
    if (a.error().isEmpty()) return this;
    replyTo.tell(StatusReply.error("agent " + a.agentId() + " did not take its pack: " + a.error().get()));
    return Behaviors.stopped();
  }

  private Behavior<Command> onDone(AgentDone d) {
    done.put(d.result().agentId(), d.result());
    return done.size() == assignments.size() ? answer() : this;
  }

  private Behavior<Command> answer() {
    List<AgentEntity.PackFinished> results = new ArrayList<>();
    List<String> unfinished = new ArrayList<>();
    for (Assignment a : assignments) {
      AgentEntity.PackFinished r = done.get(a.agentId());
      if (r == null) unfinished.add(a.agentId()); else results.add(r);
    }
    replyTo.tell(StatusReply.success(new Finished(results, unfinished)));
    return Behaviors.stopped();
  }
}
