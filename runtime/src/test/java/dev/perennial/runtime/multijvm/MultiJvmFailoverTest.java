package dev.perennial.runtime.multijvm;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs on loopback sharing the H2 journal; training runs (rollout driver, agents, the
 * stand-in learner). kill -9 the node hosting the learner singleton: it recovers on a survivor from
 * its journaled offset and version; the node comes back. kill -9 an agent node: its agents recover
 * on the survivors from their journals. Training finishes with every episode consumed exactly once
 * and versions 1..n without gaps. Fail-over times go to target/multijvm/failover-h2.json.
 */
@Tag("slow")
@Tag("multijvm")
class MultiJvmFailoverTest {
  @Test
  void trainingSurvivesKillingTheLearnerHostAndAnAgentNode() throws Exception {
    try (Scenario s = new Scenario("failover-h2", new ClusterHarness(ClusterHarness.workDir("failover-h2"), 3, Scenario.SETTINGS, Optional.empty()))) {
      s.startAll();
      long before = s.awaitConsumed(60, Duration.ofMinutes(4));
      int learnerHost = s.killLearnerHost("kill1");
      s.cluster.start(learnerHost, Scenario.UP);
      s.awaitConsumed(before + 60, Duration.ofMinutes(4));
      int agentNode = s.killAgentNode("kill2");
      s.cluster.start(agentNode, Scenario.UP);
      s.finishAndCheck(Duration.ofMinutes(6));
      s.writeSummary();
    }
  }
}
