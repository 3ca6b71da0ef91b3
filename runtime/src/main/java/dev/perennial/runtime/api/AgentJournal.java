package dev.perennial.runtime.api;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import akka.stream.javadsl.Sink;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.PersistenceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the API reads back from the journal rather than asking an agent: the agents there are,
 * an agent's context history (every {@code ContextUpdated}) and its completed episodes with their
 * trajectories, paged by journal sequence number, and the tasks an agent no longer keeps in its
 * state. Reads only what is in the journal now (current queries), so each call completes.
 */
final class AgentJournal {
  private static final String PREFIX = AgentEntity.KEY.name() + "|";

  /** One context update and the hints it replaced. */
  record ContextChange(long sequenceNr, String episodeId, String previous, String hints, boolean parsed, String error, long atMillis) {}

  /** A page of episodes; {@code next} is the sequence number to ask from for the next page (0: no more). */
  record EpisodePage(List<EpisodeRecord> episodes, long next) {}

  private final ActorSystem<?> system;
  private final CurrentEventsByPersistenceIdQuery events;
  private final CurrentPersistenceIdsQuery ids;
  private final TaskHistory history;
  private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

  AgentJournal(ActorSystem<?> system) {
    this.system = system;
    String plugin = PersistenceSettings.from(system.settings().config()).readJournal();
    this.events = PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
    this.ids = PersistenceQuery.get(system).getReadJournalFor(CurrentPersistenceIdsQuery.class, plugin);
    this.history = new TaskHistory(system, events, 1000, 100_000);
  }

  /**
   * Whether the agent has any event in the journal (agents are never deleted, so a yes is kept).
   * Asked before an agent's entity is: starting one for every id a client guesses would journal
   * each of them with remember-entities and keep restarting them.
   */
  CompletionStage<Boolean> exists(String agentId) {
    if (known.contains(agentId)) return java.util.concurrent.CompletableFuture.completedFuture(true);
    return events.currentEventsByPersistenceId(PREFIX + agentId, 0, Long.MAX_VALUE).take(1).runWith(Sink.seq(), system)
        .thenApply(found -> {
          if (!found.isEmpty()) known.add(agentId);
          return !found.isEmpty();
        });
  }

  /** Every agent id with events in the journal, sorted. */
  CompletionStage<List<String>> agentIds() {
    return ids.currentPersistenceIds().filter(id -> id.startsWith(PREFIX)).map(id -> id.substring(PREFIX.length()))
        .runWith(Sink.seq(), system).thenApply(list -> list.stream().sorted().toList());
  }

  CompletionStage<List<ContextChange>> contextHistory(String agentId, long from, int limit) {
    // the hints a change replaced come from the changes before it, so the history is read from the start
    return all(agentId).thenApply(envelopes -> {
      List<ContextChange> out = new ArrayList<>();
      String previous = "";
      for (EventEnvelope env : envelopes) {
        if (env.event() instanceof AgentEvent.AgentDeployed d) previous = d.hints();
        if (env.event() instanceof AgentEvent.PackAssigned p) previous = p.hints();
        if (!(env.event() instanceof AgentEvent.ContextUpdated c)) continue;
        if (env.sequenceNr() >= from && out.size() < limit) {
          out.add(new ContextChange(env.sequenceNr(), c.episodeId(), previous, c.hints(), c.parsed(), c.error(), env.timestamp()));
        }
        previous = c.hints();
      }
      return out;
    });
  }

  CompletionStage<EpisodePage> episodes(String agentId, long from, int limit, Optional<EpisodeKind> kind) {
    return events.currentEventsByPersistenceId(PREFIX + agentId, Math.max(1, from), Long.MAX_VALUE)
        .filter(env -> env.event() instanceof AgentEvent.EpisodeCompleted c && kind.map(k -> c.record().kind() == k).orElse(true))
        .take(limit + 1L)
        .runWith(Sink.seq(), system)
        .thenApply(list -> {
          List<EpisodeRecord> page = list.stream().limit(limit).map(e -> ((AgentEvent.EpisodeCompleted) e.event()).record()).toList();
          long next = list.size() > limit ? list.get(limit).sequenceNr() : 0;
          return new EpisodePage(page, next);
        });
  }

  /** A task the agent no longer keeps, rebuilt from its events (the last task with that id). */
  CompletionStage<Optional<TaskView>> forgottenTask(String agentId, String taskId) {
    return history.find(agentId, taskId);
  }

  private CompletionStage<List<EventEnvelope>> all(String agentId) {
    return events.currentEventsByPersistenceId(PREFIX + agentId, 0, Long.MAX_VALUE).runWith(Sink.seq(), system);
  }
}
