package dev.perennial.persistence;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByTagQuery;
import akka.persistence.query.javadsl.EventsByTagQuery;
import akka.stream.javadsl.Source;

/**
 * The durable stream of completed episodes: every event tagged with
 * {@code perennial.persistence.episode-tag}, in journal order, read through the configured read
 * journal ({@code perennial.persistence.read-journal}). A consumer stores the {@link Element#offset()}
 * of the last element it has fully processed and resumes from it after a restart: nothing is
 * skipped and nothing is repeated. This class does not know the event type; agents wrap it with
 * their {@code EpisodeCompleted} event.
 */
public final class EpisodeStream {
  private EpisodeStream() {}

  /**
   * One tagged event with where it sits in the stream.
   *
   * @param offset encoded with {@link OffsetCodec}; pass it back to resume after this element
   */
  public record Element<E>(E event, String offset, String persistenceId, long sequenceNr, long timestamp) {}

  /** Live: never completes; new episodes arrive as they are written. */
  public static <E> Source<Element<E>, NotUsed> live(ActorSystem<?> system, Class<E> type, String fromOffset) {
    PersistenceSettings s = PersistenceSettings.from(system.settings().config());
    EventsByTagQuery journal = PersistenceQuery.get(system).getReadJournalFor(EventsByTagQuery.class, s.readJournal());
    return typed(journal.eventsByTag(s.episodeTag(), OffsetCodec.decode(fromOffset)), type);
  }

  /** Finite: what is in the journal now, then completes. */
  public static <E> Source<Element<E>, NotUsed> current(ActorSystem<?> system, Class<E> type, String fromOffset) {
    PersistenceSettings s = PersistenceSettings.from(system.settings().config());
    CurrentEventsByTagQuery journal =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByTagQuery.class, s.readJournal());
    return typed(journal.currentEventsByTag(s.episodeTag(), OffsetCodec.decode(fromOffset)), type);
  }

  private static <E> Source<Element<E>, NotUsed> typed(Source<EventEnvelope, NotUsed> source, Class<E> type) {
    return source.map(env -> {
      Object event = env.event();
      if (!type.isInstance(event)) {
        throw new IllegalStateException("event " + env.persistenceId() + "#" + env.sequenceNr()
            + " carries the episode tag but is a " + event.getClass().getName() + ", not a " + type.getName());
      }
      return new Element<>(type.cast(event), OffsetCodec.encode(env.offset()), env.persistenceId(),
          env.sequenceNr(), env.timestamp());
    });
  }
}
