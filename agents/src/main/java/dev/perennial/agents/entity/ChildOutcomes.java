package dev.perennial.agents.entity;

import dev.perennial.agents.execution.ToolExecutor;
import dev.perennial.agents.execution.ToolFailureKind;
import dev.perennial.agents.execution.VerifierWorker;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.environments.Score;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What an agent decides when one of its supervised children answers: a tool executor's outcome or
 * its death, a verifier's verdict or its death. Each method settles the child's bookkeeping in
 * {@link AgentRuntime} at once and returns the decision (the events to persist, computed when the
 * entity runs it, so that a decision that throws halts the pack there), or empty when the answer is
 * stale: its episode has moved on.
 */
final class ChildOutcomes {
  private final String agentId;
  private final Logger log;
  private final AgentRuntime runtime;
  private final EpisodeSteps steps;
  private final DeploymentSteps deployment;

  ChildOutcomes(String agentId, Logger log, AgentRuntime runtime, EpisodeSteps steps, DeploymentSteps deployment) {
    this.agentId = agentId;
    this.log = log;
    this.runtime = runtime;
    this.steps = steps;
    this.deployment = deployment;
  }

  // ---- tool calls

  Optional<Supplier<List<AgentEvent>>> tool(AgentState s, ToolExecutor.Outcome outcome) {
    if (outcome instanceof ToolExecutor.Crashed crash) {
      log.warn("agent {}: {} (attempt {})", agentId, crash.reason(), crash.attempt());
      runtime.crashed(crash.callId(), crash.reason());
      return Optional.empty();
    }
    Optional<Episode> ep = awaitingCall(s, outcome.callId());
    if (ep.isEmpty()) {
      runtime.finishToolCall("", outcome.callId());
      return Optional.empty();
    }
    Episode e = ep.get();
    ToolCall call = e.pendingCall().orElseThrow();
    AgentRuntime.ToolRun run = runtime.finishToolCall(e.episodeId(), call.callId());
    if (outcome instanceof ToolExecutor.Completed done) {
      return Optional.of(() -> solveStep(s,
          steps.toolCompleted(e, call, done.output(), run.envActions(), run.environmentFinished(), done.millis())));
    }
    ToolExecutor.Failed failed = (ToolExecutor.Failed) outcome;
    return Optional.of(() -> solveStep(s,
        steps.toolFailed(e, call, failed.kind(), failed.reason(), run.envActions(), run.environmentFinished())));
  }

  Optional<Supplier<List<AgentEvent>>> executorStopped(AgentState s, String callId) {
    Optional<Episode> ep = awaitingCall(s, callId);
    if (ep.isEmpty()) return Optional.empty(); // it answered before stopping, as it should
    Episode e = ep.get();
    ToolCall call = e.pendingCall().orElseThrow();
    Optional<String> crash = runtime.crashReason(call.callId());
    AgentRuntime.ToolRun run = runtime.finishToolCall(e.episodeId(), call.callId());
    ToolFailureKind kind = crash.isPresent() ? ToolFailureKind.CRASHED : ToolFailureKind.EXECUTOR_STOPPED;
    String reason = crash.orElse("the " + call.tool() + " tool stopped before answering");
    return Optional.of(() -> solveStep(s, steps.toolFailed(e, call, kind, reason, run.envActions(), run.environmentFinished())));
  }

  private static Optional<Episode> awaitingCall(AgentState s, String callId) {
    return s.episode().filter(e -> e.awaiting(Episode.Phase.AWAITING_TOOL)
        && e.pendingCall().map(ToolCall::callId).filter(callId::equals).isPresent());
  }

  /** A deployed agent's solve that ends without a verifier is answered at once (and waits for feedback). */
  private List<AgentEvent> solveStep(AgentState s, List<AgentEvent> events) {
    return s.deployed() ? deployment.afterSolveStep(s, events, now()) : events;
  }

  // ---- scoring

  Optional<Supplier<List<AgentEvent>>> verdict(AgentState s, VerifierWorker.Outcome outcome) {
    Optional<Episode> ep = s.awaiting(Episode.Phase.AWAITING_SCORE, outcome.episodeId());
    if (ep.isEmpty() || !s.working()) return Optional.empty();
    runtime.scoreSettled(ep.get().episodeId());
    if (outcome instanceof VerifierWorker.Verdict v) return Optional.of(() -> scored(s, ep.get(), v.score(), v.feedback(), v.format()));
    return Optional.of(unscored(s, ep.get(), ((VerifierWorker.Unscored) outcome).reason()));
  }

  Optional<Supplier<List<AgentEvent>>> verifierStopped(AgentState s, String episodeId) {
    Optional<Episode> ep = s.awaiting(Episode.Phase.AWAITING_SCORE, episodeId);
    if (ep.isEmpty() || !s.working()) return Optional.empty();
    runtime.scoreSettled(episodeId);
    return Optional.of(unscored(s, ep.get(), "the verifier crashed"));
  }

  /** Scoring failed: the episode completes with outcome 0 and the reason in its feedback, never silently. */
  private Supplier<List<AgentEvent>> unscored(AgentState s, Episode ep, String reason) {
    log.warn("agent {}: episode {} not scored: {}", agentId, ep.episodeId(), reason);
    String feedback = "verification failed: " + reason;
    return () -> scored(s, ep, Score.fail(feedback), feedback, 0);
  }

  private List<AgentEvent> scored(AgentState s, Episode ep, Score score, String feedback, int format) {
    return s.deployed() ? deployment.scored(s, s.currentTask().orElseThrow(), ep, score, feedback, format, now())
        : steps.scored(s, s.pack().orElseThrow(), ep, score, feedback, format, now());
  }

  private static long now() { return System.currentTimeMillis(); }
}
