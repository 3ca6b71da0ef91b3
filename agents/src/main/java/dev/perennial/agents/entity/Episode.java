package dev.perennial.agents.entity;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.Segment;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The episode an agent is in the middle of. Immutable; each {@code with…} returns the next state.
 *
 * @param pendingInjection text injected before the next turn: the prompt, then tool output or a tool-call error
 * @param pendingCall      the tool call being run (phase {@link Phase#AWAITING_TOOL})
 * @param envActions       environment actions applied so far, in order: re-applied to rebuild the task session
 * @param hints            the context the episode started with
 */
public record Episode(
    String episodeId,
    EpisodeKind kind,
    int position,
    String taskId,
    String hints,
    Phase phase,
    List<Turn> turns,
    String pendingInjection,
    Optional<ToolCall> pendingCall,
    List<String> envActions,
    int toolCalls,
    int toolFailures,
    int malformedCalls,
    int generatedTokens,
    String answer,
    boolean truncated,
    String endReason,
    long startedAtMillis) implements CborSerializable {

  /** Where an episode stands: what the agent waits for. */
  public enum Phase { AWAITING_TURN, AWAITING_TOOL, AWAITING_SCORE }

  public Episode {
    turns = List.copyOf(turns);
    envActions = List.copyOf(envActions);
  }

  static Episode start(String episodeId, EpisodeKind kind, int position, String taskId, String hints, String prompt, long at) {
    return new Episode(episodeId, kind, position, taskId, hints, Phase.AWAITING_TURN, List.of(), prompt, Optional.empty(),
        List.of(), 0, 0, 0, 0, "", false, "", at);
  }

  Episode withTurn(Turn turn, Optional<ToolCall> call, String injection, boolean malformed) {
    List<Turn> ts = new ArrayList<>(turns);
    ts.add(turn);
    return new Episode(episodeId, kind, position, taskId, hints, call.isPresent() ? Phase.AWAITING_TOOL : Phase.AWAITING_TURN,
        ts, injection, call, envActions, toolCalls + (call.isPresent() ? 1 : 0), toolFailures, malformedCalls + (malformed ? 1 : 0),
        generatedTokens + turn.generatedTokens(), answer, truncated, endReason, startedAtMillis);
  }

  Episode withToolResult(List<String> applied, String injection, boolean failed) {
    List<String> actions = new ArrayList<>(envActions);
    actions.addAll(applied);
    return new Episode(episodeId, kind, position, taskId, hints, Phase.AWAITING_TURN, turns, injection, Optional.empty(),
        actions, toolCalls, toolFailures + (failed ? 1 : 0), malformedCalls, generatedTokens, answer, truncated, endReason,
        startedAtMillis);
  }

  Episode finished(String finalAnswer, boolean wasTruncated, String reason) {
    return new Episode(episodeId, kind, position, taskId, hints, Phase.AWAITING_SCORE, turns, pendingInjection, Optional.empty(),
        envActions, toolCalls, toolFailures, malformedCalls, generatedTokens, finalAnswer, wasTruncated, reason, startedAtMillis);
  }

  /**
   * The context for the next policy call: every turn's injected text and its exact sampled tokens,
   * then the pending injection.
   */
  List<Segment> context() {
    List<Segment> segments = new ArrayList<>();
    for (Turn t : turns) {
      if (!t.injectedText().isEmpty()) segments.add(new Segment.Injected(t.injectedText()));
      segments.add(new Segment.Generated(t.sampledText(), t.sampledTokenIds()));
    }
    if (!pendingInjection.isEmpty()) segments.add(new Segment.Injected(pendingInjection));
    return segments;
  }

  /** What the agent did after the prompt: generated text and tool output, for the update episode. */
  String trajectory() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < turns.size(); i++) {
      if (i > 0) sb.append(turns.get(i).injectedText());
      sb.append(turns.get(i).sampledText());
    }
    if (!turns.isEmpty()) sb.append(pendingInjection);
    return sb.toString();
  }

  /** All generated text (tool output excluded), for the format score. */
  String responseText() {
    StringBuilder sb = new StringBuilder();
    turns.forEach(t -> sb.append(t.sampledText()));
    return sb.toString();
  }

  boolean awaiting(Phase p) { return phase == p; }
}
