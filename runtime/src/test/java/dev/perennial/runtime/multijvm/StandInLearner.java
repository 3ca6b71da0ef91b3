package dev.perennial.runtime.multijvm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
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
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.typed.javadsl.ActorSink;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.persistence.CborSerializable;
import dev.perennial.persistence.OffsetCodec;
import dev.perennial.runtime.cluster.NodeRoles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for the learner singleton (test scope, not the real learner): consumes the episode
 * stream from the offset kept in its own journal, records each episode once ({@link Consumed};
 * a re-delivered id is skipped and counted), and every {@code perEpisodes} episodes "trains a step":
 * writes a checkpoint file on the shared path, commits {@link Published} and announces it on the
 * {@link StandInPolicy} topic. Its journal is what the multi-JVM tests check: every episode
 * consumed once, versions 1, 2, 3 … without gaps or repeats. Prints {@code STANDIN RECOVERED} with
 * the time it recovered, for fail-over timing.
 */
public final class StandInLearner extends EventSourcedBehavior<StandInLearner.Command, StandInLearner.Event, StandInLearner.State> {
  public static final String NAME = "stand-in-learner";

  public sealed interface Command extends CborSerializable {}

  public record Stop() implements Command {}

  private record Started(ActorRef<Ack> ackTo) implements Command {}

  private record Offer(EpisodeFeed.StoredEpisode episode, ActorRef<Ack> ackTo) implements Command {}

  /** A stream ended; {@code generation} says which one (a stream replaced after a restart ends later, and must not clear its successor). */
  private record Ended(int generation, String why) implements Command {}

  private record Restart() implements Command {}

  enum Ack { INSTANCE }

  public sealed interface Event extends CborSerializable {}

  public record Consumed(String episodeId, String offset) implements Event {}

  public record Published(long version, String location, String sha256) implements Event {}

  public record State(Set<String> consumed, String offset, long version, int sinceStep) implements CborSerializable {
    State apply(Event e) {
      if (e instanceof Consumed c) {
        Set<String> next = new HashSet<>(consumed);
        next.add(c.episodeId());
        return new State(next, c.offset(), version, sinceStep + 1);
      }
      return new State(consumed, offset, ((Published) e).version(), 0);
    }
  }

  private final ActorContext<Command> ctx;
  private final Path shared;
  private final int perStep;
  private final ActorRef<Topic.Command<StandInPolicy>> topic;
  private Optional<UniqueKillSwitch> stream = Optional.empty();
  private long redelivered;
  private int generation;

  private StandInLearner(ActorContext<Command> ctx, Path shared, int perStep) {
    super(PersistenceId.ofUniqueId(NAME), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(5), 0.2));
    this.ctx = ctx;
    this.shared = shared;
    this.perStep = perStep;
    this.topic = ctx.spawn(Topic.create(StandInPolicy.class, StandInPolicy.TOPIC), "topic");
  }

  /** The singleton on role learner; call on every node (the others get a proxy). */
  public static ActorRef<Command> init(ActorSystem<?> system, Path shared, int perStep) {
    Behavior<Command> b = Behaviors.setup(ctx -> new StandInLearner(ctx, shared, perStep));
    return ClusterSingleton.get(system).init(SingletonActor.of(Behaviors.supervise(b)
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(5), 0.2)), NAME)
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.LEARNER)).withStopMessage(new Stop()));
  }

  @Override
  public State emptyState() { return new State(Set.of(), OffsetCodec.NONE, 0, 0); }

  @Override
  public RetentionCriteria retentionCriteria() { return RetentionCriteria.snapshotEvery(100, 2); }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> {
          System.out.println("STANDIN RECOVERED t=" + System.currentTimeMillis() + " consumed=" + s.consumed().size() + " version="
              + s.version() + " offset=" + s.offset());
          System.out.flush();
          startStream(s.offset());
        })
        .onSignal(PostStop.instance(), s -> stream.ifPresent(UniqueKillSwitch::shutdown))
        .build();
  }

  private void startStream(String offset) {
    stream.ifPresent(UniqueKillSwitch::shutdown);
    int gen = ++generation;
    var sink = ActorSink.<EpisodeFeed.StoredEpisode, Command, Ack>actorRefWithBackpressure(ctx.getSelf(), (ack, e) -> new Offer(e, ack),
        Started::new, Ack.INSTANCE, new Ended(gen, "completed"), e -> new Ended(gen, String.valueOf(e.getMessage())));
    stream = Optional.of(EpisodeFeed.live(ctx.getSystem(), offset).viaMat(KillSwitches.single(), Keep.right()).toMat(sink, Keep.left())
        .run(ctx.getSystem()));
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Started.class, (s, c) -> {
          c.ackTo().tell(Ack.INSTANCE);
          return Effect().none();
        })
        .onCommand(Offer.class, this::onOffer)
        .onCommand(Ended.class, (s, c) -> {
          if (c.generation() != generation) return Effect().none(); // a replaced stream: its successor runs
          ctx.getLog().warn("stand-in learner: episode stream ended ({}); restarting it", c.why());
          stream = Optional.empty();
          ctx.scheduleOnce(Duration.ofSeconds(1), ctx.getSelf(), new Restart());
          return Effect().none();
        })
        .onCommand(Restart.class, (s, c) -> {
          if (stream.isEmpty()) startStream(s.offset());
          return Effect().none();
        })
        .onCommand(Stop.class, (s, c) -> Effect().stop())
        .build();
  }

  private Effect<Event, State> onOffer(State s, Offer c) {
    String id = c.episode().record().episodeId();
    if (s.consumed().contains(id)) {
      redelivered++;
      ctx.getLog().info("stand-in learner: {} delivered again ({} so far), skipped", id, redelivered);
      c.ackTo().tell(Ack.INSTANCE);
      return Effect().none();
    }
    Consumed consumed = new Consumed(id, c.episode().offset());
    if (s.sinceStep() + 1 < perStep) return Effect().persist(consumed).thenRun(st -> c.ackTo().tell(Ack.INSTANCE));
    long version = s.version() + 1;
    Published published = checkpoint(version); // on disk before the step is committed, like the learner
    return Effect().persist(List.of(consumed, published)).thenRun(st -> {
      topic.tell(Topic.publish(new StandInPolicy(version, published.location(), published.sha256())));
      c.ackTo().tell(Ack.INSTANCE);
    });
  }

  private Published checkpoint(long version) {
    try {
      Files.createDirectories(shared);
      Path file = shared.resolve(String.format("v%06d.bin", version));
      byte[] content = ("weights of version " + version).getBytes(StandardCharsets.UTF_8);
      Files.write(file, content);
      return new Published(version, file.toString(), sha256(content));
    } catch (IOException e) {
      throw new IllegalStateException("could not write checkpoint " + version + ": " + e, e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Consumed.class, State::apply)
        .onEvent(Published.class, State::apply)
        .build();
  }
}
