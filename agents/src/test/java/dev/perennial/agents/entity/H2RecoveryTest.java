package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.pattern.StatusReply;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestNode;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery on the real H2 file journal: an agent is stopped half-way through a pack with its
 * ActorSystem, a new system starts on the same files, and sharding (remember-entities) brings the
 * agent back by itself; it resumes where it was, with its context, and the episode stream ends up
 * with every episode exactly once and the agent's journal without gaps.
 */
class H2RecoveryTest {
  static final int PACK_SIZE = 4; // 4 solves + 3 updates
  static final String AGENT = "alice";
  @TempDir Path dir;

  static AgentDeps deps(com.typesafe.config.Config config, ScriptedPolicy policy, Tool tool) {
    return TestSystems.deps(config, policy, List.of(new AddRuleEnvironment()), List.of(tool));
  }

  static Pack pack() { return new AddRuleEnvironment().pack(PackSpec.train(13, PACK_SIZE)); } // k = 5

  @Test
  void anAgentStoppedInTheMiddleOfAPolicyTurnResumesInANewSystem() throws Exception {
    // system 1: hold the policy on the third solve, i.e. after s0 u0 s1 u1 are complete
    String heldTask = "<task>" + pack().task(2).prompt() + "</task>";
    ScriptedPolicy first = ScriptedPolicy.of(new CodScript()).holding(r -> ScriptedPolicy.prompt(r).contains(heldTask)
        && !ScriptedPolicy.prompt(r).contains("<trajectory>"));
    TestNode node1 = TestNode.start(dir, "recovery1", TestSystems.REMEMBER + SNAPSHOTS, c -> deps(c, first, new TestTools.Echo()));
    assign(node1);
    AgentRecovery.awaitTrue(() -> first.heldCount() == 1);
    List<Object> before = journal(node1);
    AgentStatus mid = status(node1);
    assertEquals(2, mid.position());
    assertEquals("k=5", mid.hints());
    assertEquals(4, node1.episodes().size());
    node1.stop();

    // system 2 on the same files: nobody sends the agent a message; sharding restarts it
    ScriptedPolicy second = ScriptedPolicy.of(new CodScript());
    TestNode node2 = TestNode.start(dir, "recovery2", TestSystems.REMEMBER + SNAPSHOTS + "\nperennial.agents.passivate-after-idle = 500ms",
        c -> deps(c, second, new TestTools.Echo()));
    try {
      List<EpisodeRecord> episodes = node2.awaitEpisodes(2 * PACK_SIZE - 1, Duration.ofSeconds(20));
      AgentRecovery.assertCompleteSequence(episodes, PACK_SIZE);
      assertTrue(ScriptedPolicy.prompt(second.requests().get(0)).startsWith("<hints>k=5</hints>\n" + heldTask),
          "the half-finished turn is regenerated from the recovered context: " + ScriptedPolicy.prompt(second.requests().get(0)));
      assertEquals(List.of(true, true), episodes.subList(4, 7).stream().filter(e -> e.kind() == EpisodeKind.SOLVE)
          .map(e -> e.rewards().success()).toList(), "the recovered hints keep working");

      List<Object> after = journal(node2);
      AgentRecovery.assertPrefix(node2.kit().system(), before, after);
      awaitIdle(node2);
      assertTrue(snapshots(node2) > 0, "state snapshots in the H2 snapshot table");
      AgentRecovery.awaitTrue(() -> !activeEntities(node2).contains(AGENT)); // idle: passivated through its shard
      AgentStatus end = status(node2); // wakes it: recovery from the snapshot plus later events
      assertEquals(4, end.counters().solveEpisodes());
      assertEquals(3, end.counters().updateEpisodes());
      assertEquals("k=5", end.hints());
    } finally {
      node2.stop();
      first.releaseHeld();
    }
  }

  @Test
  void aPendingToolCallIsReissuedAfterRecovery() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    Tool stuck = new Tool() { // an echo whose second call never returns in system 1
      final AtomicInteger calls = new AtomicInteger();

      @Override
      public String name() { return "echo"; }

      @Override
      public ToolOutput run(ToolCall call, ToolContext context) throws Exception {
        if (calls.incrementAndGet() == 2) {
          blocked.countDown();
          Thread.sleep(60_000);
        }
        return ToolOutput.ok(call.input());
      }
    };
    TestNode node1 = TestNode.start(dir, "tool1", TestSystems.REMEMBER + "perennial.agents.tool-timeout = 60s", c -> deps(c, ScriptedPolicy.of(new CodScript()), stuck));
    assign(node1);
    assertTrue(blocked.await(20, TimeUnit.SECONDS));
    AgentStatus mid = status(node1);
    assertEquals(Episode.Phase.AWAITING_TOOL, mid.phase().orElseThrow());
    String pendingEpisode = mid.episodeId().orElseThrow();
    node1.stop();

    TestTools.Echo echo = new TestTools.Echo();
    TestNode node2 = TestNode.start(dir, "tool2", TestSystems.REMEMBER, c -> deps(c, ScriptedPolicy.of(new CodScript()), echo));
    try {
      List<EpisodeRecord> episodes = node2.awaitEpisodes(2 * PACK_SIZE - 1, Duration.ofSeconds(20));
      AgentRecovery.assertCompleteSequence(episodes, PACK_SIZE);
      EpisodeRecord resumed = episodes.stream().filter(e -> e.episodeId().equals(pendingEpisode)).findFirst().orElseThrow();
      assertEquals(1, resumed.toolCalls(), "the call is re-issued, not duplicated");
      assertEquals(0, resumed.toolFailures());
      assertEquals(1 + (PACK_SIZE - 2), echo.runs.get(), "system 2 ran the re-issued call of s1, then one call per remaining solve");
    } finally {
      node2.stop();
    }
  }

  static final String SNAPSHOTS = "perennial.agents.snapshot-every = 7";

  static int snapshots(TestNode node) throws Exception {
    String url = node.kit().system().settings().config().getString("perennial.persistence.h2-url");
    try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
        var query = connection.prepareStatement("select count(*) from \"snapshot\" where \"persistence_id\" = ?")) {
      query.setString(1, "Agent|" + AGENT);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  static java.util.Set<String> activeEntities(TestNode node) {
    var probe = node.kit().<akka.cluster.sharding.ShardRegion.CurrentShardRegionState>createTestProbe();
    akka.cluster.sharding.typed.javadsl.ClusterSharding.get(node.kit().system()).shardState()
        .tell(new akka.cluster.sharding.typed.GetShardRegionState(AgentEntity.KEY, probe.ref()));
    java.util.Set<String> ids = new HashSet<>();
    probe.receiveMessage().getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  private static void assign(TestNode node) throws Exception {
    StatusReply<Done> reply = AgentEntity.ref(node.kit().system(), AGENT)
        .<StatusReply<Done>>ask(r -> new AgentEntity.AssignPack(pack(), "g", r), Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertTrue(reply.isSuccess(), reply.toString());
  }

  static AgentStatus status(TestNode node) throws Exception {
    return AgentEntity.ref(node.kit().system(), AGENT).ask(AgentEntity.GetStatus::new, Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  static void awaitIdle(TestNode node) {
    AgentRecovery.awaitTrue(() -> {
      try {
        return status(node).activity() == AgentStatus.Activity.IDLE;
      } catch (Exception e) {
        return false;
      }
    });
  }

  /** The agent's whole journal, in sequence order, checking there is no gap in sequence numbers. */
  static List<Object> journal(TestNode node) throws Exception { return journal(node, AGENT); }

  static List<Object> journal(TestNode node, String agentId) throws Exception {
    var query = PersistenceQuery.get(node.kit().system())
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal");
    var envelopes = query.currentEventsByPersistenceId("Agent|" + agentId, 0, Long.MAX_VALUE)
        .runWith(Sink.seq(), node.kit().system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < envelopes.size(); i++) {
      assertEquals(i + 1, envelopes.get(i).sequenceNr(), "sequence numbers without gaps");
      events.add(envelopes.get(i).event());
    }
    assertEquals(envelopes.size(), new HashSet<>(envelopes.stream().map(e -> e.sequenceNr()).toList()).size());
    return events;
  }
}
