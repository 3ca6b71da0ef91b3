package dev.perennial.runtime.cluster;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.persistence.CborSerializable;
import dev.perennial.runtime.cluster.DriverState.GroupFinished;
import dev.perennial.runtime.cluster.DriverState.GroupLaunched;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs rollout groups on the cluster's agents for as long as training lasts, and is what brings
 * agents back after a crash. Sharding does not remember agents, so after a node is lost its agents
 * stay asleep until a message reaches them: the driver polls every agent of every group in flight
 * (on start, every {@code poll-interval}, and when an agent reports its pack finished), which wakes
 * each one on a surviving node, where it recovers from its journal and re-drives its work.
 *
 * <p>A persistent cluster singleton ({@link #init}; role {@code agent} in the cluster profile). Each group is journaled
 * ({@link GroupLaunched}) before any agent hears of it, so a driver restarted on another node
 * continues the same groups: the pack is regenerated from its spec (same spec, same pack), an
 * agent that already holds the group is left alone (assignment is idempotent), completion is read
 * from the agents' status rather than from replies that died with a node, and an agent halted by
 * policy failures is resumed after {@code resume-halted-after}. Slot s runs its groups one after
 * another on agents {@code <prefix>-s-0 … <prefix>-s-(G-1)}.
 */
public final class RolloutDriver extends EventSourcedBehavior<RolloutDriver.Command, DriverState.Event, DriverState> {
  /** Singleton name and persistence id ("rollout-driver" is the train job's own driver). */
  public static final String NAME = "cluster-rollout-driver";

  public sealed interface Command extends CborSerializable {}

  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  /** Groups launched and finished so far; {@code done} once {@code groups} (when not 0) have finished. */
  public record Progress(long launched, long finished, long groups, Map<Integer, Long> running, boolean done)
      implements CborSerializable {}

  /** Hand-over (the singleton moves) or shutdown: stop; the successor recovers the journal. */
  public record Stop() implements Command {}

  private record Tick() implements Command {}

  private record PackReady(long group, Pack pack) implements Command {}

  private record PackFailed(long group, String reason) implements Command {}

  private record Observed(long group, String agentId, Optional<AgentStatus> status, String error) implements Command {}

  private record Assigned(long group, String agentId, Optional<String> error) implements Command {}

  private record AgentReported(AgentEntity.PackFinished finished) implements Command {}

  /** A group in flight, as this incarnation of the driver sees it. */
  private static final class Running {
    final long group;
    final int slot;
    final String groupId;
    final List<String> agents;
    final Map<String, AgentStatus> ofGroup = new HashMap<>();
    final Set<String> assigning = new HashSet<>();
    final Map<String, Long> haltedSince = new HashMap<>();
    Pack pack;
    boolean generating;
    boolean finishing;

    Running(long group, int slot, DriverSettings s) {
      this.group = group;
      this.slot = slot;
      this.groupId = s.groupId(group);
      this.agents = s.agentsOf(slot);
    }

    boolean allFinished() {
      return agents.stream().allMatch(a -> ofGroup.containsKey(a) && ofGroup.get(a).activity() == AgentStatus.Activity.IDLE);
    }
  }

  private final ActorContext<Command> ctx;
  private final DriverSettings settings;
  private final Environment environment;
  private final ActorRef<AgentEntity.PackFinished> reports;
  private final Map<Long, Running> running = new HashMap<>();

  private RolloutDriver(ActorContext<Command> ctx, TimerScheduler<Command> timers, DriverSettings settings, Environment environment) {
    super(PersistenceId.ofUniqueId(NAME), SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2));
    this.ctx = ctx;
    this.settings = settings;
    this.environment = environment;
    this.reports = ctx.messageAdapter(AgentEntity.PackFinished.class, AgentReported::new);
    timers.startTimerWithFixedDelay(new Tick(), settings.pollInterval());
  }

  public static Behavior<Command> create(DriverSettings settings, EnvironmentLookup environments) {
    Environment env = environments.find(settings.environment()).orElseThrow(() -> new IllegalArgumentException(
        "perennial.runtime.driver.environment: unknown environment '" + settings.environment() + "'"));
    Behavior<Command> driver = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RolloutDriver(ctx, timers, settings, env)));
    return Behaviors.supervise(driver).onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2));
  }

  /** Starts the driver as this cluster's singleton on {@code settings.role()} and returns its proxy. */
  public static ActorRef<Command> init(ActorSystem<?> system, DriverSettings settings, EnvironmentLookup environments) {
    return ClusterSingleton.get(system).init(SingletonActor.of(create(settings, environments), NAME)
        .withSettings(settings.role().isBlank() ? ClusterSingletonSettings.create(system).withNoRole()
            : ClusterSingletonSettings.create(system).withRole(settings.role()))
        .withStopMessage(new Stop()));
  }

  @Override
  public DriverState emptyState() { return DriverState.empty(); }

  @Override
  public RetentionCriteria retentionCriteria() { return RetentionCriteria.snapshotEvery(100, 2); }

  @Override
  public SignalHandler<DriverState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> {
          ctx.getLog().info("rollout driver recovered: {} groups launched, {} finished, running {}", s.launched(), s.finished(), s.running());
          s.running().forEach((slot, group) -> start(group, slot));
          ctx.getSelf().tell(new Tick());
        })
        .build();
  }

  @Override
  public CommandHandler<Command, DriverState.Event, DriverState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Tick.class, (s, c) -> {
          running.values().forEach(this::poll);
          return launchFree(s);
        })
        .onCommand(PackReady.class, this::onPackReady)
        .onCommand(PackFailed.class, (s, c) -> {
          Optional.ofNullable(running.get(c.group())).ifPresent(r -> r.generating = false);
          ctx.getLog().error("rollout driver: group {}: {} (retrying)", c.group(), c.reason());
          return Effect().none();
        })
        .onCommand(Observed.class, this::onObserved)
        .onCommand(Assigned.class, (s, c) -> {
          Optional.ofNullable(running.get(c.group())).ifPresent(r -> r.assigning.remove(c.agentId()));
          c.error().ifPresent(e -> ctx.getLog().warn("rollout driver: agent {} did not take group {}: {}", c.agentId(), c.group(), e));
          return Effect().none();
        })
        .onCommand(AgentReported.class, (s, c) -> {
          running.values().stream().filter(r -> r.groupId.equals(c.finished().groupId())).forEach(this::poll);
          return Effect().none();
        })
        .onCommand(GetProgress.class, (s, c) -> {
          c.replyTo().tell(new Progress(s.launched(), s.finished(), settings.groups(), s.running(),
              settings.groups() > 0 && s.finished() >= settings.groups()));
          return Effect().none();
        })
        .onCommand(Stop.class, (s, c) -> Effect().stop())
        .build();
  }

  /** Journals a group for every free slot (while groups remain), then starts them. */
  private Effect<DriverState.Event, DriverState> launchFree(DriverState s) {
    List<DriverState.Event> launches = new ArrayList<>();
    long next = s.launched();
    for (int slot = 0; slot < settings.parallelGroups(); slot++) {
      if (s.running().containsKey(slot) || (settings.groups() > 0 && next >= settings.groups())) continue;
      launches.add(new GroupLaunched(++next, slot));
    }
    if (launches.isEmpty()) return Effect().none();
    return Effect().persist(launches).thenRun(st -> launches.forEach(e -> {
      GroupLaunched l = (GroupLaunched) e;
      ctx.getLog().info("rollout driver: group {} ({}) launched on slot {}", l.group(), settings.groupId(l.group()), l.slot());
      start(l.group(), l.slot());
    }));
  }

  private void start(long group, int slot) {
    running.computeIfAbsent(group, g -> new Running(g, slot, settings));
    poll(running.get(group));
  }

  /** Generates the pack (off this dispatcher: it may load data), or asks every agent where it stands. */
  private void poll(Running r) {
    if (r.finishing) return;
    if (r.pack == null) {
      if (r.generating) return;
      r.generating = true;
      var blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> environment.pack(settings.packOf(r.group)), blocking),
          (pack, err) -> err == null ? new PackReady(r.group, pack) : new PackFailed(r.group, String.valueOf(err.getMessage())));
      return;
    }
    for (String agentId : r.agents) {
      ctx.ask(AgentStatus.class, AgentEntity.ref(ctx.getSystem(), agentId), settings.askTimeout(), AgentEntity.GetStatus::new,
          (status, err) -> new Observed(r.group, agentId, Optional.ofNullable(status), err == null ? "" : String.valueOf(err.getMessage())));
    }
  }

  private Effect<DriverState.Event, DriverState> onPackReady(DriverState s, PackReady c) {
    Running r = running.get(c.group());
    if (r != null) {
      r.generating = false;
      r.pack = c.pack();
      poll(r);
    }
    return Effect().none();
  }

  private Effect<DriverState.Event, DriverState> onObserved(DriverState s, Observed c) {
    Running r = running.get(c.group());
    if (r == null || r.finishing || c.status().isEmpty()) return Effect().none(); // a timed-out ask: the next poll asks again
    AgentStatus status = c.status().get();
    if (status.groupId().filter(r.groupId::equals).isPresent()) {
      r.ofGroup.put(c.agentId(), status);
      resumeIfHalted(r, c.agentId(), status);
    } else {
      r.ofGroup.remove(c.agentId());
      if (status.activity() == AgentStatus.Activity.IDLE) {
        assign(r, c.agentId());
      } else {
        ctx.getLog().warn("rollout driver: agent {} is busy with group {}, not {}", c.agentId(), status.groupId().orElse("?"), r.groupId);
      }
    }
    if (!r.allFinished()) return Effect().none();
    r.finishing = true;
    return Effect().persist(new GroupFinished(r.group, r.slot)).thenRun(st -> {
      running.remove(r.group);
      ctx.getLog().info("rollout driver: group {} finished ({} of {} groups)", r.groupId, st.finished(),
          settings.groups() == 0 ? "unlimited" : settings.groups());
      ctx.getSelf().tell(new Tick());
    });
  }

  private void assign(Running r, String agentId) {
    if (!r.assigning.add(agentId)) return;
    ctx.askWithStatus(Done.class, AgentEntity.ref(ctx.getSystem(), agentId), settings.askTimeout(),
        replyTo -> new AgentEntity.AssignPack(r.pack, r.groupId, Optional.of(reports), replyTo),
        (done, err) -> new Assigned(r.group, agentId, err == null ? Optional.empty() : Optional.of(String.valueOf(err.getMessage()))));
  }

  private void resumeIfHalted(Running r, String agentId, AgentStatus status) {
    if (status.activity() != AgentStatus.Activity.HALTED) {
      r.haltedSince.remove(agentId);
      return;
    }
    long now = System.currentTimeMillis();
    long since = r.haltedSince.computeIfAbsent(agentId, a -> now);
    if (now - since < settings.resumeHaltedAfter().toMillis()) return;
    ctx.getLog().warn("rollout driver: resuming agent {} (halted: {})", agentId, status.haltReason().orElse("?"));
    r.haltedSince.remove(agentId);
    AgentEntity.ref(ctx.getSystem(), agentId).tell(new AgentEntity.ResumePack(ctx.getSystem().ignoreRef()));
  }

  @Override
  public EventHandler<DriverState, DriverState.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(GroupLaunched.class, DriverState::apply)
        .onEvent(GroupFinished.class, DriverState::apply)
        .build();
  }
}
