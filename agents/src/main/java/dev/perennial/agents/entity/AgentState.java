package dev.perennial.agents.entity;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.perennial.agents.entity.AgentEvent.AgentDeployed;
import dev.perennial.agents.entity.AgentEvent.ContextUpdated;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeScored;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.FeedbackReceived;
import dev.perennial.agents.entity.AgentEvent.PackAbandoned;
import dev.perennial.agents.entity.AgentEvent.PackAssigned;
import dev.perennial.agents.entity.AgentEvent.PackCompleted;
import dev.perennial.agents.entity.AgentEvent.PackHalted;
import dev.perennial.agents.entity.AgentEvent.PackResumed;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.TaskAccepted;
import dev.perennial.agents.entity.AgentEvent.TaskAnswered;
import dev.perennial.agents.entity.AgentEvent.TaskExpired;
import dev.perennial.agents.entity.AgentEvent.TaskFailed;
import dev.perennial.agents.entity.AgentEvent.TaskForgotten;
import dev.perennial.agents.entity.AgentEvent.ToolCallCompleted;
import dev.perennial.agents.entity.AgentEvent.ToolCallFailed;
import dev.perennial.agents.entity.AgentEvent.TurnGenerated;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.persistence.CborSerializable;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything an agent knows: its context (the hints text it wrote), the pack and position it is
 * at, the episode in flight, the solve the next update reflects on, lifetime counters, and — for a
 * deployed agent — the outside tasks it holds. The {@code on…} methods are the event handler:
 * pure, one per event; {@link #apply} folds any event, for decisions that look ahead.
 */
public record AgentState(
    String hints,
    Optional<PackRun> pack,
    Optional<Episode> episode,
    Optional<LastSolve> lastSolve,
    Counters counters,
    Optional<Deployment> deployment) implements CborSerializable {

  @JsonCreator
  public AgentState {
    deployment = deployment == null ? Optional.empty() : deployment; // snapshots from before deployments existed
  }

  public AgentState(String hints, Optional<PackRun> pack, Optional<Episode> episode, Optional<LastSolve> lastSolve,
      Counters counters) {
    this(hints, pack, episode, lastSolve, counters, Optional.empty());
  }

  static AgentState empty(String noHints) {
    return new AgentState(noHints, Optional.empty(), Optional.empty(), Optional.empty(), Counters.ZERO);
  }

  /** A pack is being worked on (possibly halted): a new one may not be assigned. */
  public boolean busy() { return pack.map(p -> !p.finished()).orElse(false); }

  /** There is work to drive: a pack in progress and not halted, or a deployed agent's episode or queue. */
  public boolean working() {
    return pack.map(PackRun::active).orElse(false) || deployment.map(d -> episode.isPresent() || d.hasWork()).orElse(false);
  }

  public boolean halted() { return pack.flatMap(PackRun::halted).isPresent(); }

  public boolean deployed() { return deployment.isPresent(); }

  /** The outside task the episode in flight works on, for a deployed agent. */
  Optional<TaskEntry> currentTask() {
    return episode.flatMap(ep -> deployment.flatMap(d -> d.task(ep.taskId())));
  }

  /** The episode in flight if it is in {@code phase}. */
  Optional<Episode> awaiting(Episode.Phase phase, String episodeId) {
    return episode.filter(e -> e.awaiting(phase) && e.episodeId().equals(episodeId));
  }

  /** The state after {@code events}, for decisions that depend on what a batch leads to. */
  AgentState applyAll(List<AgentEvent> events) {
    AgentState s = this;
    for (AgentEvent e : events) s = s.apply(e);
    return s;
  }

  AgentState apply(AgentEvent e) {
    if (e instanceof PackAssigned x) return onPackAssigned(x);
    if (e instanceof EpisodeStarted x) return onEpisodeStarted(x);
    if (e instanceof TurnGenerated x) return onTurnGenerated(x);
    if (e instanceof ToolCallCompleted x) return onToolCallCompleted(x);
    if (e instanceof ToolCallFailed x) return onToolCallFailed(x);
    if (e instanceof SolveFinished x) return onSolveFinished(x);
    if (e instanceof EpisodeScored x) return onEpisodeScored(x);
    if (e instanceof ContextUpdated x) return onContextUpdated(x);
    if (e instanceof EpisodeCompleted x) return onEpisodeCompleted(x);
    if (e instanceof PackCompleted x) return onPackCompleted(x);
    if (e instanceof PackHalted x) return onPackHalted(x);
    if (e instanceof PackResumed x) return onPackResumed(x);
    if (e instanceof PackAbandoned x) return onPackAbandoned(x);
    if (e instanceof AgentDeployed x) return onAgentDeployed(x);
    if (e instanceof TaskAccepted x) return onTaskAccepted(x);
    if (e instanceof TaskAnswered x) return onTaskAnswered(x);
    if (e instanceof FeedbackReceived x) return onFeedbackReceived(x);
    if (e instanceof TaskFailed x) return onTaskFailed(x);
    if (e instanceof TaskExpired x) return onTaskExpired(x);
    if (e instanceof TaskForgotten x) return onTaskForgotten(x);
    throw new IllegalArgumentException("no handler for " + e.getClass().getName());
  }

  AgentState onPackAssigned(PackAssigned e) {
    return new AgentState(e.hints(), Optional.of(PackRun.start(e.pack(), e.groupId(), e.run(), e.notifyTo())),
        Optional.empty(), Optional.empty(), counters.packAssigned(), deployment);
  }

  AgentState onEpisodeStarted(EpisodeStarted e) {
    Episode ep = Episode.start(e.episodeId(), e.kind(), e.position(), e.taskId(), hints, e.prompt(), e.atMillis());
    return new AgentState(hints, pack.map(p -> p.at(e.position())), Optional.of(ep), lastSolve, counters,
        deployment.map(d -> d.onEpisodeStarted(e.kind(), e.taskId(), e.episodeId())));
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
    AgentState s = withEpisode(e.episodeId(), ep -> ep.finished(e.answer(), e.truncated(), e.reason()));
    Optional<String> taskId = episode.filter(ep -> ep.episodeId().equals(e.episodeId())).map(Episode::taskId);
    return taskId.isEmpty() ? s : s.withDeployment(d -> d.onSolveFinished(taskId.get(), e.answer(), e.truncated()));
  }

  AgentState onEpisodeScored(EpisodeScored e) {
    Optional<Episode> ep = episode.filter(x -> x.episodeId().equals(e.episodeId()));
    if (ep.isEmpty()) return this;
    LastSolve last = LastSolve.of(ep.get(), e.rewards(), e.feedback());
    return new AgentState(hints, pack.map(p -> p.scored(last.success(), last.reward())), episode, Optional.of(last), counters,
        deployment.map(d -> d.onScored(ep.get().taskId(), last, e.rewards(), e.feedback())));
  }

  AgentState onContextUpdated(ContextUpdated e) {
    return new AgentState(e.hints(), pack, episode, lastSolve, e.parsed() ? counters : counters.hintsParseFailed(), deployment);
  }

  /** Closes the episode it records: the one in flight, or a deployed agent's solve held for feedback. */
  AgentState onEpisodeCompleted(EpisodeCompleted e) {
    String id = e.record().episodeId();
    Optional<Episode> inFlight = episode.filter(ep -> ep.episodeId().equals(id));
    Optional<Episode> held = deployment.flatMap(d -> d.task(e.record().taskId())).flatMap(TaskEntry::held)
        .filter(ep -> ep.episodeId().equals(id));
    int malformed = inFlight.or(() -> held).map(Episode::malformedCalls).orElse(0);
    Optional<LastSolve> last = e.record().kind() == EpisodeKind.UPDATE ? Optional.empty() : lastSolve;
    Optional<Episode> next = inFlight.isPresent() || deployment.isEmpty() ? Optional.empty() : episode;
    return new AgentState(hints, pack, next, last, counters.episode(e.record(), malformed),
        deployment.map(d -> d.onEpisodeCompleted(e.record())));
  }

  AgentState onPackCompleted(PackCompleted e) {
    return new AgentState(hints, pack.map(PackRun::completed), Optional.empty(), Optional.empty(), counters.packCompleted(),
        deployment);
  }

  AgentState onPackHalted(PackHalted e) {
    return new AgentState(hints, pack.map(p -> p.halt(Optional.of(e.reason()))), episode, lastSolve, counters, deployment);
  }

  AgentState onPackResumed(PackResumed e) {
    return new AgentState(hints, pack.map(p -> p.halt(Optional.empty())), episode, lastSolve, counters, deployment);
  }

  AgentState onPackAbandoned(PackAbandoned e) {
    return new AgentState(hints, pack.map(PackRun::completed), Optional.empty(), Optional.empty(), counters, deployment);
  }

  // ---- deployed agents

  AgentState onAgentDeployed(AgentDeployed e) {
    Deployment d = deployment.map(x -> x.withProfile(e.profile())).orElseGet(() -> Deployment.start(e.profile(), e.atMillis()));
    // a finished pack from before stays in the counters only: a deployed agent's position is its task counter
    return new AgentState(e.hints(), Optional.empty(), episode, lastSolve, counters, Optional.of(d));
  }

  AgentState onTaskAccepted(TaskAccepted e) {
    return withDeployment(d -> d.onAccepted(TaskEntry.accepted(e.task(), e.verifier(), e.position(), e.notifyTo(), e.atMillis())));
  }

  /** An unverified task's finished solve leaves the episode slot and waits in its task for feedback. */
  AgentState onTaskAnswered(TaskAnswered e) {
    Optional<Episode> ep = episode.filter(x -> x.taskId().equals(e.taskId()));
    AgentState s = withDeployment(d -> d.onAnswered(e.taskId(), ep, e.atMillis()));
    return e.awaitingFeedback() && ep.isPresent() ? s.withoutEpisode() : s;
  }

  AgentState onFeedbackReceived(FeedbackReceived e) {
    return withDeployment(d -> d.task(e.taskId()).flatMap(TaskEntry::held)
        .map(held -> d.onFeedback(e.taskId(), LastSolve.of(held, e.rewards(), e.feedback().text()), e.rewards(), e.feedback().text()))
        .orElse(d));
  }

  AgentState onTaskFailed(TaskFailed e) {
    AgentState s = withDeployment(d -> d.onFailed(e.taskId(), e.reason(), e.atMillis()));
    return episode.filter(ep -> ep.taskId().equals(e.taskId())).isPresent() ? s.withoutEpisode() : s;
  }

  AgentState onTaskExpired(TaskExpired e) { return withDeployment(d -> d.onExpired(e.taskId(), e.reason(), e.atMillis())); }

  AgentState onTaskForgotten(TaskForgotten e) { return withDeployment(d -> d.onForgotten(e.taskId())); }

  private AgentState withDeployment(UnaryOperator<Deployment> f) {
    if (deployment.isEmpty()) return this;
    return new AgentState(hints, pack, episode, lastSolve, counters, deployment.map(f));
  }

  private AgentState withoutEpisode() {
    return new AgentState(hints, pack, Optional.empty(), lastSolve, counters, deployment);
  }

  private AgentState withEpisode(String episodeId, UnaryOperator<Episode> f) {
    return new AgentState(hints, pack, episode.map(ep -> ep.episodeId().equals(episodeId) ? f.apply(ep) : ep), lastSolve, counters,
        deployment);
  }
}
