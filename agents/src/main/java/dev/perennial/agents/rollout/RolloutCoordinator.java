package dev.perennial.agents.rollout;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.pattern.StatusReply;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs a rollout group: G agents on the same pack (one generated pack: same seed, same tasks, same
 * hidden rule) under one group id, so the learner finds G comparable sequences in the episode
 * stream. It generates the pack off the actor thread, assigns it to every agent, and replies
 * {@link GroupFinished} once every agent has finished its sequence. One per node (or per caller);
 * not persistent: the agents persist their own progress, and the learner reads the stream, so a
 * coordinator lost in a crash loses only its reply.
 */
public final class RolloutCoordinator extends AbstractBehavior<RolloutCoordinator.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Generate the pack {@code spec} of {@code environment} and run it on each of {@code agentIds}. */
  public record RunGroup(String groupId, String environment, PackSpec spec, List<String> agentIds,
      ActorRef<StatusReply<GroupFinished>> replyTo) implements Command {}

  /** Every agent of the group finished the pack (or abandoned it: see each result's {@code completed}). */
  public record GroupFinished(String groupId, String packId, List<AgentEntity.PackFinished> results) implements CborSerializable {
    public GroupFinished {
      results = List.copyOf(results);
    }
  }

  record PackReady(String groupId, Pack pack) implements Command {}

  record PackFailed(String groupId, String reason) implements Command {}

  record Assigned(String groupId, String agentId, Optional<String> error) implements Command {}

  record AgentFinished(AgentEntity.PackFinished result) implements Command {}

  private static final class Group {
    final RunGroup request;
    final Map<String, AgentEntity.PackFinished> finished = new HashMap<>();
    Pack pack;

    Group(RunGroup request) { this.request = request; }
  }

  private final EnvironmentLookup environments;
  private final Function<String, RecipientRef<AgentEntity.Command>> agents;
  private final Duration askTimeout;
  private final ActorRef<AgentEntity.PackFinished> finishedAdapter;
  private final Map<String, Group> groups = new HashMap<>();

  /**
   * @param agents     how to reach an agent by id, e.g. {@code id -> AgentEntity.ref(system, id)}
   * @param askTimeout how long an agent may take to accept an assignment
   */
  public static Behavior<Command> create(EnvironmentLookup environments, Function<String, RecipientRef<AgentEntity.Command>> agents,
      Duration askTimeout) {
    return Behaviors.setup(ctx -> new RolloutCoordinator(ctx, environments, agents, askTimeout));
  }

  private RolloutCoordinator(ActorContext<Command> ctx, EnvironmentLookup environments,
      Function<String, RecipientRef<AgentEntity.Command>> agents, Duration askTimeout) {
    super(ctx);
    this.environments = environments;
    this.agents = agents;
    this.askTimeout = askTimeout;
    this.finishedAdapter = ctx.messageAdapter(AgentEntity.PackFinished.class, AgentFinished::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RunGroup.class, this::onRunGroup)
        .onMessage(PackReady.class, this::onPackReady)
        .onMessage(PackFailed.class, this::onPackFailed)
        .onMessage(Assigned.class, this::onAssigned)
        .onMessage(AgentFinished.class, this::onAgentFinished)
        .build();
  }

  private Behavior<Command> onRunGroup(RunGroup r) {
    Optional<String> invalid = validate(r);
    if (invalid.isPresent()) {
      r.replyTo().tell(StatusReply.error(invalid.get()));
      return this;
    }
    Environment env = environments.find(r.environment()).orElseThrow();
    groups.put(r.groupId(), new Group(r));
    // pack generation may load a dataset: keep it off the actor's dispatcher
    var blocking = getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> env.pack(r.spec()), blocking),
        (pack, err) -> err == null ? new PackReady(r.groupId(), pack)
            : new PackFailed(r.groupId(), "could not generate the pack: " + rootMessage(err)));
    return this;
  }

  private Optional<String> validate(RunGroup r) {
    if (r.groupId() == null || r.groupId().isBlank()) return Optional.of("a group needs a group id");
    if (groups.containsKey(r.groupId())) return Optional.of("group " + r.groupId() + " is already running");
    if (r.agentIds().isEmpty()) return Optional.of("a group needs at least one agent");
    if (new HashSet<>(r.agentIds()).size() != r.agentIds().size()) return Optional.of("the agent ids of a group must differ");
    if (environments.find(r.environment()).isEmpty()) return Optional.of("unknown environment '" + r.environment() + "'");
    return Optional.empty();
  }

  private Behavior<Command> onPackReady(PackReady m) {
    Group g = groups.get(m.groupId());
    if (g == null) return this;
    g.pack = m.pack();
    for (String agentId : g.request.agentIds()) {
      getContext().askWithStatus(Done.class, agents.apply(agentId), askTimeout,
          replyTo -> new AgentEntity.AssignPack(m.pack(), m.groupId(), Optional.of(finishedAdapter), replyTo),
          (done, err) -> new Assigned(m.groupId(), agentId, err == null ? Optional.empty() : Optional.of(rootMessage(err))));
    }
    return this;
  }

  private Behavior<Command> onPackFailed(PackFailed m) {
    Group g = groups.remove(m.groupId());
    if (g != null) g.request.replyTo().tell(StatusReply.error(m.reason()));
    return this;
  }

  private Behavior<Command> onAssigned(Assigned m) {
    if (m.error().isEmpty()) return this;
    Group g = groups.remove(m.groupId());
    if (g == null) return this;
    // an incomplete group is useless to the learner: stop the agents that did take the pack
    Set<String> others = new HashSet<>(g.request.agentIds());
    others.remove(m.agentId());
    ActorRef<StatusReply<Done>> ignore = getContext().getSystem().ignoreRef();
    others.forEach(id -> agents.apply(id).tell(new AgentEntity.AbandonPack("group " + m.groupId() + " failed", ignore)));
    g.request.replyTo().tell(StatusReply.error("agent " + m.agentId() + " did not take the pack of group " + m.groupId() + ": "
        + m.error().get()));
    return this;
  }

  private Behavior<Command> onAgentFinished(AgentFinished m) {
    Group g = groups.get(m.result().groupId());
    if (g == null || g.pack == null || !g.pack.packId().equals(m.result().packId())) return this;
    g.finished.put(m.result().agentId(), m.result());
    if (g.finished.size() == g.request.agentIds().size()) {
      groups.remove(m.result().groupId());
      List<AgentEntity.PackFinished> results = new ArrayList<>();
      g.request.agentIds().forEach(id -> results.add(g.finished.get(id)));
      g.request.replyTo().tell(StatusReply.success(new GroupFinished(g.request.groupId(), g.pack.packId(), results)));
    }
    return this;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
