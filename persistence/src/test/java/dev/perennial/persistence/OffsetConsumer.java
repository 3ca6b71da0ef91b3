package dev.perennial.persistence;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.typed.javadsl.ActorSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for the learner's intake (test scope): an event-sourced consumer of the episode
 * stream that keeps its offset in its own journal. Each element is persisted as {@link Consumed}
 * (id and offset) before the next one is requested, so after a restart it resumes from the last
 * persisted offset: nothing skipped, nothing consumed twice.
 */
final class OffsetConsumer extends EventSourcedBehavior<OffsetConsumer.Command, OffsetConsumer.Consumed, OffsetConsumer.State> {
  sealed interface Command {}

  record GetConsumed(ActorRef<List<String>> replyTo) implements Command {}

  private record Started(ActorRef<Ack> ackTo) implements Command {}

  private record Element(EpisodeStream.Element<Recorder.Recorded> element, ActorRef<Ack> ackTo) implements Command {}

  private record Ended(String why) implements Command {}

  enum Ack { INSTANCE }

  record Consumed(String id, String offset) implements CborSerializable {}

  record State(List<String> ids, String offset) implements CborSerializable {
    State with(Consumed c) {
      List<String> next = new ArrayList<>(ids);
      next.add(c.id());
      return new State(next, c.offset());
    }
  }

  private final ActorContext<Command> ctx;
  private Optional<UniqueKillSwitch> stream = Optional.empty();

  private OffsetConsumer(ActorContext<Command> ctx, String name) {
    super(PersistenceId.ofUniqueId(name));
    this.ctx = ctx;
  }

  static Behavior<Command> create(String name) {
    return Behaviors.setup(ctx -> new OffsetConsumer(ctx, name));
  }

  @Override
  public State emptyState() { return new State(List.of(), OffsetCodec.NONE); }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> {
          var sink = ActorSink.<EpisodeStream.Element<Recorder.Recorded>, Command, Ack>actorRefWithBackpressure(ctx.getSelf(),
              (ack, e) -> new Element(e, ack), Started::new, Ack.INSTANCE, new Ended("completed"), e -> new Ended(e.toString()));
          stream = Optional.of(EpisodeStream.live(ctx.getSystem(), Recorder.Recorded.class, s.offset())
              .viaMat(KillSwitches.single(), Keep.right()).toMat(sink, Keep.left()).run(ctx.getSystem()));
        })
        .onSignal(PostStop.instance(), s -> stream.ifPresent(UniqueKillSwitch::shutdown))
        .build();
  }

  @Override
  public CommandHandler<Command, Consumed, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(GetConsumed.class, (s, c) -> {
          c.replyTo().tell(List.copyOf(s.ids()));
          return Effect().none();
        })
        .onCommand(Started.class, (s, c) -> {
          c.ackTo().tell(Ack.INSTANCE);
          return Effect().none();
        })
        .onCommand(Element.class, (s, c) -> Effect()
            .persist(new Consumed(c.element().event().id(), c.element().offset()))
            .thenRun(st -> c.ackTo().tell(Ack.INSTANCE)))
        .onCommand(Ended.class, (s, c) -> {
          ctx.getLog().warn("episode stream ended: {}", c.why());
          return Effect().none();
        })
        .build();
  }

  @Override
  public EventHandler<State, Consumed> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Consumed.class, State::with).build();
  }

}
