package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.deploy.PolicyLookup;
import dev.perennial.agents.deploy.PolicySpec;
import dev.perennial.agents.deploy.Refusal;
import dev.perennial.agents.deploy.TaskReply;
import dev.perennial.agents.deploy.TaskStatus;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEvent.AgentDeployed;
import dev.perennial.agents.entity.AgentEvent.ContextUpdated;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.FeedbackReceived;
import dev.perennial.agents.entity.AgentEvent.TaskAccepted;
import dev.perennial.agents.entity.AgentEvent.TaskAnswered;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.environments.PackSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deployed agents: outside tasks, verifier or feedback, update episodes, refusals; in-memory journal, serialization checked. */
class DeployedAgentTest {
  static ActorTestKit kit;
  static final AtomicInteger ids = new AtomicInteger();
  static final AgentProfile PROFILE = AgentProfile.basic(PolicySpec.DEFAULT, List.of("echo"));

  @BeforeAll
  static void start() { kit = ActorTestKit.create("deployed", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  record Agent(String id, EventSourcedBehaviorTestKit<AgentEntity.Command, AgentEvent, AgentState> esb) {
    <E> E next(Class<E> type) {
      return esb.persistenceTestKit().expectNextPersistedClass("Agent|" + id, type, TestSystems.patience());
    }

    <E> E skipTo(Class<E> type) {
      long deadline = System.currentTimeMillis() + TestSystems.patience().toMillis();
      while (System.currentTimeMillis() < deadline) {
        Object e = esb.persistenceTestKit().expectNextPersistedClass("Agent|" + id, Object.class, TestSystems.patience());
        if (type.isInstance(e)) return type.cast(e);
      }
      throw new AssertionError("no " + type.getSimpleName() + " persisted");
    }

    TaskReply assign(ExternalTask task, Optional<akka.actor.typed.ActorRef<AgentEntity.TaskResult>> notifyTo) {
      return esb.<TaskReply>runCommand(r -> new AgentEntity.AssignTask(task, notifyTo, r)).reply();
    }

    TaskReply feedback(String taskId, Feedback f) {
      return esb.<TaskReply>runCommand(r -> new AgentEntity.ProvideFeedback(taskId, f, r)).reply();
    }

    TaskView task(String taskId) {
      return ((TaskReply.Ok) esb.<TaskReply>runCommand(r -> new AgentEntity.GetTask(taskId, r)).reply()).task();
    }

    DeployReply deploy(AgentProfile profile) {
      return esb.<DeployReply>runCommand(r -> new AgentEntity.Deploy(profile, r)).reply();
    }
  }

  static Agent agent(AgentDeps deps) {
    String id = "d" + ids.incrementAndGet();
    return new Agent(id, EventSourcedBehaviorTestKit.create(kit.system(), AgentEntity.create(id, deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings()));
  }

  static AgentDeps deps(Policy policy, String extraConfig) {
    Config config = ConfigFactory.parseString(extraConfig).withFallback(kit.system().settings().config());
    return TestSystems.deps(config, policy, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo()));
  }

  static Agent deployed(Policy policy, String extraConfig) {
    Agent a = agent(deps(policy, extraConfig));
    assertInstanceOf(DeployReply.Ok.class, a.deploy(PROFILE));
    a.next(AgentDeployed.class);
    return a;
  }

  static ExternalTask verified(String id, int x, int truth) {
    return new ExternalTask(id, "x=" + x, Optional.of(Integer.toString(truth)), Optional.empty(), Map.of());
  }

  @Test
  void aVerifiedTaskIsSolvedScoredAnsweredThenLearnedFrom() {
    Agent a = deployed(ScriptedPolicy.of(new DeployScript(true)), "");
    TestProbe<AgentEntity.TaskResult> caller = kit.createTestProbe();
    TaskReply accepted = a.assign(verified("q1", 5, 8), Optional.of(caller.ref()));
    assertEquals(TaskStatus.SOLVING, ((TaskReply.Ok) accepted).task().status(), "an idle agent starts at once");

    TaskAccepted acc = a.next(TaskAccepted.class);
    assertEquals("exact", acc.verifier());
    EpisodeStarted solve = a.next(EpisodeStarted.class);
    assertEquals(EpisodeKind.SOLVE, solve.kind());
    EpisodeRecord record = a.skipTo(EpisodeCompleted.class).record();
    assertEquals("external", record.environment());
    assertEquals("5", record.answer());
    assertFalse(record.rewards().success());
    TaskAnswered answered = a.next(TaskAnswered.class);
    assertFalse(answered.awaitingFeedback());

    TaskView told = caller.receiveMessage(TestSystems.patience()).task();
    assertEquals("5", told.answer());
    assertEquals(Optional.of(0.0), told.reward());
    assertTrue(told.verdict().contains("expected 8"), told.verdict());

    assertEquals(EpisodeKind.UPDATE, a.next(EpisodeStarted.class).kind());
    assertEquals("k=3", a.skipTo(ContextUpdated.class).hints());
    a.next(EpisodeCompleted.class);
    TaskView done = a.task("q1");
    assertEquals(TaskStatus.DONE, done.status());
    assertEquals("k=3", done.hintsAfter());

    // the next task benefits from the hints
    a.assign(verified("q2", 10, 13), Optional.empty());
    assertEquals("13", a.skipTo(EpisodeCompleted.class).record().answer());
    assertEquals(Optional.of(true), a.task("q2").success());
  }

  @Test
  void anUnverifiedTaskWaitsForFeedbackWhichStartsItsUpdate() {
    Agent a = deployed(ScriptedPolicy.of(new DeployScript(false)), "");
    a.assign(ExternalTask.of("f1", "x=2"), Optional.empty());
    TaskAnswered answered = a.skipTo(TaskAnswered.class);
    assertTrue(answered.awaitingFeedback());
    assertEquals("2", answered.answer());
    assertEquals(TaskStatus.ANSWERED, a.task("f1").status());
    assertFalse(a.esb().getState().episode().isPresent(), "the answered solve leaves the episode slot");

    TaskReply early = a.feedback("nope", new Feedback(Optional.of(1.0), Optional.empty(), ""));
    assertEquals(Refusal.UNKNOWN_TASK, ((TaskReply.Refused) early).reason());

    a.feedback("f1", new Feedback(Optional.of(0.0), Optional.empty(), "wrong, expected 9"));
    FeedbackReceived fb = a.next(FeedbackReceived.class);
    assertFalse(fb.rewards().success());
    EpisodeRecord solve = a.next(EpisodeCompleted.class).record();
    assertEquals(EpisodeKind.SOLVE, solve.kind());
    assertEquals("wrong, expected 9", solve.feedback());
    assertEquals(EpisodeKind.UPDATE, a.next(EpisodeStarted.class).kind());
    assertEquals("k=7", a.skipTo(ContextUpdated.class).hints());
    a.next(EpisodeCompleted.class);
    assertEquals(TaskStatus.DONE, a.task("f1").status());

    TaskReply twice = a.feedback("f1", new Feedback(Optional.of(1.0), Optional.empty(), ""));
    assertEquals(Refusal.WRONG_STATE, ((TaskReply.Refused) twice).reason());
  }

  @Test
  void refusesWhatItCannotDo() {
    Agent fresh = agent(deps(ScriptedPolicy.of(new DeployScript(false)), ""));
    assertEquals(Refusal.NOT_DEPLOYED, ((TaskReply.Refused) fresh.assign(ExternalTask.of("t", "x=1"), Optional.empty())).reason());
    var badTool = fresh.deploy(AgentProfile.basic(PolicySpec.DEFAULT, List.of("nope")));
    assertEquals(Refusal.INVALID, ((DeployReply.Refused) badTool).reason());
    assertTrue(((DeployReply.Refused) badTool).message().contains("unknown tool 'nope'"));
    var badPolicy = fresh.deploy(AgentProfile.basic(PolicySpec.parse("djl", ""), List.of()));
    assertEquals(Refusal.INVALID, ((DeployReply.Refused) badPolicy).reason());

    Agent a = deployed(ScriptedPolicy.of(new DeployScript(false)), "");
    assertInstanceOf(DeployReply.Ok.class, a.deploy(PROFILE), "deploying again with the same profile is a retry");
    assertEquals(Refusal.CONFLICT, ((DeployReply.Refused) a.deploy(AgentProfile.basic(PolicySpec.DEFAULT, List.of()))).reason());
    var unknown = a.assign(new ExternalTask("t", "x=1", Optional.empty(), Optional.of("astrology"), Map.of()), Optional.empty());
    assertEquals(Refusal.INVALID, ((TaskReply.Refused) unknown).reason());
    assertTrue(((TaskReply.Refused) unknown).message().contains("unknown verifier 'astrology' (this node has: exact)"));
    StatusReply<Done> pack = a.esb().<StatusReply<Done>>runCommand(r -> new AgentEntity.AssignPack(
        new AddRuleEnvironment().pack(PackSpec.train(1, 2)), "g", r)).reply();
    assertTrue(pack.isError());
  }

  @Test
  void tasksQueueBeyondTheLimitAreRefusedAndUpdatesGoBeforeTheNextSolve() {
    ScriptedPolicy policy = ScriptedPolicy.of(new DeployScript(false)).holding(r -> ScriptedPolicy.prompt(r).contains("x=1<"));
    Agent a = deployed(policy, "perennial.agents.deploy.max-pending-tasks = 2");
    a.assign(ExternalTask.of("h1", "x=1"), Optional.empty());
    a.assign(verified("h2", 2, 4), Optional.empty());
    TaskReply full = a.assign(ExternalTask.of("h3", "x=3"), Optional.empty());
    assertEquals(Refusal.QUEUE_FULL, ((TaskReply.Refused) full).reason());
    assertEquals(TaskStatus.QUEUED, ((TaskReply.Ok) a.assign(ExternalTask.of("h2", "ignored"), Optional.empty())).task().status(),
        "a resubmitted id returns the task already accepted");

    awaitHeld(policy);
    policy.releaseHeld();
    assertEquals("h1", a.skipTo(TaskAnswered.class).taskId());
    // h2 is solved and scored (verifier), then its update runs before anything else
    EpisodeStarted s2 = a.next(EpisodeStarted.class);
    assertEquals("h2", s2.taskId());
    a.skipTo(TaskAnswered.class);
    EpisodeStarted u2 = a.next(EpisodeStarted.class);
    assertEquals(EpisodeKind.UPDATE, u2.kind());
    assertEquals("h2", u2.taskId());
  }

  @Test
  void aFailingPolicyFailsTheTaskAndTheAgentMovesOn() {
    Agent a = deployed(ScriptedPolicy.of(new DeployScript(false)).failingFirst(1, false), "");
    a.assign(ExternalTask.of("p1", "x=1"), Optional.empty());
    a.assign(ExternalTask.of("p2", "x=2"), Optional.empty());
    AgentEvent.TaskFailed failed = a.skipTo(AgentEvent.TaskFailed.class);
    assertEquals("p1", failed.taskId());
    assertEquals(TaskStatus.FAILED, a.task("p1").status());
    assertTrue(a.task("p1").error().contains("scripted failure"));
    assertEquals("p2", a.skipTo(TaskAnswered.class).taskId());
  }

  @Test
  void aProfileChoosesItsPolicyByName() {
    ScriptedPolicy node = ScriptedPolicy.of(new DeployScript(false));
    ScriptedPolicy remote = ScriptedPolicy.of(new DeployScript(false));
    PolicySpec spec = PolicySpec.parse("openai:http://127.0.0.1:9/v1", "m");
    PolicyLookup lookup = s -> {
      if (s.equals(spec)) return remote;
      return PolicyLookup.only(node).resolve(s);
    };
    Agent a = agent(deps(node, "").withPolicies(lookup));
    assertInstanceOf(DeployReply.Ok.class, a.deploy(AgentProfile.basic(spec, List.of())));
    a.assign(ExternalTask.of("o1", "x=4"), Optional.empty());
    a.skipTo(TaskAnswered.class);
    assertEquals(1, remote.requests().size());
    assertEquals(0, node.requests().size());
  }

  @Test
  void oldAnswersWithoutFeedbackExpireAndFinishedTasksAreForgotten() {
    Agent a = deployed(ScriptedPolicy.of(new DeployScript(false)),
        "perennial.agents.deploy { max-awaiting-feedback = 1, keep-finished-tasks = 1 }");
    a.assign(ExternalTask.of("e1", "x=1"), Optional.empty());
    a.skipTo(TaskAnswered.class);
    a.assign(ExternalTask.of("e2", "x=2"), Optional.empty());
    a.skipTo(TaskAnswered.class);
    assertEquals("e1", a.next(AgentEvent.TaskExpired.class).taskId());
    assertEquals(TaskStatus.EXPIRED, a.task("e1").status());
    a.assign(ExternalTask.of("e3", "x=3"), Optional.empty());
    a.skipTo(TaskAnswered.class);
    assertEquals("e2", a.next(AgentEvent.TaskExpired.class).taskId());
    assertEquals("e1", a.next(AgentEvent.TaskForgotten.class).taskId());
    assertEquals(Refusal.UNKNOWN_TASK,
        ((TaskReply.Refused) a.esb().<TaskReply>runCommand(r -> new AgentEntity.GetTask("e1", r)).reply()).reason());
  }

  @Test
  void aRestartInTheMiddleOfTheQueueFinishesEveryTask() {
    ScriptedPolicy policy = ScriptedPolicy.of(new DeployScript(false)).holding(r -> true);
    Agent a = deployed(policy, "");
    for (int i = 0; i < 3; i++) a.assign(ExternalTask.of("r" + i, "x=" + i), Optional.empty());
    awaitHeld(policy);
    a.esb().restart();
    // the restarted incarnation asks the policy again: answer everything from now on
    long deadline = System.currentTimeMillis() + TestSystems.patience().toMillis();
    while (System.currentTimeMillis() < deadline
        && List.of("r0", "r1", "r2").stream().anyMatch(id -> a.task(id).status() != TaskStatus.ANSWERED)) {
      policy.releaseHeld();
      sleep(20);
    }
    for (String id : List.of("r0", "r1", "r2")) assertEquals(TaskStatus.ANSWERED, a.task(id).status(), id);
  }

  static void awaitHeld(ScriptedPolicy policy) {
    long deadline = System.currentTimeMillis() + TestSystems.patience().toMillis();
    while (policy.heldCount() == 0) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("the policy was never asked");
      sleep(10);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
