package dev.perennial.agents.entity;

import static dev.perennial.agents.entity.AgentEpisodeTest.awaitIdle;
import static dev.perennial.agents.entity.AgentEpisodeTest.completed;
import static dev.perennial.agents.entity.AgentEpisodeTest.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentEpisodeTest.Run;
import dev.perennial.agents.entity.AgentEvent.PackHalted;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.ToolCallCompleted;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.CounterEnvironment;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.verify.FormatScorer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Restarts, policy failures, replay without side effects, and hostile model output. */
class AgentResilienceTest {
  static ActorTestKit kit;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() { kit = ActorTestKit.create("resilience", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  private Run agent(AgentDeps deps) {
    String id = "r" + ids.incrementAndGet();
    return new Run(id, EventSourcedBehaviorTestKit.create(kit.system(), AgentEntity.create(id, deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings()), null);
  }

  private static Config config(String extra) {
    return ConfigFactory.parseString(extra).withFallback(kit.system().settings().config());
  }

  private static StatusReply<Done> assign(Run run, dev.perennial.environments.Pack pack) {
    return run.esb().<StatusReply<Done>>runCommand(r -> new AgentEntity.AssignPack(pack, "", r)).reply();
  }

  @Test
  void environmentActionsAreReappliedToRebuildTheSessionAfterARestart() {
    CounterEnvironment env = new CounterEnvironment();
    AtomicBoolean holdSecondTurn = new AtomicBoolean(true);
    ScriptedPolicy policy = ScriptedPolicy.of(r -> "<code lang=\"env\">inc</code>")
        .holding(r -> holdSecondTurn.get() && ScriptedPolicy.turnIndex(r) == 1);
    Run run = agent(TestSystems.deps(config(""), policy, List.of(env), List.of(new TestTools.EnvActions())));
    assertTrue(assign(run, env.pack(PackSpec.train(1, 1))).isSuccess()); // target 2

    AgentRecovery.awaitTrue(() -> policy.heldCount() == 1); // one "inc" applied, the model is thinking about turn 2
    holdSecondTurn.set(false);
    run.esb().restart(); // a new incarnation: no live session, the turn is regenerated

    awaitIdle(run);
    List<ToolCallCompleted> calls = events(run, ToolCallCompleted.class);
    assertEquals(2, calls.size(), "one action before the restart, one after");
    calls.forEach(c -> assertEquals(List.of("inc"), c.envActions()));
    assertEquals("the environment ended the task", events(run, SolveFinished.class).get(0).reason());
    EpisodeRecord r = completed(run).get(0);
    assertTrue(r.rewards().success(), "the rebuilt session carried the first action: " + r.feedback());
    assertEquals("count 2, target 2", r.feedback());
    assertEquals(2, env.opened(), "opened once, rebuilt once after the restart");
    policy.releaseHeld();
  }

  @Test
  void retryablePolicyFailuresAreRetried() {
    ScriptedPolicy policy = ScriptedPolicy.of(new CodScript()).failingFirst(2, true);
    Run run = agent(TestSystems.deps(config(""), policy, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    assign(run, new AddRuleEnvironment().pack(PackSpec.train(3, 1)));
    awaitIdle(run);
    assertFalse(run.esb().getState().halted());
    assertEquals(1, completed(run).size());
    assertEquals(4, policy.requests().size(), "2 failures + 2 turns");
  }

  @Test
  void aPolicyThatKeepsFailingHaltsThePackAndResumeContinuesIt() {
    ScriptedPolicy policy = ScriptedPolicy.of(new CodScript()).failingFirst(1, false);
    Run run = agent(TestSystems.deps(config(""), policy, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    assign(run, new AddRuleEnvironment().pack(PackSpec.train(3, 2)));
    AgentRecovery.awaitTrue(() -> run.esb().getState().halted());
    assertEquals("the policy failed: scripted failure", events(run, PackHalted.class).get(0).reason());
    AgentStatus status = run.esb().<AgentStatus>runCommand(AgentEntity.GetStatus::new).reply();
    assertEquals(AgentStatus.Activity.HALTED, status.activity());
    assertEquals("the policy failed: scripted failure", status.haltReason().orElseThrow());

    assertTrue(run.esb().<StatusReply<Done>>runCommand(AgentEntity.ResumePack::new).reply().isSuccess());
    awaitIdle(run);
    assertEquals(3, completed(run).size());
  }

  @Test
  void replayingTheJournalCallsNeitherThePolicyNorAToolNorTheVerifier() {
    ScriptedPolicy policy = ScriptedPolicy.of(new CodScript());
    TestTools.Echo echo = new TestTools.Echo();
    AtomicInteger scored = new AtomicInteger();
    FormatScorer counting = (text, malformed) -> {
      scored.incrementAndGet();
      return new FormatScorer.FormatScore(0, "counted");
    };
    var deps = new AgentDeps(policy, EnvironmentLookup.of(List.of(new AddRuleEnvironment())), ToolRegistry.of(List.of(echo)),
        counting, AgentSettings.from(config("")));
    Run run = agent(deps);
    assign(run, new AddRuleEnvironment().pack(PackSpec.train(11, 3)));
    awaitIdle(run);
    AgentState before = run.esb().getState();
    int requests = policy.requests().size();
    int toolRuns = echo.runs.get();
    int scorings = scored.get();

    AgentState after = run.esb().restart().state();
    sleep(300);
    assertEquals(before.hints(), after.hints());
    assertEquals(before.counters(), after.counters());
    assertEquals(requests, policy.requests().size());
    assertEquals(toolRuns, echo.runs.get());
    assertEquals(scorings, scored.get());
  }

  @Test
  void randomModelOutputNeverCrashesTheAgent() {
    Random rnd = new Random(7);
    String[] pieces = {"<code lang=\"echo\">", "</code>", "<answer>", "</answer>", "<hints>", "</hints>", "<code", " lang=",
        "\"", ">", "<", "x", "\n", "<plan>", "</plan>", "<code lang=\"nope\">", "\uD83D\uDE00", "\u0000", "<reflect>"};
    ScriptedPolicy policy = ScriptedPolicy.of(r -> {
      StringBuilder sb = new StringBuilder();
      for (int i = rnd.nextInt(25); i > 0; i--) sb.append(pieces[rnd.nextInt(pieces.length)]);
      return sb.toString();
    });
    Run run = agent(TestSystems.deps(config("perennial.agents.max-turns = 4"), policy, List.of(new AddRuleEnvironment()),
        List.of(new TestTools.Echo())));
    for (int pack = 0; pack < 6; pack++) {
      assertTrue(assign(run, new AddRuleEnvironment().pack(PackSpec.train(100 + pack, 4))).isSuccess());
      awaitIdle(run);
      assertFalse(run.esb().getState().halted());
    }
    List<EpisodeRecord> records = completed(run);
    assertEquals(6 * 7, records.size());
    assertEquals(6 * 4, records.stream().filter(r -> r.kind() == EpisodeKind.SOLVE).count());
    assertTrue(policy.requests().size() >= 6 * 7);
  }

  @Test
  void abandoningDropsTheEpisodeInFlightAndFreesTheAgent() {
    ScriptedPolicy policy = ScriptedPolicy.of(new CodScript()).holding(r -> true);
    Run run = agent(TestSystems.deps(config(""), policy, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    assign(run, new AddRuleEnvironment().pack(PackSpec.train(5, 2)));
    AgentRecovery.awaitTrue(() -> policy.heldCount() == 1);
    assertTrue(run.esb().<StatusReply<Done>>runCommand(r -> new AgentEntity.AbandonPack("operator", r)).reply().isSuccess());
    policy.releaseHeld(); // the late answer is ignored
    sleep(200);
    assertFalse(run.esb().getState().busy());
    assertEquals(0, completed(run).size());
    assertTrue(assign(run, new AddRuleEnvironment().pack(PackSpec.train(6, 1))).isSuccess());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
