package dev.perennial.agents.entity;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import dev.perennial.agents.entity.AgentEvent.PackAbandoned;
import dev.perennial.agents.entity.AgentEvent.PackCompleted;
import dev.perennial.agents.entity.AgentEvent.PackHalted;
import dev.perennial.agents.entity.AgentEvent.PackResumed;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.deploy.TaskReply;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.execution.ToolExecutor;
import dev.perennial.agents.execution.VerifierWorker;
import dev.perennial.agents.policy.Generation;
import dev.perennial.environments.Pack;
import dev.perennial.persistence.CborSerializable;
import dev.perennial.persistence.PersistenceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One long-lived CoD agent: an event-sourced, sharded entity per agent id. Given a pack, it runs
 * solve-task and update-context episodes in turn (solve x0, update, solve x1, …, solve x_{n−1}),
 * rewriting its hints after every solve but the last. Policy calls go through {@code pipeToSelf},
 * tool calls and scoring through supervised children ({@link ToolExecutor}, {@link VerifierWorker});
 * only their results are persisted, so replaying the journal calls none of them. After a restart
 * it re-drives whatever was in flight. Lives under Cluster Sharding ({@link #init}); an idle agent
 * passivates itself, and with remember-entities on, one in the middle of a pack is restarted by
 * sharding when its node comes back. A deployed agent ({@link Deploy}) takes outside tasks instead
 * of packs: each is solved, answered, and once its reward is known (a verifier, or feedback from
 * outside) followed by an update-context episode — CoD in deployment ({@link DeploymentSteps}).
 */
public final class AgentEntity extends EventSourcedBehaviorWithEnforcedReplies<AgentEntity.Command, AgentEvent, AgentState> {
  public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "Agent");

  public sealed interface Command extends CborSerializable {}

  /** Work through {@code pack}; {@code groupId} names the rollout group (empty: a group of one). */
  public record AssignPack(Pack pack, String groupId, Optional<ActorRef<PackFinished>> notifyTo,
      ActorRef<StatusReply<Done>> replyTo) implements Command {
    public AssignPack(Pack pack, String groupId, ActorRef<StatusReply<Done>> replyTo) {
      this(pack, groupId, Optional.empty(), replyTo);
    }
  }

  public record GetStatus(ActorRef<AgentStatus> replyTo) implements Command {}

  /** Continue a pack halted by policy failures. */
  public record ResumePack(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Give up the pack in progress; its unfinished episode never reaches the episode stream. */
  public record AbandonPack(String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Sent to an assignment's {@code notifyTo} when the pack is done ({@code completed} false: abandoned). */
  public record PackFinished(String agentId, String packId, String groupId, int run, boolean completed, int tasks,
      int successes, double rewardSum) implements CborSerializable {}

  /** Deploy this agent: it takes outside tasks from now on (a retry with the same profile is answered Ok again). */
  public record Deploy(AgentProfile profile, ActorRef<DeployReply> replyTo) implements Command {}

  /** Queue an outside task; {@code notifyTo} hears once its answer is out (or it failed). Resubmitting an id changes nothing. */
  public record AssignTask(ExternalTask task, Optional<ActorRef<TaskResult>> notifyTo, ActorRef<TaskReply> replyTo)
      implements Command {}

  /** Outside feedback on an answered task: closes its solve episode with this reward and starts its update episode. */
  public record ProvideFeedback(String taskId, Feedback feedback, ActorRef<TaskReply> replyTo) implements Command {}

  public record GetTask(String taskId, ActorRef<TaskReply> replyTo) implements Command {}

  /** Sent to an outside task's {@code notifyTo} once its answer is out or it failed. */
  public record TaskResult(TaskView task) implements CborSerializable {}

  /** A deployed agent with queued work and no episode in flight starts the next one. */
  record ResumeWork() implements Command {}

  record TurnReady(String episodeId, int turnIndex, Generation generation) implements Command {}

  record TurnFailed(String episodeId, int turnIndex, String reason, boolean retryable) implements Command {}

  record RetryTurn(String episodeId, int turnIndex) implements Command {}

  record ToolOutcomeReceived(ToolExecutor.Outcome outcome) implements Command {}

  record ExecutorStopped(String episodeId, String callId) implements Command {}

  record VerifierOutcomeReceived(VerifierWorker.Outcome outcome) implements Command {}

  record VerifierStopped(String episodeId) implements Command {}

  record PassivateIfIdle() implements Command {}

  private final String agentId;
  private final AgentSettings settings;
  private final EnvironmentLookup environments;
  private final EpisodeSteps steps;
  private final DeploymentSteps deployment;
  private final AgentRuntime runtime;
  private final JournalWrites writes;
  private final DeployedCommands deployed;
  private final ChildOutcomes children;
  private final ActorContext<Command> ctx;
  private final String episodeTag;

  private AgentEntity(ActorContext<Command> ctx, TimerScheduler<Command> timers, String agentId, AgentDeps deps,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(PersistenceId.of(KEY.name(), agentId),
        SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    this.ctx = ctx;
    this.agentId = agentId;
    this.settings = deps.settings();
    this.environments = deps.environments();
    this.steps = new EpisodeSteps(agentId, deps.settings(), deps.tools(), deps.environments());
    this.deployment = new DeploymentSteps(agentId, deps, steps);
    this.runtime = new AgentRuntime(ctx, timers, deps, steps, shard);
    this.writes = new JournalWrites(agentId, Effect(), deps.observer(), runtime, ctx);
    this.deployed = new DeployedCommands(agentId, Effect(), deployment, writes, runtime);
    this.children = new ChildOutcomes(agentId, ctx.getLog(), runtime, steps, deployment);
    this.episodeTag = PersistenceSettings.from(ctx.getSystem().settings().config()).episodeTag();
  }

  /** The agent outside sharding (tests, embedded use): it stops itself instead of passivating. */
  public static Behavior<Command> create(String agentId, AgentDeps deps) {
    return create(agentId, deps, Optional.empty());
  }

  static Behavior<Command> create(String agentId, AgentDeps deps, Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new AgentEntity(ctx, timers, agentId, deps, shard)));
  }

  /**
   * Registers agents with Cluster Sharding on this node (call once, after the journal schema
   * exists). A single node runs sharded too: it needs {@code akka.actor.provider = cluster} and to
   * have joined itself.
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, AgentDeps deps) {
    ClusterShardingSettings sharding = ClusterShardingSettings.create(system);
    if (deps.settings().rememberEntities()) {
      sharding = sharding.withRememberEntities(true)
          .withRememberEntitiesStoreMode(ClusterShardingSettings.rememberEntitiesStoreModeEventSourced());
    } else {
      sharding = sharding.withNoPassivationStrategy(); // agents passivate themselves, only when idle
    }
    return ClusterSharding.get(system).init(
        Entity.of(KEY, ec -> create(ec.getEntityId(), deps, Optional.of(ec.getShard()))).withSettings(sharding));
  }

  /** Where to send commands for agent {@code agentId}, on whichever node it lives. */
  public static EntityRef<Command> ref(ActorSystem<?> system, String agentId) {
    return ClusterSharding.get(system).entityRefFor(KEY, agentId);
  }

  @Override
  public AgentState emptyState() { return AgentState.empty(settings.prompt().noHintsText()); }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public Set<String> tagsFor(AgentEvent event) {
    return event instanceof AgentEvent.EpisodeCompleted ? Set.of(episodeTag) : Set.of();
  }

  @Override
  public SignalHandler<AgentState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.working() && state.deployed()) {
            ctx.getLog().info("agent {} recovered with {} outside tasks not yet answered: resuming", agentId,
                state.deployment().get().unanswered());
          } else if (state.working()) {
            ctx.getLog().info("agent {} recovered in pack {} at position {}: resuming", agentId,
                state.pack().map(p -> p.pack().packId()).orElse("?"), state.pack().map(PackRun::position).orElse(0));
          }
          runtime.drive(state);
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, AgentEvent, AgentState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), AgentStatus.of(agentId, s)))
        .onCommand(AssignPack.class, this::onAssignPack)
        .onCommand(ResumePack.class, this::onResumePack)
        .onCommand(AbandonPack.class, this::onAbandonPack)
        .onCommand(Deploy.class, deployed::onDeploy)
        .onCommand(AssignTask.class, deployed::onAssignTask)
        .onCommand(ProvideFeedback.class, deployed::onProvideFeedback)
        .onCommand(GetTask.class, deployed::onGetTask)
        .onCommand(ResumeWork.class, deployed::onResumeWork)
        .onCommand(TurnReady.class, this::onTurnReady)
        .onCommand(TurnFailed.class, this::onTurnFailed)
        .onCommand(RetryTurn.class, this::onRetryTurn)
        .onCommand(ToolOutcomeReceived.class, (s, c) -> onChild(s, children.tool(s, c.outcome())))
        .onCommand(ExecutorStopped.class, (s, c) -> onChild(s, children.executorStopped(s, c.callId())))
        .onCommand(VerifierOutcomeReceived.class, (s, c) -> onChild(s, children.verdict(s, c.outcome())))
        .onCommand(VerifierStopped.class, (s, c) -> onChild(s, children.verifierStopped(s, c.episodeId())))
        .onCommand(PassivateIfIdle.class, this::onPassivateIfIdle)
        .build();
  }

  // ---- public commands

  private ReplyEffect<AgentEvent, AgentState> onAssignPack(AgentState s, AssignPack c) {
    if (s.deployed()) {
      return Effect().reply(c.replyTo(), StatusReply.error("agent " + agentId + " is deployed: it takes outside tasks, not packs"));
    }
    if (s.busy()) {
      return Effect().reply(c.replyTo(), StatusReply.error("agent " + agentId + " is busy with pack "
          + s.pack().map(p -> p.pack().packId()).orElse("?") + " (position " + s.pack().map(PackRun::position).orElse(0)
          + "); abandon it first"));
    }
    if (environments.find(c.pack().environment()).isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("unknown environment '" + c.pack().environment() + "'"));
    }
    List<AgentEvent> events;
    try {
      events = steps.assign(s, c.pack(), c.groupId(), c.notifyTo(), now());
    } catch (RuntimeException e) {
      return Effect().reply(c.replyTo(), StatusReply.error("could not start pack " + c.pack().packId() + ": " + e));
    }
    return writes.persist(s, events).thenRun(runtime::drive).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<AgentEvent, AgentState> onResumePack(AgentState s, ResumePack c) {
    if (!s.halted()) return Effect().reply(c.replyTo(), StatusReply.error("agent " + agentId + " is not halted"));
    runtime.resetRetries();
    return writes.persist(s, List.of(new PackResumed(now()))).thenRun(runtime::drive).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<AgentEvent, AgentState> onAbandonPack(AgentState s, AbandonPack c) {
    if (!s.busy()) return Effect().reply(c.replyTo(), StatusReply.error("agent " + agentId + " has no pack in progress"));
    runtime.abandon(s.episode(), s.pack());
    return writes.persist(s, List.of(new PackAbandoned(c.reason(), now())))
        .thenRun(st -> {
          notifyFinished(s.pack().orElseThrow(), false);
          runtime.drive(st);
        })
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  // ---- policy turns

  private ReplyEffect<AgentEvent, AgentState> onTurnReady(AgentState s, TurnReady c) {
    runtime.turnSettled(c.episodeId(), c.turnIndex());
    Optional<Episode> ep = s.awaiting(Episode.Phase.AWAITING_TURN, c.episodeId()).filter(e -> e.turns().size() == c.turnIndex());
    if (ep.isEmpty() || !s.working()) return Effect().noReply(); // an answer for a turn already recorded or abandoned
    try {
      return persistAndDrive(s, s.deployed()
          ? deployment.turn(s, s.currentTask().orElseThrow(), ep.get(), c.generation(), now())
          : steps.turn(s, s.pack().orElseThrow(), ep.get(), c.generation(), now()));
    } catch (EpisodeSteps.InvalidGeneration e) {
      return halt(s, e.getMessage());
    } catch (RuntimeException e) {
      return halt(s, "internal error while recording a turn: " + e);
    }
  }

  private ReplyEffect<AgentEvent, AgentState> onTurnFailed(AgentState s, TurnFailed c) {
    runtime.turnSettled(c.episodeId(), c.turnIndex());
    if (s.awaiting(Episode.Phase.AWAITING_TURN, c.episodeId()).isEmpty() || !s.working()) return Effect().noReply();
    if (c.retryable() && runtime.scheduleRetry(c.episodeId(), c.turnIndex())) return Effect().noReply();
    return halt(s, "the policy failed: " + c.reason());
  }

  private ReplyEffect<AgentEvent, AgentState> onRetryTurn(AgentState s, RetryTurn c) {
    runtime.drive(s);
    return Effect().noReply();
  }

  // ---- supervised children (ChildOutcomes decides; a stale answer changes nothing)

  private ReplyEffect<AgentEvent, AgentState> onChild(AgentState s, Optional<Supplier<List<AgentEvent>>> decision) {
    return decision.map(d -> decide(s, d)).orElseGet(() -> Effect().noReply());
  }

  // ---- lifecycle

  private ReplyEffect<AgentEvent, AgentState> onPassivateIfIdle(AgentState s, PassivateIfIdle c) {
    if (s.working()) return Effect().noReply();
    if (runtime.passivate()) return Effect().noReply();
    return Effect().stop().thenNoReply();
  }

  /** The pack halts (ResumePack continues it); a deployed agent instead fails the task in flight and moves on. */
  private ReplyEffect<AgentEvent, AgentState> halt(AgentState s, String reason) {
    if (s.deployed()) {
      ctx.getLog().warn("agent {} gives up task {}: {}", agentId, s.currentTask().map(TaskEntry::taskId).orElse("?"), reason);
      List<AgentEvent> events = deployment.failed(s, reason, now());
      return events.isEmpty() ? Effect().noReply() : persistAndDrive(s, events);
    }
    ctx.getLog().warn("agent {} halts its pack: {}", agentId, reason);
    return writes.persist(s, List.of(new PackHalted(reason, now()))).thenRun(runtime::drive).thenNoReply();
  }

  /** A decision that throws is a bug (or a broken environment): halt the pack with it rather than crash-loop. */
  private ReplyEffect<AgentEvent, AgentState> decide(AgentState s, Supplier<List<AgentEvent>> decision) {
    List<AgentEvent> events;
    try {
      events = decision.get();
    } catch (RuntimeException e) {
      return halt(s, "internal error: " + e);
    }
    return persistAndDrive(s, events);
  }

  private ReplyEffect<AgentEvent, AgentState> persistAndDrive(AgentState s, List<AgentEvent> events) {
    boolean completesPack = events.stream().anyMatch(e -> e instanceof PackCompleted);
    return writes.persist(s, events)
        .thenRun(st -> {
          if (completesPack) st.pack().ifPresent(p -> notifyFinished(p, true));
          runtime.drive(st);
        })
        .thenNoReply();
  }

  private void notifyFinished(PackRun p, boolean completed) {
    p.notifyTo().ifPresent(ref -> ref.tell(new PackFinished(agentId, p.pack().packId(), p.groupId(), p.run(), completed,
        p.pack().size(), p.successes(), p.rewardSum())));
  }

  @Override
  public EventHandler<AgentState, AgentEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(AgentState::apply);
  }

  private static long now() { return System.currentTimeMillis(); }
}
