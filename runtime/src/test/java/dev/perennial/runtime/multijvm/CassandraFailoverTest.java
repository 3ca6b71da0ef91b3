package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perennial.persistence.TestCassandra;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fail-over scenario with the journal in a real Cassandra (tag cassandra; scripts/cassandra.sh
 * start), once more with Cassandra itself restarted mid-run: the nodes' writes fail while it is
 * down, agents and singletons back off and retry, and training carries on with nothing lost.
 */
@Tag("slow")
@Tag("multijvm")
@Tag("cassandra")
class CassandraFailoverTest {
  @BeforeAll
  static void cassandraIsRunning() { TestCassandra.requireRunning(); }

  @Test
  void trainingSurvivesNodeCrashesAndACassandraRestart() throws Exception {
    String hocon = TestCassandra.hocon(TestCassandra.freshKeyspace("failover"));
    try (Scenario s = new Scenario("failover-cassandra", new ClusterHarness(ClusterHarness.workDir("failover-cassandra"), 3, Scenario.SETTINGS, Optional.of(hocon)))) {
      s.startAll();
      long before = s.awaitConsumed(60, Duration.ofMinutes(4));
      int learnerHost = s.killLearnerHost("kill1");
      s.cluster.start(learnerHost, Scenario.UP);
      before = s.awaitConsumed(before + 60, Duration.ofMinutes(4));
      int agentNode = s.killAgentNode("kill2");
      s.cluster.start(agentNode, Scenario.UP);
      s.timings.put("cassandra_stopped_at_consumed", s.awaitConsumed(before + 60, Duration.ofMinutes(4)));
      long t0 = System.currentTimeMillis();
      assertEquals(0, cassandra("stop"));
      assertEquals(0, cassandra("start"));
      s.timings.put("cassandra_restart_ms", System.currentTimeMillis() - t0);
      s.finishAndCheck(Duration.ofMinutes(8));
      s.writeSummary();
    }
  }

  private static int cassandra(String command) throws Exception {
    Process p = new ProcessBuilder(ClusterHarness.ROOT.resolve("scripts/cassandra.sh").toString(), command).inheritIO().start();
    return p.waitFor();
  }
}
