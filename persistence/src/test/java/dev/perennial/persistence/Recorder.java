package dev.perennial.persistence;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import java.util.Set;

/** A minimal persistent actor for journal tests: records ids, tagging the ones marked as episodes. */
final class Recorder extends EventSourcedBehaviorWithEnforcedReplies<Recorder.Record, Recorder.Recorded, Recorder.Count> {
  record Record(String id, boolean episode, ActorRef<Done> replyTo) implements CborSerializable {}

  record Recorded(String id, boolean episode) implements CborSerializable {}

  record Count(int value) implements CborSerializable {}

  private final String tag;

  private Recorder(String id, String tag) {
    super(PersistenceId.of("Recorder", id));
    this.tag = tag;
  }

  static Behavior<Record> create(String id, String tag) { return new Recorder(id, tag); }

  @Override
  public Count emptyState() { return new Count(0); }

  @Override
  public CommandHandlerWithReply<Record, Recorded, Count> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Record.class, (s, c) -> Effect().persist(new Recorded(c.id(), c.episode())).thenReply(c.replyTo(), st -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Count, Recorded> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> new Count(s.value() + 1));
  }

  @Override
  public Set<String> tagsFor(Recorded event) { return event.episode() ? Set.of(tag) : Set.of(); }
}
