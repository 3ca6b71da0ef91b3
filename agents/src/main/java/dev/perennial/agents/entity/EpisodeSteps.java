package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import dev.perennial.agents.entity.AgentEvent.ContextUpdated;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeScored;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.PackAssigned;
import dev.perennial.agents.entity.AgentEvent.PackCompleted;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.ToolCallCompleted;
import dev.perennial.agents.entity.AgentEvent.ToolCallFailed;
import dev.perennial.agents.entity.AgentEvent.TurnGenerated;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.execution.ToolFailureKind;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.Segment;
import dev.perennial.agents.prompt.Prompts;
import dev.perennial.agents.prompt.TextCap;
import dev.perennial.agents.protocol.ParsedHints;
import dev.perennial.agents.protocol.ParsedTurn;
import dev.perennial.agents.protocol.TurnParser;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.Score;
import dev.perennial.environments.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's decisions, as pure functions from what happened to the events to persist: which
 * episode comes next, what a turn means, when an episode ends or is truncated, what an episode is
 * worth. No actor, no I/O (environment look-ups only read prompts and instructions), so each step
 * can be tested alone and the command handlers stay one line per outcome.
 */
final class EpisodeSteps {
  /** A generation that cannot be recorded (token ids and log-probs disagree): retrying will not fix it. */
  static final class InvalidGeneration extends Exception {
    InvalidGeneration(String message) { super(message); }
  }

  private final String agentId;
  private final AgentSettings settings;
  private final ToolRegistry tools;
  private final EnvironmentLookup environments;
  private final Prompts prompts;
  private final TurnParser parser;

  EpisodeSteps(String agentId, AgentSettings settings, ToolRegistry tools, EnvironmentLookup environments) {
    this.agentId = agentId;
    this.settings = settings;
    this.tools = tools;
    this.environments = environments;
    this.prompts = new Prompts(settings.prompt(), settings.protocol());
    this.parser = new TurnParser(settings.protocol());
  }

  Prompts prompts() { return prompts; }

  String agentId() { return agentId; }

  String episodeId(int run, EpisodeKind kind, int position) {
    return agentId + "#" + run + "/" + (kind == EpisodeKind.SOLVE ? "s" : "u") + position;
  }

  /** Assigning a pack starts its first solve episode in the same atomic write. */
  List<AgentEvent> assign(AgentState s, Pack pack, String groupId, Optional<ActorRef<AgentEntity.PackFinished>> notifyTo, long now) {
    int run = (int) s.counters().packsAssigned() + 1;
    String hints = settings.resetHintsPerPack() ? prompts.noHintsText() : s.hints();
    String group = groupId == null || groupId.isBlank() ? agentId + "#" + run : groupId;
    return List.of(new PackAssigned(pack, group, run, hints, notifyTo, now), startSolve(pack, run, 0, hints, now));
  }

  EpisodeStarted startSolve(Pack pack, int run, int position, String hints, long now) {
    Task task = pack.task(position);
    String prompt = prompts.solve(hints, instructions(pack), task.prompt(), task.tools());
    return new EpisodeStarted(episodeId(run, EpisodeKind.SOLVE, position), EpisodeKind.SOLVE, position, task.taskId(), prompt, now);
  }

  EpisodeStarted startUpdate(Pack pack, int run, int position, String hints, LastSolve last, long now) {
    Task task = pack.task(position);
    String prompt = prompts.update(hints, instructions(pack), task.prompt(), last.trajectory(), last.reward(), last.success(),
        last.feedback());
    return new EpisodeStarted(episodeId(run, EpisodeKind.UPDATE, position), EpisodeKind.UPDATE, position, task.taskId(), prompt, now);
  }

  /** Where an episode record belongs: its environment, pack and group. Deployed agents' tasks form an open-ended sequence (size 0). */
  record Origin(String environment, String packId, String groupId, int packSize) {
    static Origin of(PackRun p) { return new Origin(p.pack().environment(), p.pack().packId(), p.groupId(), p.pack().size()); }
  }

  /** What an update turn wrote: the new hints (the no-hints text when unparseable) and its penalty h_i. */
  record HintsUpdate(String hints, boolean parsed, String error, double penalty) {}

  /** The events for a policy turn of the episode in flight. */
  List<AgentEvent> turn(AgentState s, PackRun p, Episode ep, Generation g, long now) throws InvalidGeneration {
    Turn turn = toTurn(ep, g);
    return ep.kind() == EpisodeKind.UPDATE ? updateTurn(s, p, ep, turn, now) : solveTurn(p.pack().task(ep.position()), ep, turn);
  }

  /** The events for a solve turn: an answer, a tool call to run, or a rejected call (possibly ending the episode). */
  List<AgentEvent> solveTurn(Task task, Episode ep, Turn turn) {
    ParsedTurn parsed = parser.parse(turn.sampledText());
    boolean hitLength = turn.finishReason() == FinishReason.LENGTH;
    if (parsed instanceof ParsedTurn.Answer a) {
      boolean cut = !a.closed() && hitLength;
      return List.of(new TurnGenerated(ep.episodeId(), turn, Optional.empty(), "", false),
          new SolveFinished(ep.episodeId(), a.text(), cut, cut ? "max tokens per turn reached inside the answer" : "answered"));
    }
    if (parsed instanceof ParsedTurn.NoAction) {
      return List.of(new TurnGenerated(ep.episodeId(), turn, Optional.empty(), "", false), hitLength
          ? new SolveFinished(ep.episodeId(), "", true, "max tokens per turn (" + settings.maxTokensPerTurn() + ") reached")
          : new SolveFinished(ep.episodeId(), "", false, "the turn ended without a tool call or an answer"));
    }
    String rejection;
    if (parsed instanceof ParsedTurn.ToolCallRequest r) {
      if (!task.tools().contains(r.tool())) {
        rejection = "tool '" + r.tool() + "' is not available for this task"
            + (task.tools().isEmpty() ? " (no tools are)" : " (available: " + String.join(", ", task.tools()) + ")");
      } else if (tools.find(r.tool()).isEmpty()) {
        rejection = "tool '" + r.tool() + "' is not installed on this node";
      } else {
        ToolCall call = new ToolCall(ep.episodeId() + "/c" + ep.turns().size(), r.tool(), r.input());
        return List.of(new TurnGenerated(ep.episodeId(), turn, Optional.of(call), "", false));
      }
    } else {
      rejection = ((ParsedTurn.MalformedCall) parsed).reason();
    }
    List<AgentEvent> events = new ArrayList<>();
    events.add(new TurnGenerated(ep.episodeId(), turn, Optional.empty(), prompts.toolError(rejection), true));
    limitReached(ep.turns().size() + 1, ep.generatedTokens() + turn.generatedTokens())
        .ifPresent(reason -> events.add(new SolveFinished(ep.episodeId(), "", true, reason)));
    return events;
  }

  private List<AgentEvent> updateTurn(AgentState s, PackRun p, Episode ep, Turn turn, long now) {
    HintsUpdate update = hintsOf(turn);
    List<AgentEvent> events = new ArrayList<>(updateTurn(Origin.of(p), ep, turn, update, now));
    events.add(startSolve(p.pack(), p.run(), ep.position() + 1, update.hints(), now));
    return events;
  }

  /** The events of an update turn: the turn, the new context {@code u}, and the update episode's record. */
  List<AgentEvent> updateTurn(Origin origin, Episode ep, Turn turn, HintsUpdate u, long now) {
    // no verifier judges an update: success stays false; h_i is the penalty, the parse error the feedback
    EpisodeRecord record = record(origin, ep, List.of(turn), ep.taskId(), new Rewards(0.0, 0.0, u.penalty(), false), "", u.hints(),
        u.error(), false, now);
    return List.of(
        new TurnGenerated(ep.episodeId(), turn, Optional.empty(), "", false),
        new ContextUpdated(ep.episodeId(), u.hints(), u.parsed(), u.error()),
        new EpisodeCompleted(record));
  }

  HintsUpdate hintsOf(Turn turn) {
    ParsedHints parsed = parser.parseHints(turn.sampledText());
    String hints = parsed.hints().map(h -> TextCap.head(h, prompts.maxHintsChars())).orElse(prompts.noHintsText());
    return new HintsUpdate(hints, parsed.parsed(), parsed.error(), parsed.parsed() ? 0.0 : settings.hintsParsePenalty());
  }

  /**
   * The events for a tool call's result. {@code environmentFinished}: the task session reports the
   * task over (goal reached or failed) after this call.
   */
  List<AgentEvent> toolCompleted(Episode ep, ToolCall call, ToolOutput out, List<String> envActions, boolean environmentFinished,
      long millis) {
    List<AgentEvent> events = new ArrayList<>();
    events.add(new ToolCallCompleted(ep.episodeId(), call, out, envActions, prompts.interpreter(out.text()), millis));
    if (out.taskFinished() || environmentFinished) {
      events.add(new SolveFinished(ep.episodeId(), "", false, "the environment ended the task"));
    } else {
      limitReached(ep.turns().size(), ep.generatedTokens())
          .ifPresent(reason -> events.add(new SolveFinished(ep.episodeId(), "", true, reason)));
    }
    return events;
  }

  List<AgentEvent> toolFailed(Episode ep, ToolCall call, ToolFailureKind kind, String reason, List<String> envActions,
      boolean environmentFinished) {
    List<AgentEvent> events = new ArrayList<>();
    events.add(new ToolCallFailed(ep.episodeId(), call, kind, reason, envActions, prompts.toolError(reason)));
    if (environmentFinished) {
      events.add(new SolveFinished(ep.episodeId(), "", false, "the environment ended the task"));
    } else {
      limitReached(ep.turns().size(), ep.generatedTokens())
          .ifPresent(r -> events.add(new SolveFinished(ep.episodeId(), "", true, r)));
    }
    return events;
  }

  /** The events once a solve episode is scored: the record, then the update episode or the end of the pack. */
  List<AgentEvent> scored(AgentState s, PackRun p, Episode ep, Score score, String feedback, int format, long now) {
    Rewards rewards = solveRewards(ep, score, format);
    boolean success = rewards.success();
    EpisodeRecord record = solveRecord(Origin.of(p), ep, rewards, feedback, now);
    List<AgentEvent> events = new ArrayList<>();
    events.add(new EpisodeScored(ep.episodeId(), rewards, feedback, score.reason()));
    events.add(new EpisodeCompleted(record));
    if (p.lastPosition(ep.position())) {
      events.add(new PackCompleted(p.pack().packId(), p.run(), p.successes() + (success ? 1 : 0), p.rewardSum() + rewards.total(false)));
    } else {
      events.add(startUpdate(p.pack(), p.run(), ep.position(), s.hints(), LastSolve.of(ep, rewards, feedback), now));
    }
    return events;
  }

  /** Tokens the next turn may generate: the per-turn limit, or what is left of the episode's budget. */
  int nextTurnBudget(Episode ep) {
    if (ep.kind() == EpisodeKind.UPDATE) return settings.updateMaxTokens();
    return Math.max(1, Math.min(settings.maxTokensPerTurn(), settings.maxTokensPerEpisode() - ep.generatedTokens()));
  }

  List<String> stops(Episode ep) {
    return ep.kind() == EpisodeKind.UPDATE ? settings.protocol().updateStops() : settings.protocol().solveStops();
  }

  private Optional<String> limitReached(int turns, int generatedTokens) {
    if (turns >= settings.maxTurns()) return Optional.of("max turns (" + settings.maxTurns() + ") reached without an answer");
    if (generatedTokens >= settings.maxTokensPerEpisode()) {
      return Optional.of("max tokens per episode (" + settings.maxTokensPerEpisode() + ") reached without an answer");
    }
    return Optional.empty();
  }

  /** The rewards of a scored solve: a truncated episode never counts as a success and gets the truncation reward. */
  Rewards solveRewards(Episode ep, Score score, int format) {
    boolean success = !ep.truncated() && score.success();
    double outcome = ep.truncated() ? settings.truncationReward() : score.score();
    return new Rewards(outcome, format, 0.0, success);
  }

  EpisodeRecord solveRecord(Origin origin, Episode ep, Rewards rewards, String feedback, long now) {
    return record(origin, ep, ep.turns(), ep.taskId(), rewards, ep.answer(), ep.hints(), feedback, ep.truncated(), now);
  }

  /** Records the turn exactly as sampled; the injected ids are the policy's own tokenization of the pending text. */
  Turn toTurn(Episode ep, Generation g) throws InvalidGeneration {
    int[] ids = g.tokenIds() == null ? new int[0] : g.tokenIds();
    float[] logprobs = g.logprobs() == null ? new float[0] : g.logprobs();
    if (ids.length != logprobs.length) {
      throw new InvalidGeneration("the policy returned " + ids.length + " token ids but " + logprobs.length + " log-probs");
    }
    List<Segment> context = ep.context();
    long injectedSegments = context.stream().filter(seg -> seg instanceof Segment.Injected).count();
    int[] injectedIds = new int[0];
    if (!ep.pendingInjection().isEmpty() && g.injectedTokenIds().size() == injectedSegments) {
      injectedIds = g.injectedTokenIds().get(g.injectedTokenIds().size() - 1);
    } else if (!g.injectedTokenIds().isEmpty() && !ep.pendingInjection().isEmpty()) {
      throw new InvalidGeneration("the policy tokenized " + g.injectedTokenIds().size() + " injected segments of "
          + injectedSegments);
    }
    FinishReason reason = g.finishReason() == null ? FinishReason.EOS : g.finishReason();
    return new Turn(ep.pendingInjection(), injectedIds, g.text() == null ? "" : g.text(), ids, logprobs, reason, g.policyVersion());
  }

  private EpisodeRecord record(Origin o, Episode ep, List<Turn> turns, String taskId, Rewards rewards, String answer, String hints,
      String feedback, boolean truncated, long now) {
    long version = turns.isEmpty() ? 0 : turns.get(turns.size() - 1).policyVersion();
    return new EpisodeRecord(ep.episodeId(), agentId, o.environment(), o.packId(), o.groupId(), ep.position(), o.packSize(),
        ep.kind(), taskId, version, turns, rewards, answer, hints, feedback, truncated, ep.toolCalls(), ep.toolFailures(),
        ep.startedAtMillis(), now);
  }

  private String instructions(Pack pack) {
    return environments.find(pack.environment()).map(Environment::instructions).orElse("");
  }
}
