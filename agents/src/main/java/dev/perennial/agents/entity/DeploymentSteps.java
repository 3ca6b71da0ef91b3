package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.deploy.Refusal;
import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.entity.AgentEvent.AgentDeployed;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeScored;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.FeedbackReceived;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.TaskAccepted;
import dev.perennial.agents.entity.AgentEvent.TaskAnswered;
import dev.perennial.agents.entity.AgentEvent.TaskExpired;
import dev.perennial.agents.entity.AgentEvent.TaskFailed;
import dev.perennial.agents.entity.AgentEvent.TaskForgotten;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.prompt.TextCap;
import dev.perennial.environments.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decisions of a deployed agent, as pure functions from its state to the events to persist:
 * whether to take a profile, a task or feedback (or refuse, with the reason), what an episode's
 * outcome means for its task, and which episode comes next. The agent has one episode slot: after
 * every batch {@link #settle} starts the next work (an update first, so the next solve sees the new
 * hints, then the oldest queued task), expires answered tasks that waited too long for feedback and
 * forgets the oldest finished ones.
 */
final class DeploymentSteps {
  /** Events to persist, or why the command is refused (then nothing is persisted). */
  record Decision(List<AgentEvent> events, Optional<Refusal> refusal, String message) {
    static Decision persist(List<AgentEvent> events) { return new Decision(events, Optional.empty(), ""); }

    static Decision refuse(Refusal r, String message) { return new Decision(List.of(), Optional.of(r), message); }
  }

  private final String agentId;
  private final AgentDeps deps;
  private final EpisodeSteps steps;
  private final AgentSettings.Deploy limits;

  DeploymentSteps(String agentId, AgentDeps deps, EpisodeSteps steps) {
    this.agentId = agentId;
    this.deps = deps;
    this.steps = steps;
    this.limits = deps.settings().deploy();
  }

  // ---- commands

  Decision deploy(AgentState s, AgentProfile profile, long now) {
    if (s.busy()) {
      return Decision.refuse(Refusal.CONFLICT, "agent " + agentId + " is working pack "
          + s.pack().map(p -> p.pack().packId()).orElse("?") + "; abandon it first or deploy under another id");
    }
    if (s.deployment().isPresent()) {
      if (s.deployment().get().profile().equals(profile)) return Decision.persist(List.of()); // a retried create
      return Decision.refuse(Refusal.CONFLICT, "agent " + agentId + " is already deployed (policy "
          + s.deployment().get().profile().policy().describe() + ")");
    }
    Optional<String> invalid = invalid(profile);
    if (invalid.isPresent()) return Decision.refuse(Refusal.INVALID, invalid.get());
    String hints = profile.initialHints().isBlank() ? steps.prompts().noHintsText()
        : TextCap.head(profile.initialHints(), steps.prompts().maxHintsChars());
    return Decision.persist(List.of(new AgentDeployed(profile, hints, now)));
  }

  Decision accept(AgentState s, ExternalTask task, Optional<ActorRef<AgentEntity.TaskResult>> notifyTo, long now) {
    if (s.deployment().isEmpty()) return notDeployed();
    Deployment d = s.deployment().get();
    if (d.task(task.taskId()).isPresent()) return Decision.persist(List.of()); // resubmitted: the task already accepted stands
    String verifier;
    if (task.verifier().isPresent()) {
      verifier = task.verifier().get();
    } else if (task.groundTruth().isPresent()) {
      verifier = d.profile().defaultVerifier().orElse(limits.defaultVerifier());
    } else {
      verifier = "";
    }
    if (!verifier.isEmpty() && deps.verifiers().find(verifier).isEmpty()) {
      return Decision.refuse(Refusal.INVALID, "unknown verifier '" + verifier + "' (this node has: "
          + String.join(", ", deps.verifiers().names()) + ")");
    }
    if (d.unanswered() >= limits.maxPendingTasks()) {
      return Decision.refuse(Refusal.QUEUE_FULL, "agent " + agentId + " has " + d.unanswered()
          + " tasks not yet answered (perennial.agents.deploy.max-pending-tasks); retry later");
    }
    return Decision.persist(settle(s, List.of(new TaskAccepted(task, verifier, d.accepted(), notifyTo, now)), now));
  }

  Decision feedback(AgentState s, String taskId, Feedback feedback, long now) {
    if (s.deployment().isEmpty()) return notDeployed();
    Optional<TaskEntry> found = s.deployment().get().task(taskId);
    if (found.isEmpty()) return Decision.refuse(Refusal.UNKNOWN_TASK, "agent " + agentId + " has no task '" + taskId + "'");
    TaskEntry t = found.get();
    if (t.status() != TaskStatus.ANSWERED || t.held().isEmpty()) return Decision.refuse(Refusal.WRONG_STATE, whyNoFeedback(t));
    Episode held = t.held().get();
    double reward = feedback.reward().orElse(0.0);
    boolean success = feedback.success().orElse(reward >= limits.successThreshold());
    Rewards rewards = new Rewards(reward, format(held), 0.0, success);
    return Decision.persist(settle(s, List.of(
        new FeedbackReceived(taskId, feedback, rewards, now),
        new EpisodeCompleted(steps.solveRecord(origin(t), held, rewards, feedback.text(), now))), now));
  }

  /** Work left in the queue with no episode in flight (should not happen; recovers if it does). */
  List<AgentEvent> resume(AgentState s, long now) {
    return s.deployment().isPresent() && s.episode().isEmpty() ? settle(s, List.of(), now) : List.of();
  }

  // ---- episode outcomes

  List<AgentEvent> turn(AgentState s, TaskEntry task, Episode ep, Generation g, long now) throws EpisodeSteps.InvalidGeneration {
    Turn turn = steps.toTurn(ep, g);
    if (ep.kind() == EpisodeKind.SOLVE) return afterSolveStep(s, steps.solveTurn(task.asTask(profile(s)), ep, turn), now);
    return settle(s, steps.updateTurn(origin(task), ep, turn, steps.hintsOf(turn), now), now);
  }

  /** After a solve step (turn, tool result): a solve that finished without a verifier is answered and waits for feedback. */
  List<AgentEvent> afterSolveStep(AgentState s, List<AgentEvent> events, long now) {
    Optional<TaskEntry> task = s.currentTask();
    Optional<SolveFinished> finished = events.stream().filter(e -> e instanceof SolveFinished).map(e -> (SolveFinished) e).findFirst();
    if (task.isEmpty() || finished.isEmpty() || task.get().verified()) return settle(s, events, now);
    List<AgentEvent> out = new ArrayList<>(events);
    out.add(new TaskAnswered(task.get().taskId(), finished.get().answer(), true, now));
    return settle(s, out, now);
  }

  List<AgentEvent> scored(AgentState s, TaskEntry task, Episode ep, Score score, String feedback, int format, long now) {
    Rewards rewards = steps.solveRewards(ep, score, format);
    return settle(s, List.of(
        new EpisodeScored(ep.episodeId(), rewards, feedback, score.reason()),
        new EpisodeCompleted(steps.solveRecord(origin(task), ep, rewards, feedback, now)),
        new TaskAnswered(task.taskId(), ep.answer(), false, now)), now);
  }

  /** The episode in flight cannot go on: its task fails (or, for an update, finishes without new hints). */
  List<AgentEvent> failed(AgentState s, String reason, long now) {
    Optional<TaskEntry> task = s.currentTask();
    if (task.isEmpty()) return List.of();
    return settle(s, List.of(new TaskFailed(task.get().taskId(), reason, now)), now);
  }

  // ---- what comes next

  /** {@code events} plus the housekeeping and the next episode they lead to. */
  List<AgentEvent> settle(AgentState s, List<AgentEvent> events, long now) {
    List<AgentEvent> out = new ArrayList<>(events);
    AgentState after = s.applyAll(events);
    Deployment d = after.deployment().orElseThrow();
    for (TaskEntry t : d.overdue(limits.maxAwaitingFeedback())) {
      out.add(new TaskExpired(t.taskId(), "no feedback came before " + limits.maxAwaitingFeedback()
          + " newer answers were waiting (perennial.agents.deploy.max-awaiting-feedback)", now));
    }
    after = s.applyAll(out);
    if (after.episode().isEmpty()) next(after, now).ifPresent(out::add);
    d = s.applyAll(out).deployment().orElseThrow();
    int excess = d.finished().size() - limits.keepFinishedTasks();
    for (int i = 0; i < excess; i++) out.add(new TaskForgotten(d.finished().get(i)));
    return out;
  }

  private Optional<EpisodeStarted> next(AgentState s, long now) {
    Deployment d = s.deployment().orElseThrow();
    AgentProfile p = d.profile();
    if (!d.updates().isEmpty()) {
      TaskEntry t = d.tasks().get(d.updates().get(0));
      LastSolve last = t.lastSolve().orElseThrow(() -> new IllegalStateException("task " + t.taskId() + " has no scored solve"));
      String prompt = steps.prompts().update(s.hints(), p.instructions(), t.task().text(), last.trajectory(), last.reward(),
          last.success(), last.feedback());
      return Optional.of(new EpisodeStarted(episodeId(t, EpisodeKind.UPDATE), EpisodeKind.UPDATE, t.position(), t.taskId(), prompt, now));
    }
    if (!d.queue().isEmpty()) {
      TaskEntry t = d.tasks().get(d.queue().get(0));
      String prompt = steps.prompts().solve(s.hints(), p.instructions(), t.task().text(), p.tools());
      return Optional.of(new EpisodeStarted(episodeId(t, EpisodeKind.SOLVE), EpisodeKind.SOLVE, t.position(), t.taskId(), prompt, now));
    }
    return Optional.empty();
  }

  // ---- helpers

  private Optional<String> invalid(AgentProfile profile) {
    for (String tool : profile.tools()) {
      if (deps.tools().find(tool).isEmpty()) {
        return Optional.of("unknown tool '" + tool + "' (this node has: " + String.join(", ", new java.util.TreeSet<>(deps.tools().names())) + ")");
      }
    }
    Optional<String> verifier = profile.defaultVerifier();
    if (verifier.isPresent() && deps.verifiers().find(verifier.get()).isEmpty()) {
      return Optional.of("unknown verifier '" + verifier.get() + "' (this node has: " + String.join(", ", deps.verifiers().names()) + ")");
    }
    try {
      deps.policies().resolve(profile.policy());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  private Decision notDeployed() {
    return Decision.refuse(Refusal.NOT_DEPLOYED, "agent " + agentId + " is not deployed");
  }

  private static String whyNoFeedback(TaskEntry t) {
    return switch (t.status()) {
      case QUEUED, SOLVING, SCORING -> "task '" + t.taskId() + "' is not answered yet (" + t.status().name().toLowerCase()
          + "); send feedback once it is";
      case FAILED, EXPIRED -> "task '" + t.taskId() + "' is " + t.status().name().toLowerCase() + ": " + t.error();
      default -> t.verified()
          ? "task '" + t.taskId() + "' was scored by verifier '" + t.verifier() + "'; it takes no outside feedback"
          : "task '" + t.taskId() + "' already has its feedback";
    };
  }

  private int format(Episode held) {
    try {
      return Math.max(-1, Math.min(1, deps.formatScorer().score(held.responseText(), held.malformedCalls()).value()));
    } catch (RuntimeException e) {
      return 0; // a broken format scorer must not keep feedback from being recorded
    }
  }

  private AgentProfile profile(AgentState s) { return s.deployment().orElseThrow().profile(); }

  private EpisodeSteps.Origin origin(TaskEntry t) {
    return new EpisodeSteps.Origin(ExternalEnvironment.NAME, "deployment:" + agentId, agentId + "#t" + t.position(), 0);
  }

  private String episodeId(TaskEntry t, EpisodeKind kind) {
    return agentId + "#t" + t.position() + (kind == EpisodeKind.SOLVE ? "/s" : "/u");
  }
}
