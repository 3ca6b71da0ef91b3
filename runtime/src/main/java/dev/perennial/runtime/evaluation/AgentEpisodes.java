package dev.perennial.runtime.evaluation;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.PersistenceSettings;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads agents' completed episodes back from their own journals (events by persistence id, so an
 * evaluation reads only its agents' events, not the whole episode stream).
 */
public final class AgentEpisodes {
  private AgentEpisodes() {}

  /** Every episode the given agents completed, agent by agent, each in the order it was completed. */
  public static CompletionStage<List<EpisodeRecord>> records(ActorSystem<?> system, List<String> agentIds) {
    String plugin = PersistenceSettings.from(system.settings().config()).readJournal();
    CurrentEventsByPersistenceIdQuery journal =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
    return Source.from(agentIds)
        .flatMapConcat(id -> journal.currentEventsByPersistenceId(AgentEntity.KEY.name() + "|" + id, 0L, Long.MAX_VALUE))
        .map(EventEnvelope::event)
        .filter(e -> e instanceof AgentEvent.EpisodeCompleted)
        .map(e -> ((AgentEvent.EpisodeCompleted) e).record())
        .runWith(Sink.seq(), system);
  }
}
