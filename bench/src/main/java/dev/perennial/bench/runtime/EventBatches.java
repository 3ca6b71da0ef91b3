package dev.perennial.bench.runtime;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.persistence.PersistenceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The events one agent wrote, grouped into the atomic writes it made them in. The journal keeps no
 * record of the grouping, so it is rebuilt from the agent's decision rules (EpisodeSteps): every
 * persist starts with PackAssigned, TurnGenerated, a tool result, EpisodeScored or a pack
 * halt/resume/abandon, and carries the events that follow from it.
 */
public record EventBatches(List<List<AgentEvent>> batches) {

  /** Reads {@code persistenceId}'s events through the configured read journal. */
  public static EventBatches read(ActorSystem<?> system, String persistenceId, Duration timeout) throws Exception {
    String readJournal = PersistenceSettings.from(system.settings().config()).readJournal();
    CurrentEventsByPersistenceIdQuery query =
        PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, readJournal);
    List<AgentEvent> events = query.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
        .map(env -> (AgentEvent) env.event())
        .runWith(Sink.seq(), system)
        .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return group(events);
  }

  static EventBatches group(List<AgentEvent> events) {
    List<List<AgentEvent>> out = new ArrayList<>();
    for (AgentEvent e : events) {
      if (out.isEmpty() || startsWrite(e)) out.add(new ArrayList<>());
      out.get(out.size() - 1).add(e);
    }
    return new EventBatches(out.stream().map(List::copyOf).toList());
  }

  private static boolean startsWrite(AgentEvent e) {
    return e instanceof AgentEvent.PackAssigned || e instanceof AgentEvent.TurnGenerated
        || e instanceof AgentEvent.ToolCallCompleted || e instanceof AgentEvent.ToolCallFailed
        || e instanceof AgentEvent.EpisodeScored || e instanceof AgentEvent.PackHalted
        || e instanceof AgentEvent.PackResumed || e instanceof AgentEvent.PackAbandoned;
  }

  public int events() { return batches.stream().mapToInt(List::size).sum(); }

  /** Policy turns among the events: one TurnGenerated per turn. */
  public int turns() {
    return (int) batches.stream().flatMap(List::stream).filter(e -> e instanceof AgentEvent.TurnGenerated).count();
  }

  public int writes() { return batches.size(); }
}
