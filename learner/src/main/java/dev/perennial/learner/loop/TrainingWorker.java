package dev.perennial.learner.loop;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.perennial.learner.store.CheckpointStore;
import dev.perennial.learner.store.Manifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the model being trained and runs the learner's steps, one at a time, on its own
 * single-thread dispatcher ({@link #DISPATCHER}): a step blocks that thread for its whole
 * computation, DJL's gradient mode is per thread, and PyTorch allows one open gradient collector
 * per process. A step trains, then writes the new version's checkpoint through the
 * {@link CheckpointStore} (temporary directory, atomic rename, manifest) before it answers, so the
 * learner commits a step only once its weights are on disk. Child of the {@link Learner}, which
 * restarts it by restarting itself; local only, so its messages are not serializable.
 */
public final class TrainingWorker extends AbstractBehavior<TrainingWorker.Command> {
  public static final String DISPATCHER = "perennial.learner.loop.training-dispatcher";

  public sealed interface Command {}

  /** Load version {@code version} from {@code checkpoint}; discard uncommitted newer versions on disk. */
  public record Open(long version, Path checkpoint, ActorRef<Opened> replyTo) implements Command {}

  /** Train step {@code step} on {@code sequences} and write version {@code version}. */
  public record Train(long step, long version, List<EpisodeSequence> sequences, Map<String, Double> batchStats,
      ActorRef<StepOutcome> replyTo) implements Command {}

  /** Delete old checkpoints, keeping the configured number up to {@code committed}. */
  public record Prune(long committed) implements Command {}

  public sealed interface Opened {}

  public record Ready(long version, int maxSequenceTokens, Map<String, String> description) implements Opened {}

  public record OpenFailed(long version, String reason) implements Opened {}

  public sealed interface StepOutcome {}

  public record StepTrained(long step, long version, Path checkpoint, String sha256, TrainMetrics metrics) implements StepOutcome {}

  public record StepFailed(long step, String reason) implements StepOutcome {}

  private final PolicyTrainer.Factory factory;
  private final CheckpointStore store;
  private PolicyTrainer trainer;

  public static Behavior<Command> create(PolicyTrainer.Factory factory, CheckpointStore store) {
    return Behaviors.setup(ctx -> new TrainingWorker(ctx, factory, store));
  }

  private TrainingWorker(ActorContext<Command> ctx, PolicyTrainer.Factory factory, CheckpointStore store) {
    super(ctx);
    this.factory = factory;
    this.store = store;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(Train.class, this::onTrain)
        .onMessage(Prune.class, this::onPrune)
        .onSignal(PostStop.class, s -> closeTrainer())
        .build();
  }

  private Behavior<Command> onOpen(Open open) {
    closeTrainer();
    try {
      List<Long> discarded = store.discardAfter(open.version());
      if (!discarded.isEmpty()) {
        getContext().getLog().info("discarded checkpoint versions {} written after the last committed step", discarded);
      }
      trainer = factory.open(open.checkpoint());
      open.replyTo().tell(new Ready(open.version(), trainer.maxSequenceTokens(), trainer.describe()));
    } catch (Exception | LinkageError e) {
      trainer = null;
      open.replyTo().tell(new OpenFailed(open.version(), "cannot open checkpoint " + open.checkpoint() + ": " + message(e)));
    }
    return this;
  }

  private Behavior<Command> onTrain(Train t) {
    if (trainer == null) {
      t.replyTo().tell(new StepFailed(t.step(), "no model is loaded"));
      return this;
    }
    try {
      TrainMetrics metrics = trainer.train(t.sequences());
      Map<String, Double> all = new HashMap<>(t.batchStats());
      all.putAll(metrics.asMap());
      Map<String, String> metadata = Map.of("version", Long.toString(t.version()), "step", Long.toString(t.step()));
      CheckpointStore.Written written = store.write(t.version(), d -> trainer.save(d, metadata),
          sha -> new Manifest(t.version(), t.step(), sha, System.currentTimeMillis(), trainer.describe(), all));
      t.replyTo().tell(new StepTrained(t.step(), t.version(), written.dir(), written.manifest().sha256(), metrics));
    } catch (Exception | LinkageError e) {
      getContext().getLog().error("training step {} failed", t.step(), e);
      t.replyTo().tell(new StepFailed(t.step(), message(e)));
    }
    return this;
  }

  private Behavior<Command> onPrune(Prune p) {
    try {
      List<Long> gone = store.prune(p.committed());
      if (!gone.isEmpty()) getContext().getLog().debug("pruned checkpoint versions {}", gone);
    } catch (Exception e) {
      getContext().getLog().warn("could not prune old checkpoints in {}: {}", store.root(), message(e));
    }
    return this;
  }

  private Behavior<Command> closeTrainer() {
    if (trainer != null) {
      try {
        trainer.close();
      } catch (RuntimeException e) {
        getContext().getLog().warn("closing the trainer failed: {}", message(e));
      }
      trainer = null;
    }
    return this;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
