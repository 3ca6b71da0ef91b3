package dev.perennial.runtime.train;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Keeps the RL phase's rollout groups running: up to {@code inFlight} groups at once, each G
 * sharded agents ({@code rl-g<i>-a<j>}) on one training pack under group id {@code rl/g<i>}. It is
 * event-sourced so that a crash neither repeats nor forgets a group: {@code GroupLaunched} is
 * persisted before the agents are told, and after recovery it polls the agents of every group in
 * flight (agents resume their packs by themselves, sharding remembers them) and assigns the pack to
 * any agent that never got it. Completion is learned by polling agent status (a finished pack's
 * notification does not survive a crash). Stops launching when told, or when the learner says it
 * has enough.
 */
public final class RolloutDriver extends EventSourcedBehavior<RolloutDriver.Command, RolloutDriver.Event, RolloutDriver.State> {
  public static final String NAME = "rollout-driver";

  public sealed interface Command extends CborSerializable {}

  /** Launch no more groups; those in flight finish on their own. */
  public record StopLaunching(ActorRef<Done> replyTo) implements Command {}

  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  /** Launch no more groups and abandon the packs of those in flight (their episodes so far stay in the journal). */
  public record AbandonInFlight(ActorRef<Done> replyTo) implements Command {}

  /** Groups launched and finished so far. */
  public record Progress(int launched, int finished, int inFlight, boolean launching) implements CborSerializable {}

  private enum Tick implements Command { INSTANCE }

  private record PackReady(int index, Pack pack) implements Command {}

  private record PackFailed(int index, String reason) implements Command {}

  private record Polled(int index, String agentId, AgentStatus status) implements Command {}

  private record PollFailed(int index, String agentId, String reason) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record GroupLaunched(int index, String environment, long seed, String groupId, List<String> agentIds) implements Event {}

  public record GroupFinished(int index) implements Event {}

  public record State(int launched, int finished, TreeMap<Integer, GroupLaunched> inFlight) implements CborSerializable {
    State onLaunched(GroupLaunched e) {
      TreeMap<Integer, GroupLaunched> next = new TreeMap<>(inFlight);
      next.put(e.index(), e);
      return new State(Math.max(launched, e.index() + 1), finished, next);
    }

    State onFinished(GroupFinished e) {
      TreeMap<Integer, GroupLaunched> next = new TreeMap<>(inFlight);
      return next.remove(e.index()) == null ? this : new State(launched, finished + 1, next);
    }
  }

  /**
   * @param canLaunch asked before each launch: false once the learner has enough (e.g. it reached its last step)
   */
  public record Settings(List<Environment> environments, int packSize, int difficulty, int groupSize, long seed, int inFlight,
      Duration pollEvery, java.util.function.BooleanSupplier canLaunch) {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Settings settings;
  private final Function<String, RecipientRef<AgentEntity.Command>> agents;
  private final Map<Integer, Pack> packs = new HashMap<>();
  private final Map<Integer, Map<String, AgentStatus>> statuses = new HashMap<>();
  private boolean launching = true;
  private boolean generating;

  public static Behavior<Command> create(Settings settings, Function<String, RecipientRef<AgentEntity.Command>> agents) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers ->
        new RolloutDriver(ctx, timers, settings, agents))))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2));
  }

  private RolloutDriver(ActorContext<Command> ctx, TimerScheduler<Command> timers, Settings settings,
      Function<String, RecipientRef<AgentEntity.Command>> agents) {
    super(PersistenceId.ofUniqueId(NAME));
    this.ctx = ctx;
    this.timers = timers;
    this.settings = settings;
    this.agents = agents;
  }

  @Override
  public State emptyState() { return new State(0, 0, new TreeMap<>()); }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> {
      if (!s.inFlight().isEmpty()) ctx.getLog().info("rollout driver: {} groups were in flight; checking their agents", s.inFlight().size());
      s.inFlight().values().forEach(g -> regenerate(g));
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Tick.INSTANCE, settings.pollEvery());
    }).build();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Tick.class, this::onTick)
        .onCommand(PackReady.class, this::onPackReady)
        .onCommand(PackFailed.class, (s, m) -> {
          throw new IllegalStateException("rollout driver: could not generate the pack of group " + m.index() + ": " + m.reason());
        })
        .onCommand(Polled.class, this::onPolled)
        .onCommand(PollFailed.class, (s, m) -> Effect().none())
        .onCommand(StopLaunching.class, (s, m) -> {
          launching = false;
          m.replyTo().tell(Done.getInstance());
          return Effect().none();
        })
        .onCommand(AbandonInFlight.class, (s, m) -> {
          launching = false;
          ActorRef<StatusReply<Done>> ignore = ctx.getSystem().ignoreRef();
          s.inFlight().values().forEach(g -> g.agentIds().forEach(id ->
              agents.apply(id).tell(new AgentEntity.AbandonPack("the RL phase ended", ignore))));
          m.replyTo().tell(Done.getInstance());
          return Effect().none();
        })
        .onCommand(GetProgress.class, (s, m) -> {
          m.replyTo().tell(new Progress(s.launched(), s.finished(), s.inFlight().size(), launching));
          return Effect().none();
        })
        .build();
  }

  private Effect<Event, State> onTick(State s, Tick t) {
    s.inFlight().values().forEach(this::poll);
    if (!launching || generating || s.inFlight().size() >= settings.inFlight() || !settings.canLaunch().getAsBoolean()) {
      return Effect().none();
    }
    int index = s.launched();
    Environment env = settings.environments().get(index % settings.environments().size());
    List<String> ids = new ArrayList<>();
    for (int j = 0; j < settings.groupSize(); j++) ids.add("rl-g" + index + "-a" + j);
    GroupLaunched e = new GroupLaunched(index, env.name(), settings.seed() + index, "rl/g" + index, ids);
    generating = true;
    return Effect().persist(e).thenRun(st -> regenerate(e));
  }

  /** Generates the group's pack off the actor thread (deterministic from the event), then assigns it. */
  private void regenerate(GroupLaunched g) {
    Environment env = settings.environments().stream().filter(x -> x.name().equals(g.environment())).findFirst()
        .orElseThrow(() -> new IllegalStateException("environment " + g.environment() + " of group " + g.index() + " is not installed"));
    var blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    PackSpec spec = new PackSpec(g.seed(), settings.packSize(), Split.TRAIN, settings.difficulty(), false);
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> env.pack(spec), blocking),
        (pack, err) -> err == null ? new PackReady(g.index(), pack) : new PackFailed(g.index(), String.valueOf(err.getMessage())));
  }

  private Effect<Event, State> onPackReady(State s, PackReady m) {
    generating = false;
    GroupLaunched g = s.inFlight().get(m.index());
    if (g == null) return Effect().none();
    packs.put(m.index(), m.pack());
    // agents already on this pack (after a crash) answer "busy"; the poll sorts out who still needs it
    g.agentIds().forEach(id -> assign(g, m.pack(), id));
    return Effect().none();
  }

  private void assign(GroupLaunched g, Pack pack, String agentId) {
    ActorRef<StatusReply<Done>> ignore = ctx.getSystem().ignoreRef();
    agents.apply(agentId).tell(new AgentEntity.AssignPack(pack, g.groupId(), ignore));
  }

  private void poll(GroupLaunched g) {
    for (String id : g.agentIds()) {
      ctx.ask(AgentStatus.class, agents.apply(id), Duration.ofSeconds(10), AgentEntity.GetStatus::new,
          (st, err) -> err == null ? new Polled(g.index(), id, st) : new PollFailed(g.index(), id, String.valueOf(err.getMessage())));
    }
  }

  private Effect<Event, State> onPolled(State s, Polled m) {
    GroupLaunched g = s.inFlight().get(m.index());
    if (g == null) return Effect().none();
    AgentStatus st = m.status();
    boolean ours = st.groupId().filter(g.groupId()::equals).isPresent();
    if (!ours && st.activity() == AgentStatus.Activity.IDLE && st.counters().packsAssigned() == 0) {
      // never assigned (a crash between GroupLaunched and the assignment): each agent serves one group only
      Optional.ofNullable(packs.get(g.index())).ifPresent(p -> assign(g, p, m.agentId()));
      return Effect().none();
    }
    if (ours && st.activity() == AgentStatus.Activity.HALTED) {
      ctx.getLog().warn("rollout driver: agent {} halted ({}); resuming it", m.agentId(), st.haltReason().orElse("?"));
      agents.apply(m.agentId()).tell(new AgentEntity.ResumePack(ctx.getSystem().ignoreRef()));
    }
    Map<String, AgentStatus> group = statuses.computeIfAbsent(g.index(), i -> new HashMap<>());
    group.put(m.agentId(), st);
    boolean done = g.agentIds().stream().allMatch(id -> {
      AgentStatus a = group.get(id);
      return a != null && a.activity() == AgentStatus.Activity.IDLE && a.groupId().filter(g.groupId()::equals).isPresent();
    });
    if (!done) return Effect().none();
    statuses.remove(g.index());
    packs.remove(g.index());
    return Effect().persist(new GroupFinished(g.index()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(GroupLaunched.class, State::onLaunched)
        .onEvent(GroupFinished.class, State::onFinished)
        .build();
  }
}
