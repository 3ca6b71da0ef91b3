package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.PoisonPill;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.ToolCallFailed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.execution.ToolFailureKind;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.tools.Tool;
import dev.perennial.environments.PackSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent whose tool executor throws, hangs past its timeout, or dies records ToolCallFailed with
 * a reason the model then reads in its interpreter segment, and the episode goes on to its answer.
 */
class AgentSupervisionTest {
  static ActorTestKit kit;
  static PersistenceTestKit journal;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("supervision", TestSystems.inMemory("perennial.agents.tool-timeout = 400ms"));
    journal = PersistenceTestKit.create(kit.system());
  }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  /** Calls {@code toolName} once, then answers with what the interpreter said. */
  private static ScriptedPolicy callOnceThenAnswer(String toolName) {
    return ScriptedPolicy.of(r -> ScriptedPolicy.turnIndex(r) == 0
        ? "<code lang=\"" + toolName + "\">42</code>"
        : "<answer>" + ScriptedPolicy.between(ScriptedPolicy.lastInjected(r), "interpreter") + "</answer>");
  }

  private record Agent(String id, ActorRef<AgentEntity.Command> ref) {}

  private static Agent start(Tool tool, String extraConfig) {
    String id = "s" + ids.incrementAndGet();
    var config = ConfigFactory.parseString(extraConfig).withFallback(kit.system().settings().config());
    var env = new AddRuleEnvironment(List.of(tool.name()));
    var deps = TestSystems.deps(config, callOnceThenAnswer(tool.name()), List.of(env), List.of(tool));
    ActorRef<AgentEntity.Command> ref = kit.spawn(AgentEntity.create(id, deps), "agent-" + id);
    TestProbe<StatusReply<Done>> ack = kit.createTestProbe();
    ref.tell(new AgentEntity.AssignPack(env.pack(PackSpec.train(1, 1)), "g", ack.ref()));
    assertTrue(ack.receiveMessage().isSuccess());
    return new Agent(id, ref);
  }

  private static EpisodeRecord awaitEpisode(Agent a) {
    TestProbe<Object> probe = kit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(15), () -> {
      List<Object> events = journal.persistedInStorage("Agent|" + a.id());
      return events.stream().filter(e -> e instanceof EpisodeCompleted).map(e -> ((EpisodeCompleted) e).record()).findFirst()
          .orElseThrow(() -> new AssertionError("no episode yet"));
    });
  }

  private static ToolCallFailed failure(Agent a) {
    return journal.persistedInStorage("Agent|" + a.id()).stream().filter(e -> e instanceof ToolCallFailed)
        .map(e -> (ToolCallFailed) e).findFirst().orElseThrow();
  }

  @Test
  void aToolThatKeepsThrowingFailsTheCallAfterRestartsAndTheEpisodeGoesOn() {
    TestTools.Throwing boom = new TestTools.Throwing();
    Agent a = start(boom, "");
    EpisodeRecord r = awaitEpisode(a);
    ToolCallFailed f = failure(a);
    assertEquals(ToolFailureKind.CRASHED, f.kind());
    assertEquals("the boom tool failed: IllegalStateException: kaboom", f.reason());
    assertEquals(3, boom.runs.get(), "run, restart, restart (perennial.agents.supervision.tool-restarts = 2)");
    assertEquals("<interpreter>error: the boom tool failed: IllegalStateException: kaboom</interpreter>\n",
        r.turns().get(1).injectedText());
    assertEquals("error: the boom tool failed: IllegalStateException: kaboom", r.answer());
    assertEquals(1, r.toolFailures());
  }

  @Test
  void aHangingToolTimesOutAndTheModelIsToldSo() {
    TestTools.Hanging hang = new TestTools.Hanging();
    Agent a = start(hang, "");
    EpisodeRecord r = awaitEpisode(a);
    ToolCallFailed f = failure(a);
    assertEquals(ToolFailureKind.TIMEOUT, f.kind());
    assertEquals("the hang call timed out after 400 ms and was stopped", f.reason());
    assertEquals(1, hang.cancels.get());
    assertTrue(r.turns().get(1).injectedText().contains("timed out after 400 ms"));
  }

  @Test
  void aPermanentlyFailingToolStopsItsExecutorAndTheDeathBecomesAFailedCall() {
    TestTools.Exiting exiting = new TestTools.Exiting();
    Agent a = start(exiting, "");
    awaitEpisode(a);
    ToolCallFailed f = failure(a);
    assertEquals(ToolFailureKind.CRASHED, f.kind());
    assertEquals("the exit tool failed: ToolPermanentFailure: interpreter missing", f.reason());
    assertEquals(1, exiting.runs.get(), "no restart for a permanent failure");
  }

  @Test
  void anExecutorKilledFromOutsideIsReplacedByAFailedCall() {
    TestTools.Hanging hang = new TestTools.Hanging();
    Agent a = start(hang, "perennial.agents.tool-timeout = 30s");
    var classic = Adapter.toClassic(kit.system());
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      // the executor is the agent's child "tool-…"; kill it as a crashed node or an operator would
      var executor = classic.actorSelection(a.ref().path().toString() + "/tool-*")
          .resolveOne(Duration.ofMillis(200)).toCompletableFuture().join();
      executor.tell(PoisonPill.getInstance(), akka.actor.ActorRef.noSender());
      return null;
    });
    awaitEpisode(a);
    ToolCallFailed f = failure(a);
    assertEquals(ToolFailureKind.EXECUTOR_STOPPED, f.kind());
    assertEquals("the hang tool stopped before answering", f.reason());
    hang.cancel(a.id() + "#1/s0"); // release the blocked test thread
  }

  @Test
  void anIdleAgentOutsideShardingStopsItselfAfterTheIdleTimeout() {
    Agent a = start(new TestTools.Echo(), "perennial.agents.passivate-after-idle = 300ms");
    awaitEpisode(a);
    TestProbe<Object> probe = kit.createTestProbe();
    probe.expectTerminated(a.ref(), Duration.ofSeconds(5));
  }
}
