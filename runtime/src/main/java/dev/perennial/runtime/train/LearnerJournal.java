package dev.perennial.runtime.train;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import dev.perennial.learner.loop.Learner;
import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.persistence.PersistenceSettings;
import java.util.List;

/** The learner's committed events, read from its journal: what the report and the ledger audit are made of. */
public final class LearnerJournal {
  private LearnerJournal() {}

  public static List<LearnerEvent> events(ActorSystem<?> system) {
    String plugin = PersistenceSettings.from(system.settings().config()).readJournal();
    CurrentEventsByPersistenceIdQuery journal =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
    return journal.currentEventsByPersistenceId(Learner.NAME, 0L, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .filter(e -> e instanceof LearnerEvent)
        .map(e -> (LearnerEvent) e)
        .runWith(Sink.seq(), system).toCompletableFuture().join();
  }
}
