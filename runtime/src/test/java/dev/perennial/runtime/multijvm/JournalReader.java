package dev.perennial.runtime.multijvm;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.learner.loop.LearnerState;
import dev.perennial.persistence.PersistenceSettings;
import dev.perennial.runtime.train.LearnerJournal;
import dev.perennial.runtime.train.LedgerAudit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test's own window on the shared journal (a local, non-cluster actor system): the episodes
 * in the stream and the (stand-in or real) learner's journal, for progress and for the final ledger check.
 */
final class JournalReader implements AutoCloseable {
  private final ActorSystem<Void> system;

  JournalReader(Config config) {
    this.system = ActorSystem.create(Behaviors.empty(), "reader", config);
  }

  List<EpisodeRecord> episodes() {
    return await(EpisodeFeed.current(system, null).map(EpisodeFeed.StoredEpisode::record).runWith(Sink.seq(), system));
  }

  List<StandInLearner.Event> standIn() {
    return await(events(StandInLearner.NAME).map(EventEnvelope::event).map(e -> (StandInLearner.Event) e).runWith(Sink.seq(), system));
  }

  /** Sequence numbers of every event of {@code persistenceId}, in order. */
  List<Long> sequenceNumbers(String persistenceId) {
    return await(events(persistenceId).map(EventEnvelope::sequenceNr).runWith(Sink.seq(), system));
  }

  private Source<EventEnvelope, NotUsed> events(String persistenceId) {
    var journal = PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class,
        PersistenceSettings.from(system.settings().config()).readJournal());
    return journal.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE);
  }

  /** The real learner's committed events. */
  List<LearnerEvent> learner() { return LearnerJournal.events(system); }

  /** The ledger audit of the real learner's state against the episode stream. */
  LedgerAudit audit(LearnerState state) { return LedgerAudit.of(system, state.ledger(), state.resumeOffset()); }

  long consumed() {
    return standIn().stream().filter(e -> e instanceof StandInLearner.Consumed).count();
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("reading the journal failed: " + e, e);
    }
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort
    }
  }
}
