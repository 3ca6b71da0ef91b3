package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import dev.perennial.agents.entity.AgentEntity.Command;
import dev.perennial.agents.execution.ToolExecutor;
import dev.perennial.agents.execution.VerifierWorker;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.deploy.PolicySpec;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The side effects of one agent incarnation: calling the policy, spawning tool executors and
 * verifier workers, keeping the live task session, passivating when idle. {@link #drive} looks at
 * the persisted state and starts whatever it waits for, at most once per incarnation; it runs after
 * every persist and on recovery, which is how in-flight work is re-driven after a crash. Nothing
 * here is persisted: results come back as commands and the entity persists them.
 */
final class AgentRuntime {
  private static final String IDLE_TIMER = "idle";

  /** What a finished tool call did to the environment. */
  record ToolRun(List<String> envActions, boolean environmentFinished) {}

  /** The task of the episode in flight, and the environment its sessions come from. */
  private record Scope(Task task, Environment environment) {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final AgentDeps deps;
  private final EpisodeSteps steps;
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final ActorRef<ToolExecutor.Outcome> toolReplies;
  private final ActorRef<VerifierWorker.Outcome> verifierReplies;
  private final SessionCache sessions = new SessionCache();
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Integer> turnAttempts = new HashMap<>();
  private final Map<String, RecordingSession> recorders = new HashMap<>();
  private final Map<String, String> crashes = new HashMap<>();
  private final ExternalEnvironment external;
  private int children;

  AgentRuntime(ActorContext<Command> ctx, TimerScheduler<Command> timers, AgentDeps deps, EpisodeSteps steps,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    this.ctx = ctx;
    this.timers = timers;
    this.deps = deps;
    this.steps = steps;
    this.shard = shard;
    this.toolReplies = ctx.messageAdapter(ToolExecutor.Outcome.class, AgentEntity.ToolOutcomeReceived::new);
    this.verifierReplies = ctx.messageAdapter(VerifierWorker.Outcome.class, AgentEntity.VerifierOutcomeReceived::new);
    this.external = new ExternalEnvironment(deps.verifiers());
  }

  /** Starts what the state waits for (once), or the idle timer when there is nothing to do. */
  void drive(AgentState s) {
    if (s.working() && s.episode().isEmpty()) {
      if (s.deployed()) {
        ctx.getSelf().tell(new AgentEntity.ResumeWork()); // queued tasks and no episode: start the next
        return;
      }
      ctx.getLog().error("agent {} works a pack but has no episode in flight; it stays idle", steps.agentId());
    }
    if (!s.working() || s.episode().isEmpty()) {
      timers.startSingleTimer(IDLE_TIMER, new AgentEntity.PassivateIfIdle(), deps.settings().passivateAfterIdle());
      return;
    }
    timers.cancel(IDLE_TIMER);
    Episode ep = s.episode().get();
    switch (ep.phase()) {
      case AWAITING_TURN -> requestTurn(s, ep);
      case AWAITING_TOOL -> ep.pendingCall().ifPresent(call -> runTool(s, ep, call));
      case AWAITING_SCORE -> score(s, ep);
    }
  }

  /** Pack episodes: the pack's task and environment; a deployed agent's: its outside task, scored by name. */
  private Scope scope(AgentState s, Episode ep) {
    Optional<TaskEntry> outside = s.currentTask();
    if (outside.isPresent()) return new Scope(outside.get().asTask(s.deployment().orElseThrow().profile()), external);
    PackRun p = s.pack().orElseThrow(() -> new IllegalStateException("episode " + ep.episodeId() + " belongs to no pack or task"));
    return new Scope(p.pack().task(ep.position()), environment(p));
  }

  /** The node's policy, or the one a deployed agent's profile names. */
  private Policy policy(AgentState s) {
    Optional<PolicySpec> spec = s.deployment().map(d -> d.profile().policy()).filter(p -> !p.equals(PolicySpec.DEFAULT));
    return spec.isEmpty() ? deps.policy() : deps.policies().resolve(spec.get());
  }

  // ---- policy turns

  private void requestTurn(AgentState s, Episode ep) {
    int index = ep.turns().size();
    String key = turnKey(ep.episodeId(), index);
    if (!inFlight.add(key)) return;
    int attempt = turnAttempts.getOrDefault(key, 0);
    String requestId = ep.episodeId() + "/t" + index;
    GenerationRequest request = new GenerationRequest(requestId, ep.context(),
        deps.settings().samplingParams(steps.nextTurnBudget(ep), steps.stops(ep)), seed(requestId, attempt));
    CompletionStage<Generation> result;
    try {
      result = policy(s).generate(request).toCompletableFuture()
          .orTimeout(deps.settings().policyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (IllegalArgumentException e) { // the profile names a policy this node cannot have: retrying will not help
      result = CompletableFuture.failedFuture(new PolicyException(e.getMessage(), false));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(result, (g, err) -> {
      if (err == null && g != null) return new AgentEntity.TurnReady(ep.episodeId(), index, g);
      Throwable cause = err == null ? new PolicyException("the policy returned no generation", false) : unwrap(err);
      return new AgentEntity.TurnFailed(ep.episodeId(), index, describePolicyFailure(cause), retryable(cause));
    });
  }

  void turnSettled(String episodeId, int index) { inFlight.remove(turnKey(episodeId, index)); }

  /** A resumed pack gets its full number of policy retries again. */
  void resetRetries() { turnAttempts.clear(); }

  /** Schedules another try of a failed turn; false when the retries are used up. */
  boolean scheduleRetry(String episodeId, int index) {
    String key = turnKey(episodeId, index);
    int attempt = turnAttempts.getOrDefault(key, 0);
    if (attempt >= deps.settings().policyRetries()) return false;
    turnAttempts.put(key, attempt + 1);
    Duration backoff = deps.settings().policyRetryBackoff().multipliedBy(1L << Math.min(attempt, 10));
    timers.startSingleTimer(key, new AgentEntity.RetryTurn(episodeId, index), backoff);
    ctx.getLog().warn("agent {}: policy call {} failed, retry {} of {} in {}", steps.agentId(), key, attempt + 1,
        deps.settings().policyRetries(), backoff);
    return true;
  }

  // ---- tool calls

  private void runTool(AgentState s, Episode ep, ToolCall call) {
    if (!inFlight.add("tool:" + call.callId())) return;
    Optional<Tool> tool = deps.tools().find(call.tool());
    Task task;
    TaskSession session;
    try {
      if (tool.isEmpty()) throw new IllegalStateException("tool '" + call.tool() + "' is not installed on this node");
      Scope scope = scope(s, ep);
      task = scope.task();
      session = sessions.get(scope.environment(), task, ep);
    } catch (RuntimeException e) {
      toolReplies.tell(new ToolExecutor.Failed(call.callId(), dev.perennial.agents.execution.ToolFailureKind.TOOL_ERROR,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 0));
      return;
    }
    RecordingSession recorder = new RecordingSession(session);
    recorders.put(call.callId(), recorder);
    ToolContext context = new ToolContext(ep.episodeId(), task, recorder, deps.workspaces().of(steps.agentId()));
    var job = new ToolExecutor.Job(ep.episodeId(), call, context, deps.settings().toolTimeout());
    var executor = ctx.spawn(ToolExecutor.supervised(tool.get(), job, deps.settings().supervision(), toolReplies),
        childName("tool", call.callId()));
    ctx.watchWith(executor, new AgentEntity.ExecutorStopped(ep.episodeId(), call.callId()));
  }

  void crashed(String callId, String reason) { crashes.put(callId, reason); }

  Optional<String> crashReason(String callId) { return Optional.ofNullable(crashes.get(callId)); }

  /** Closes the call's view of the session: the actions it applied, and whether the environment is now over. */
  ToolRun finishToolCall(String episodeId, String callId) {
    inFlight.remove("tool:" + callId);
    crashes.remove(callId);
    RecordingSession recorder = recorders.remove(callId);
    if (recorder == null) return new ToolRun(List.of(), false);
    List<String> actions = recorder.close();
    if (recorder.diverged()) {
      sessions.invalidate();
      return new ToolRun(actions, false);
    }
    sessions.advance(episodeId, actions.size());
    boolean finished;
    try {
      finished = !actions.isEmpty() && recorder.finished();
    } catch (RuntimeException e) {
      finished = false;
    }
    return new ToolRun(actions, finished);
  }

  // ---- scoring

  private void score(AgentState s, Episode ep) {
    if (!inFlight.add("score:" + ep.episodeId())) return;
    TaskSession session;
    try {
      Scope scope = scope(s, ep);
      endEpisodeTools(scope.task(), ep.episodeId());
      session = sessions.get(scope.environment(), scope.task(), ep);
    } catch (RuntimeException e) {
      verifierReplies.tell(new VerifierWorker.Unscored(ep.episodeId(), "the task session could not be opened: " + e.getMessage()));
      return;
    }
    var job = new VerifierWorker.Job(ep.episodeId(), session, ep.answer(), ep.responseText(), ep.malformedCalls(),
        deps.formatScorer(), deps.settings().verifierTimeout());
    var worker = ctx.spawn(VerifierWorker.supervised(job, deps.settings().supervision(), verifierReplies),
        childName("verifier", ep.episodeId()));
    ctx.watchWith(worker, new AgentEntity.VerifierStopped(ep.episodeId()));
  }

  void scoreSettled(String episodeId) {
    inFlight.remove("score:" + episodeId);
    sessions.invalidate();
  }

  /** Releases per-episode tool state (stateful interpreters); blocking, so on the tools dispatcher. */
  void endEpisodeTools(Task task, String episodeId) {
    Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(ToolExecutor.DISPATCHER));
    for (String name : task.tools()) {
      deps.tools().find(name).ifPresent(tool -> blocking.execute(() -> {
        try {
          tool.endEpisode(episodeId);
        } catch (RuntimeException e) {
          // a tool that cannot clean up must not affect the agent; its own logs say why
        }
      }));
    }
  }

  /**
   * After a deployed agent's batch is persisted: whoever waits for a task that was answered or
   * failed hears of it, and the tool state of its episode (when that episode ended here) is released.
   */
  void tasksSettled(AgentState before, List<AgentEvent> events, AgentState after) {
    for (AgentEvent e : events) {
      String taskId = e instanceof AgentEvent.TaskAnswered a ? a.taskId() : e instanceof AgentEvent.TaskFailed f ? f.taskId() : null;
      if (taskId == null) continue;
      Optional<TaskEntry> was = before.deployment().flatMap(d -> d.task(taskId));
      after.deployment().flatMap(d -> d.task(taskId)).ifPresent(now ->
          was.flatMap(TaskEntry::notifyTo).ifPresent(ref -> ref.tell(new AgentEntity.TaskResult(now.view(steps.agentId())))));
      boolean scoredAlready = e instanceof AgentEvent.TaskAnswered a && !a.awaitingFeedback(); // score() released the tools
      Optional<Episode> ended = before.episode().filter(ep -> ep.taskId().equals(taskId) && !scoredAlready);
      if (ended.isPresent() && was.isPresent()) {
        endEpisodeTools(was.get().asTask(before.deployment().orElseThrow().profile()), ended.get().episodeId());
      }
    }
  }

  /** Drops everything in flight (pack abandoned): running children are stopped, their answers ignored. */
  void abandon(Optional<Episode> ep, Optional<PackRun> p) {
    if (ep.isPresent() && p.isPresent()) endEpisodeTools(p.get().pack().task(ep.get().position()), ep.get().episodeId());
    ctx.getChildren().forEach(ctx::stop);
    inFlight.clear();
    recorders.values().forEach(RecordingSession::close);
    recorders.clear();
    sessions.invalidate();
  }

  // ---- passivation

  /** Asks the shard to passivate this agent; false when it is not sharded (the caller stops it). */
  boolean passivate() {
    shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(ctx.getSelf())));
    return shard.isPresent();
  }

  private Environment environment(PackRun p) {
    return deps.environments().find(p.pack().environment())
        .orElseThrow(() -> new IllegalStateException("environment '" + p.pack().environment() + "' is not available on this node"));
  }

  private String childName(String kind, String id) {
    return kind + "-" + id.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + (++children);
  }

  private static String turnKey(String episodeId, int index) { return "turn:" + episodeId + ":" + index; }

  /** Differs per agent, episode, turn and retry: agents of one group must sample differently. */
  static long seed(String requestId, int attempt) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < requestId.length(); i++) {
      h ^= requestId.charAt(i);
      h *= 0x100000001b3L;
    }
    return h ^ (attempt * 0x9E3779B97F4A7C15L);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean retryable(Throwable t) {
    if (t instanceof PolicyException p) return p.retryable();
    return true; // timeouts, I/O and unknown failures: a bounded number of retries, then the pack halts
  }

  private static String describePolicyFailure(Throwable t) {
    if (t instanceof TimeoutException) return "the policy did not answer in time";
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
