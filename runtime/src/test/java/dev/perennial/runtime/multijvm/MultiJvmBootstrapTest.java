package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cluster Bootstrap with config discovery (the local stand-in for Kubernetes API discovery): three
 * node JVMs started with --bootstrap and no seed nodes find each other through their Akka
 * Management endpoints, form one cluster, report ready, and run training on it.
 */
@Tag("slow")
@Tag("multijvm")
class MultiJvmBootstrapTest {
  @Test
  void threeNodesFormOneClusterThroughClusterBootstrap() throws Exception {
    String settings = Scenario.SETTINGS.replace("groups = " + Scenario.GROUPS, "groups = 3");
    try (Scenario s = new Scenario("bootstrap", new ClusterHarness(ClusterHarness.workDir("bootstrap"), 3, settings, Optional.empty())
        .withBootstrap())) {
      s.startAll();
      for (int i = 1; i <= 3; i++) {
        assertEquals(3, s.cluster.upMembers(i), "node-" + i + " sees three members up");
        assertEquals(200, s.cluster.management(i, "/ready"), "node-" + i + " ready");
      }
      s.awaitConsumed(3L * Scenario.GROUP_SIZE * (2 * Scenario.PACK_SIZE - 1), Duration.ofMinutes(3));
      s.writeSummary();
    }
  }
}
