package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.execution.ToolFailureKind;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.environments.Pack;
import dev.perennial.persistence.CborSerializable;
import java.util.List;
import java.util.Optional;

/**
 * What happened to an agent, in the journal. Each event carries every decision already made
 * (the text to inject next, whether the episode is truncated), so replaying it needs neither the
 * policy, nor a tool, nor a verifier, nor the current configuration.
 */
public sealed interface AgentEvent extends CborSerializable {

  /**
   * A pack to work through, in order. {@code hints} is the context the pack starts from ("no
   * hints" unless the agent keeps its context across packs); {@code run} numbers the agent's packs.
   */
  record PackAssigned(Pack pack, String groupId, int run, String hints, Optional<ActorRef<AgentEntity.PackFinished>> notifyTo,
      long atMillis) implements AgentEvent {}

  /** An episode began; {@code prompt} is the text injected before its first turn. */
  record EpisodeStarted(String episodeId, EpisodeKind kind, int position, String taskId, String prompt, long atMillis)
      implements AgentEvent {}

  /**
   * One policy turn. {@code call}: the tool call it ends with, to run next. {@code injection}: text
   * injected before the next turn when it is already known (the error for a malformed call).
   */
  record TurnGenerated(String episodeId, Turn turn, Optional<ToolCall> call, String injection, boolean malformedCall)
      implements AgentEvent {}

  /** A tool call returned; {@code envActions} were applied to the task session during it; {@code injection} is the interpreter segment. */
  record ToolCallCompleted(String episodeId, ToolCall call, ToolOutput output, List<String> envActions, String injection,
      long millis) implements AgentEvent {}

  /** A tool call produced no output; {@code reason} is what the model is told (inside {@code injection}). */
  record ToolCallFailed(String episodeId, ToolCall call, ToolFailureKind kind, String reason, List<String> envActions,
      String injection) implements AgentEvent {}

  /** The solve episode ended (answer, environment finished, or truncation) and waits for its score. */
  record SolveFinished(String episodeId, String answer, boolean truncated, String reason) implements AgentEvent {}

  /** The verifier's verdict on a solve episode. */
  record EpisodeScored(String episodeId, Rewards rewards, String feedback, String verdict) implements AgentEvent {}

  /** An update episode wrote new hints (which replace the old), or failed to ({@code parsed} false, {@code error} why). */
  record ContextUpdated(String episodeId, String hints, boolean parsed, String error) implements AgentEvent {}

  /** A finished episode, as the learner trains on it. Tagged: this is the episode stream. */
  record EpisodeCompleted(EpisodeRecord record) implements AgentEvent {}

  /** The last solve of the pack completed. */
  record PackCompleted(String packId, int run, int successes, double rewardSum) implements AgentEvent {}

  /** Work on the pack stopped (the policy kept failing); {@code ResumePack} continues it. */
  record PackHalted(String reason, long atMillis) implements AgentEvent {}

  record PackResumed(long atMillis) implements AgentEvent {}

  /** The pack was given up; its in-flight episode is dropped and never reaches the stream. */
  record PackAbandoned(String reason, long atMillis) implements AgentEvent {}

  // ---- deployed agents: tasks from outside, one at a time, improved on by feedback

  /** The agent takes outside tasks from now on, working as {@code profile} says, starting from {@code hints}. */
  record AgentDeployed(AgentProfile profile, String hints, long atMillis) implements AgentEvent {}

  /**
   * An outside task joined the queue at {@code position} (the agent's task counter).
   * {@code verifier}: the resolved verifier ("" when the task waits for feedback instead).
   */
  record TaskAccepted(ExternalTask task, String verifier, int position, Optional<ActorRef<AgentEntity.TaskResult>> notifyTo,
      long atMillis) implements AgentEvent {}

  /**
   * The task's answer is out. {@code awaitingFeedback}: no verifier judged it, so its finished solve
   * episode is kept until feedback arrives (and leaves the agent's episode slot now).
   */
  record TaskAnswered(String taskId, String answer, boolean awaitingFeedback, long atMillis) implements AgentEvent {}

  /** Outside feedback on an answered task; {@code rewards} are its solve episode's rewards. */
  record FeedbackReceived(String taskId, Feedback feedback, Rewards rewards, long atMillis) implements AgentEvent {}

  /** The task's episode could not go on (the policy kept failing); the agent moves on to its next task. */
  record TaskFailed(String taskId, String reason, long atMillis) implements AgentEvent {}

  /** No feedback came before newer answered tasks pushed this one out; its solve never reaches the stream. */
  record TaskExpired(String taskId, String reason, long atMillis) implements AgentEvent {}

  /** A finished task leaves the agent's state (it stays in the journal). */
  record TaskForgotten(String taskId) implements AgentEvent {}
}
