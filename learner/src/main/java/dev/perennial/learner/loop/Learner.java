package dev.perennial.learner.loop;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.typed.javadsl.ActorSink;
import dev.perennial.learner.loop.LearnerEvent.EpisodesDropped;
import dev.perennial.learner.loop.LearnerEvent.StepCommitted;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.store.CheckpointStore;
import dev.perennial.persistence.CborSerializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The learner: reads completed episodes from the journal's episode stream, groups them, filters
 * them (staleness, dynamic sampling), computes advantages and trains, one step at a time, through
 * its {@link TrainingWorker} child; after each step it commits {@link StepCommitted} (trained and
 * dropped episode ids, the new version's checkpoint, the stream offset to resume from) and then
 * publishes {@link PolicyPublished}. It is event-sourced, and its journal is the source of truth:
 * a checkpoint written but not committed is discarded on recovery; after a crash it loads the last
 * committed checkpoint, re-reads the stream from the low-water offset of what was still undecided,
 * and skips ids its ledger already holds, so no episode is trained twice and none is lost. Runs as
 * a cluster singleton ({@link #init}); its stream and worker live and die with it.
 */
public final class Learner extends EventSourcedBehavior<Learner.Command, LearnerEvent, LearnerState> {
  public static final String NAME = "learner";

  public sealed interface Command extends CborSerializable {}

  public record GetStatus(ActorRef<LearnerStatus> replyTo) implements Command {}

  /** Stop reading, let a step in flight commit, then stop; {@code replyTo} hears when done. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  /** Demand signal of the stream's sink. */
  enum Ack { INSTANCE }

  private record StreamStarted(long generation, ActorRef<Ack> ackTo) implements Command {}

  private record Offer(long generation, EpisodeSource.Fed fed, ActorRef<Ack> ackTo) implements Command {}

  private record StreamEnded(long generation, String why) implements Command {}

  private record WorkerOpened(TrainingWorker.Opened opened) implements Command {}

  private record WorkerStepped(TrainingWorker.StepOutcome outcome) implements Command {}

  private enum Internal implements Command { TRY_STEP, EVICT, RESTART_STREAM, REOPEN, FLUSH }

  /** Drops decided on arrival (excluded groups, refused episodes) are written in batches of at most this many. */
  private static final int DROP_BATCH = 256;

  /** The step being trained: its data and when it started. */
  private record InFlight(long step, StepBatch batch, Set<String> ids, int groupsKept, int groupsDropped, long startedMillis) {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final LearnerSettings settings;
  private final RlSettings rl;
  private final EpisodeSource feed;
  private final CheckpointStore store;
  private final ActorRef<TrainingWorker.Command> worker;
  private final ActorRef<Topic.Command<PolicyPublished>> topic;
  private Intake intake;
  private long generation;
  private Optional<UniqueKillSwitch> stream = Optional.empty();
  private Optional<ActorRef<Ack>> heldAck = Optional.empty();
  private Optional<InFlight> inFlight = Optional.empty();
  private int maxSequenceTokens = -1;
  private long duplicates;
  private Optional<String> lastError = Optional.empty();
  private Optional<ActorRef<Done>> stopping = Optional.empty();
  private final List<Dropped> arrivalDrops = new ArrayList<>();

  public static Behavior<Command> create(LearnerSettings settings, RlSettings rl, EpisodeSource feed, PolicyTrainer.Factory trainers) {
    if (settings.initialCheckpoint() == null) {
      throw new IllegalArgumentException("perennial.learner.loop.initial-checkpoint is not set: the learner needs the weights of version 0");
    }
    Behavior<Command> learner = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Learner(ctx, timers, settings, rl, feed, trainers)));
    return Behaviors.supervise(learner).onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
  }

  /** Starts the learner as this cluster's singleton (on one node: a local actor) and returns its proxy. */
  public static ActorRef<Command> init(ActorSystem<?> system, LearnerSettings settings, RlSettings rl, EpisodeSource feed,
      PolicyTrainer.Factory trainers) {
    return ClusterSingleton.get(system).init(SingletonActor.of(create(settings, rl, feed, trainers), NAME)
        .withStopMessage(new Stop(system.ignoreRef())));
  }

  private Learner(ActorContext<Command> ctx, TimerScheduler<Command> timers, LearnerSettings settings, RlSettings rl,
      EpisodeSource feed, PolicyTrainer.Factory trainers) {
    super(PersistenceId.ofUniqueId(NAME));
    this.ctx = ctx;
    this.timers = timers;
    this.settings = settings;
    this.rl = rl;
    this.feed = feed;
    this.store = new CheckpointStore(settings.checkpointDir(), settings.keepCheckpoints());
    this.worker = ctx.spawn(TrainingWorker.create(trainers, store), "trainer", DispatcherSelector.fromConfig(TrainingWorker.DISPATCHER));
    this.topic = PolicyPublished.topic(ctx, settings.policyTopic());
  }

  @Override
  public LearnerState emptyState() { return LearnerState.empty(); }

  @Override
  public RetentionCriteria retentionCriteria() { return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2); }

  @Override
  public SignalHandler<LearnerState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .onSignal(PostStop.instance(), s -> stopStream())
        .onSignal(PreRestart.instance(), s -> stopStream())
        .build();
  }

  private void recovered(LearnerState s) {
    ctx.getLog().info("learner recovered at step {} (version {}, {} episodes decided); resuming the stream after {}",
        s.step(), s.version(), s.ledger().size(), s.resumeOffset());
    intake = new Intake(settings, rl, s.resumeOffset());
    openWorker(s);
    if (!finished(s)) startStream(s.resumeOffset());
    if (s.version() > 0) publish(s);
    timers.startTimerWithFixedDelay(Internal.EVICT, Internal.EVICT, evictEvery());
  }

  @Override
  public CommandHandler<Command, LearnerEvent, LearnerState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(GetStatus.class, this::onGetStatus)
        .onCommand(Stop.class, this::onStop)
        .onCommand(StreamStarted.class, this::onStreamStarted)
        .onCommand(Offer.class, this::onOffer)
        .onCommand(StreamEnded.class, this::onStreamEnded)
        .onCommand(WorkerOpened.class, this::onWorkerOpened)
        .onCommand(WorkerStepped.class, this::onWorkerStepped)
        .onCommand(Internal.class, this::onInternal)
        .build();
  }

  // ---- the stream

  private Effect<LearnerEvent, LearnerState> onStreamStarted(LearnerState s, StreamStarted m) {
    if (m.generation() == generation) m.ackTo().tell(Ack.INSTANCE);
    return Effect().none();
  }

  private Effect<LearnerEvent, LearnerState> onOffer(LearnerState s, Offer m) {
    if (m.generation() != generation) return Effect().none(); // an old stream's element; that stream is being shut down
    Set<String> known = new HashSet<>(inFlight.map(InFlight::ids).orElse(Set.of()));
    arrivalDrops.forEach(d -> known.add(d.episode().episodeId()));
    Intake.Offered o = intake.offer(m.fed(), s.ledger(), known, System.currentTimeMillis());
    if (o.duplicate()) duplicates++;
    if (o.groupCompleted()) ctx.getSelf().tell(Internal.TRY_STEP);
    if (intake.readyGroups() < settings.maxReadyGroups()) m.ackTo().tell(Ack.INSTANCE); else heldAck = Optional.of(m.ackTo());
    if (o.drops().isEmpty()) return Effect().none();
    // evaluation and SFT episodes arrive by the thousand: one event per batch, not per episode (undecided until written)
    arrivalDrops.addAll(o.drops());
    if (arrivalDrops.size() < DROP_BATCH) {
      if (!timers.isTimerActive(Internal.FLUSH)) timers.startSingleTimer(Internal.FLUSH, Internal.FLUSH, Duration.ofMillis(300));
      return Effect().none();
    }
    return flushArrivalDrops();
  }

  private Effect<LearnerEvent, LearnerState> onStreamEnded(LearnerState s, StreamEnded m) {
    if (m.generation() != generation || stopping.isPresent() || finished(s)) return Effect().none();
    ctx.getLog().warn("the episode stream ended ({}); restarting it after {}", m.why(), intake.lastOffset());
    stream = Optional.empty();
    timers.startSingleTimer(Internal.RESTART_STREAM, Internal.RESTART_STREAM, Duration.ofSeconds(2));
    return Effect().none();
  }

  private void startStream(String offset) {
    stopStream();
    long gen = ++generation;
    var sink = ActorSink.<EpisodeSource.Fed, Command, Ack>actorRefWithBackpressure(ctx.getSelf(),
        (ackTo, fed) -> new Offer(gen, fed, ackTo), ackTo -> new StreamStarted(gen, ackTo), Ack.INSTANCE,
        new StreamEnded(gen, "completed"), failure -> new StreamEnded(gen, String.valueOf(failure.getMessage())));
    stream = Optional.of(feed.from(offset).viaMat(KillSwitches.single(), Keep.right()).toMat(sink, Keep.left())
        .run(ctx.getSystem()));
  }

  private void stopStream() {
    stream.ifPresent(UniqueKillSwitch::shutdown);
    stream = Optional.empty();
    heldAck = Optional.empty();
  }

  // ---- the worker

  private void openWorker(LearnerState s) {
    Path checkpoint = s.version() == 0 ? settings.initialCheckpoint() : Path.of(s.checkpoint());
    ActorRef<TrainingWorker.Opened> reply = ctx.messageAdapter(TrainingWorker.Opened.class, WorkerOpened::new);
    worker.tell(new TrainingWorker.Open(s.version(), checkpoint, reply));
  }

  private Effect<LearnerEvent, LearnerState> onWorkerOpened(LearnerState s, WorkerOpened m) {
    if (m.opened() instanceof TrainingWorker.Ready r) {
      maxSequenceTokens = r.maxSequenceTokens();
      ctx.getLog().info("learner: model of version {} loaded ({})", r.version(), r.description());
      ctx.getSelf().tell(Internal.TRY_STEP);
    } else {
      String reason = ((TrainingWorker.OpenFailed) m.opened()).reason();
      error("could not load the model: " + reason + "; retrying in 10s");
      timers.startSingleTimer(Internal.REOPEN, Internal.REOPEN, Duration.ofSeconds(10));
    }
    return Effect().none();
  }

  private Effect<LearnerEvent, LearnerState> onWorkerStepped(LearnerState s, WorkerStepped m) {
    if (inFlight.isEmpty()) return Effect().none();
    if (m.outcome() instanceof TrainingWorker.StepFailed f) {
      // restarting recovers from the journal and re-reads the undecided episodes: the step is redone
      throw new IllegalStateException("training step " + f.step() + " failed: " + f.reason());
    }
    return commit((TrainingWorker.StepTrained) m.outcome());
  }

  private Effect<LearnerEvent, LearnerState> commit(TrainingWorker.StepTrained t) {
    InFlight f = inFlight.orElseThrow();
    List<String> decided = new ArrayList<>(f.ids());
    intake.decided(decided);
    Map<String, Double> metrics = new LinkedHashMap<>(f.batch().stats());
    metrics.putAll(t.metrics().asMap());
    metrics.put("groups_kept", (double) f.groupsKept());
    metrics.put("groups_dropped", (double) f.groupsDropped());
    metrics.put("kept_ratio", f.groupsKept() + f.groupsDropped() == 0 ? 1.0 : (double) f.groupsKept() / (f.groupsKept() + f.groupsDropped()));
    metrics.put("staleness_mean", f.batch().trained().stream().mapToDouble(r -> f.step() - 1 - r.policyVersion()).average().orElse(0));
    metrics.put("step_seconds", (System.currentTimeMillis() - f.startedMillis()) / 1000.0);
    StepCommitted event = new StepCommitted(t.step(), t.version(), t.checkpoint().toString(), t.sha256(), f.batch().trained(),
        f.batch().dropped(), intake.lowWater(), metrics, System.currentTimeMillis());
    var effect = Effect().persist(event).thenRun(st -> {
      inFlight = Optional.empty();
      ctx.getLog().info("learner: step {} committed (version {}, {} episodes trained, loss {}, success {})", t.step(), t.version(),
          f.batch().trained().size(), t.metrics().loss(), metrics.get("success"));
      if (st.step() % settings.publishEvery() == 0) publish(st);
      worker.tell(new TrainingWorker.Prune(st.version()));
      if (finished(st)) stopStream();
      releaseAck();
      ctx.getSelf().tell(Internal.TRY_STEP);
    });
    if (stopping.isEmpty()) return effect;
    ActorRef<Done> replyTo = stopping.get();
    return effect.thenRun(st -> replyTo.tell(Done.getInstance())).thenStop();
  }

  private void publish(LearnerState s) {
    topic.tell(Topic.publish(new PolicyPublished(s.version(), s.step(), s.checkpoint(), s.sha256())));
  }

  // ---- steps

  private Effect<LearnerEvent, LearnerState> onInternal(LearnerState s, Internal m) {
    return switch (m) {
      case TRY_STEP -> tryStep(s);
      case EVICT -> persistDrops(intake.evictIncomplete(System.currentTimeMillis()), () -> {});
      case FLUSH -> flushArrivalDrops();
      case RESTART_STREAM -> {
        if (stream.isEmpty() && stopping.isEmpty() && !finished(s)) startStream(intake.lastOffset());
        yield Effect().none();
      }
      case REOPEN -> {
        openWorker(s);
        yield Effect().none();
      }
    };
  }

  private Effect<LearnerEvent, LearnerState> tryStep(LearnerState s) {
    if (inFlight.isPresent() || maxSequenceTokens < 0 || stopping.isPresent() || finished(s)) return Effect().none();
    Intake.Assembly a = intake.assemble(s.version(), maxSequenceTokens);
    a.exhausted().ifPresent(this::error);
    a.step().ifPresent(batch -> {
      long step = s.step() + 1;
      Set<String> ids = new HashSet<>();
      batch.trained().forEach(r -> ids.add(r.episodeId()));
      batch.dropped().forEach(d -> ids.add(d.episode().episodeId()));
      inFlight = Optional.of(new InFlight(step, batch, ids, a.groupsKept(), a.groupsDropped(), System.currentTimeMillis()));
      ActorRef<TrainingWorker.StepOutcome> reply = ctx.messageAdapter(TrainingWorker.StepOutcome.class, WorkerStepped::new);
      worker.tell(new TrainingWorker.Train(step, step, batch.sequences(), batch.stats(), reply));
      releaseAck();
    });
    List<Dropped> drops = new ArrayList<>(a.drops());
    if (!arrivalDrops.isEmpty()) {
      timers.cancel(Internal.FLUSH);
      drops.addAll(arrivalDrops);
      arrivalDrops.clear();
    }
    return persistDrops(drops, () -> {});
  }

  private Effect<LearnerEvent, LearnerState> flushArrivalDrops() {
    timers.cancel(Internal.FLUSH);
    List<Dropped> drops = List.copyOf(arrivalDrops);
    arrivalDrops.clear();
    return persistDrops(drops, () -> {});
  }

  /** Persists drops (if any) with the new low-water offset, then runs {@code after}. */
  private Effect<LearnerEvent, LearnerState> persistDrops(List<Dropped> drops, Runnable after) {
    if (drops.isEmpty()) {
      after.run();
      return Effect().none();
    }
    intake.decided(drops.stream().map(d -> d.episode().episodeId()).toList());
    logDrops(drops);
    return Effect().persist(new EpisodesDropped(drops, intake.lowWater(), System.currentTimeMillis())).thenRun(st -> after.run());
  }

  private void logDrops(List<Dropped> drops) {
    Map<String, Integer> byCategory = new LinkedHashMap<>();
    for (Dropped d : drops) {
      String r = d.reason();
      byCategory.merge(r.contains(":") ? r.substring(0, r.indexOf(':')) : r, 1, Integer::sum);
      if (r.startsWith("untrainable")) ctx.getLog().error("learner: {}", r);
    }
    ctx.getLog().debug("learner: dropped {}", byCategory);
  }

  private void releaseAck() {
    if (heldAck.isPresent() && intake.readyGroups() < settings.maxReadyGroups()) {
      heldAck.get().tell(Ack.INSTANCE);
      heldAck = Optional.empty();
    }
  }

  // ---- status and stop

  private Effect<LearnerEvent, LearnerState> onGetStatus(LearnerState s, GetStatus m) {
    var ledger = s.ledger();
    m.replyTo().tell(new LearnerStatus(s.step(), s.version(), s.checkpoint(), s.sha256(), ledger.trained(), ledger.dropped(), ledger.countsByReason(),
        intake == null ? 0 : intake.pendingGroups(), intake == null ? 0 : intake.pendingEpisodes(),
        intake == null ? 0 : intake.readyGroups(), inFlight.map(InFlight::step), maxSequenceTokens >= 0, finished(s), duplicates,
        lastError));
    return Effect().none();
  }

  private Effect<LearnerEvent, LearnerState> onStop(LearnerState s, Stop m) {
    stopStream();
    if (inFlight.isEmpty()) {
      m.replyTo().tell(Done.getInstance());
      return Effect().stop();
    }
    ctx.getLog().info("learner: stopping after step {} commits", inFlight.get().step());
    stopping = Optional.of(m.replyTo());
    return Effect().none();
  }

  private boolean finished(LearnerState s) { return settings.maxSteps() > 0 && s.step() >= settings.maxSteps(); }

  private Duration evictEvery() {
    Duration quarter = settings.incompleteGroupTimeout().dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
  }

  private void error(String message) {
    ctx.getLog().error("learner: {}", message);
    lastError = Optional.of(message);
  }

  @Override
  public EventHandler<LearnerState, LearnerEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(StepCommitted.class, LearnerState::committed)
        .onEvent(EpisodesDropped.class, LearnerState::dropped)
        .build();
  }
}
