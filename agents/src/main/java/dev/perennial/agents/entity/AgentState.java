package dev.perennial.agents.entity;

import dev.perennial.agents.entity.AgentEvent.ContextUpdated;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeScored;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.PackAbandoned;
import dev.perennial.agents.entity.AgentEvent.PackAssigned;
import dev.perennial.agents.entity.AgentEvent.PackCompleted;
import dev.perennial.agents.entity.AgentEvent.PackHalted;
import dev.perennial.agents.entity.AgentEvent.PackResumed;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.ToolCallCompleted;
import dev.perennial.agents.entity.AgentEvent.ToolCallFailed;
import dev.perennial.agents.entity.AgentEvent.TurnGenerated;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * Everything an agent knows: its context (the hints text it wrote), the pack and position it is
 * at, the episode in flight, the solve the next update reflects on, and lifetime counters. The
 * {@code on…} methods are the event handler: pure, one per event.
 */
public record AgentState(
    String hints,
    Optional<PackRun> pack,
    Optional<Episode> episode,
    Optional<LastSolve> lastSolve,
    Counters counters) implements CborSerializable {

  static AgentState empty(String noHints) {
    return new AgentState(noHints, Optional.empty(), Optional.empty(), Optional.empty(), Counters.ZERO);
  }

  /** A pack is being worked on (possibly halted): a new one may not be assigned. */
  public boolean busy() { return pack.map(p -> !p.finished()).orElse(false); }

  /** A pack is in progress and not halted: there is work to drive. */
  public boolean working() { return pack.map(PackRun::active).orElse(false); }

  public boolean halted() { return pack.flatMap(PackRun::halted).isPresent(); }

  /** The episode in flight if it is in {@code phase}. */
  Optional<Episode> awaiting(Episode.Phase phase, String episodeId) {
    return episode.filter(e -> e.awaiting(phase) && e.episodeId().equals(episodeId));
  }

  AgentState onPackAssigned(PackAssigned e) {
    return new AgentState(e.hints(), Optional.of(PackRun.start(e.pack(), e.groupId(), e.run(), e.notifyTo())),
        Optional.empty(), Optional.empty(), counters.packAssigned());
  }

  AgentState onEpisodeStarted(EpisodeStarted e) {
    Episode ep = Episode.start(e.episodeId(), e.kind(), e.position(), e.taskId(), hints, e.prompt(), e.atMillis());
    return new AgentState(hints, pack.map(p -> p.at(e.position())), Optional.of(ep), lastSolve, counters);
  }

  AgentState onTurnGenerated(TurnGenerated e) {
    return withEpisode(e.episodeId(), ep -> ep.withTurn(e.turn(), e.call(), e.injection(), e.malformedCall()));
  }

  AgentState onToolCallCompleted(ToolCallCompleted e) {
    return withEpisode(e.episodeId(), ep -> ep.withToolResult(e.envActions(), e.injection(), false));
  }

  AgentState onToolCallFailed(ToolCallFailed e) {
    return withEpisode(e.episodeId(), ep -> ep.withToolResult(e.envActions(), e.injection(), true));
  }

  AgentState onSolveFinished(SolveFinished e) {
    return withEpisode(e.episodeId(), ep -> ep.finished(e.answer(), e.truncated(), e.reason()));
  }

  AgentState onEpisodeScored(EpisodeScored e) {
    Optional<Episode> ep = episode.filter(x -> x.episodeId().equals(e.episodeId()));
    if (ep.isEmpty()) return this;
    LastSolve last = LastSolve.of(ep.get(), e.rewards(), e.feedback());
    return new AgentState(hints, pack.map(p -> p.scored(last.success(), last.reward())), episode, Optional.of(last), counters);
  }

  AgentState onContextUpdated(ContextUpdated e) {
    return new AgentState(e.hints(), pack, episode, lastSolve, e.parsed() ? counters : counters.hintsParseFailed());
  }

  AgentState onEpisodeCompleted(EpisodeCompleted e) {
    int malformed = episode.map(Episode::malformedCalls).orElse(0);
    Optional<LastSolve> last = e.record().kind() == EpisodeKind.UPDATE ? Optional.empty() : lastSolve;
    return new AgentState(hints, pack, Optional.empty(), last, counters.episode(e.record(), malformed));
  }

  AgentState onPackCompleted(PackCompleted e) {
    return new AgentState(hints, pack.map(PackRun::completed), Optional.empty(), Optional.empty(), counters.packCompleted());
  }

  AgentState onPackHalted(PackHalted e) {
    return new AgentState(hints, pack.map(p -> p.halt(Optional.of(e.reason()))), episode, lastSolve, counters);
  }

  AgentState onPackResumed(PackResumed e) {
    return new AgentState(hints, pack.map(p -> p.halt(Optional.empty())), episode, lastSolve, counters);
  }

  AgentState onPackAbandoned(PackAbandoned e) {
    return new AgentState(hints, pack.map(PackRun::completed), Optional.empty(), Optional.empty(), counters);
  }

  private AgentState withEpisode(String episodeId, java.util.function.UnaryOperator<Episode> f) {
    return new AgentState(hints, pack, episode.map(ep -> ep.episodeId().equals(episodeId) ? f.apply(ep) : ep), lastSolve, counters);
  }
}
