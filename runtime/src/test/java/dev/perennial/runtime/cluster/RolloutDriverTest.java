package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.AskPattern;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.runtime.node.PerennialNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout driver on a one-node cluster over a real H2 file journal: it runs its groups to the
 * end, and after the node is stopped mid-run and a new one starts on the same files (sharding
 * remembers no agent), the recovered driver wakes the agents of the groups in flight, which finish
 * their packs from their journals: every group complete, no episode twice.
 */
class RolloutDriverTest {
  static final int GROUPS = 4;
  static final int G = 2;
  static final int PACK = 2;
  static final int PER_GROUP = G * (2 * PACK - 1);

  @TempDir Path dir;

  static final String DRIVER = """
      perennial.agents.remember-entities = off
      perennial.runtime.driver {
        enabled = on, environment = "add-rule", pack-size = %d, group-size = %d, parallel-groups = 2, groups = %d
        poll-interval = 300ms, ask-timeout = 3s
      }
      """.formatted(PACK, G, GROUPS);

  @Test
  void runsItsGroupsAndWakesTheAgentsOfTheGroupsInFlightAfterARestart() throws Exception {
    try (PerennialNode first = node("first", Duration.ofMillis(60))) {
      awaitEpisodes(first, 3, Duration.ofSeconds(30)); // some work done, groups still running
    }
    try (PerennialNode second = node("second", Duration.ZERO)) {
      assertFalse(AgentSettings.from(second.system().settings().config()).rememberEntities(), "only the driver wakes them");
      long deadline = System.currentTimeMillis() + 60_000;
      RolloutDriver.Progress p;
      do {
        p = AskPattern.<RolloutDriver.Command, RolloutDriver.Progress>ask(second.rolloutDriver().orElseThrow(),
            RolloutDriver.GetProgress::new, Duration.ofSeconds(5), second.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (!p.done()) Thread.sleep(200);
      } while (!p.done() && System.currentTimeMillis() < deadline);
      assertTrue(p.done(), "every group finished: " + p);
      assertEquals(GROUPS, p.launched());
      List<EpisodeRecord> episodes = awaitEpisodes(second, GROUPS * PER_GROUP, Duration.ofSeconds(30));
      assertEquals(GROUPS * PER_GROUP, episodes.size());
      assertEquals(episodes.size(), new HashSet<>(episodes.stream().map(EpisodeRecord::episodeId).toList()).size(), "no episode twice");
      Map<String, Long> perGroup = episodes.stream().collect(Collectors.groupingBy(EpisodeRecord::groupId, Collectors.counting()));
      assertEquals(Map.of("g1", (long) PER_GROUP, "g2", (long) PER_GROUP, "g3", (long) PER_GROUP, "g4", (long) PER_GROUP), perGroup);
      // a slot runs its groups one after another on the same agents: g3 and g4 reuse the agents of g1 and g2
      Map<String, List<String>> agentsOf = episodes.stream().collect(Collectors.groupingBy(EpisodeRecord::groupId,
          Collectors.collectingAndThen(Collectors.mapping(EpisodeRecord::agentId, Collectors.toCollection(java.util.TreeSet::new)),
              List::copyOf)));
      assertEquals(java.util.Set.of(agentsOf.get("g1"), agentsOf.get("g2")), java.util.Set.of(agentsOf.get("g3"), agentsOf.get("g4")));
      assertEquals(java.util.Set.of(List.of("agent-0-0", "agent-0-1"), List.of("agent-1-0", "agent-1-1")),
          java.util.Set.copyOf(agentsOf.values()));
    }
  }

  private PerennialNode node(String name, Duration delay) {
    Config config = TestSystems.h2Cluster(dir, DRIVER);
    PerennialNode node = PerennialNode.start(name, config, Duration.ofSeconds(20));
    var deps = TestSystems.deps(config, ScriptedPolicy.of(new CodScript()).withDelay(delay), List.of(new AddRuleEnvironment()),
        List.of(new TestTools.Echo()));
    return node.withAgents(deps).withRolloutDriver(deps.environments()).ready();
  }

  private static List<EpisodeRecord> awaitEpisodes(PerennialNode node, int n, Duration patience) throws Exception {
    long deadline = System.currentTimeMillis() + patience.toMillis();
    while (true) {
      List<EpisodeRecord> now = EpisodeFeed.current(node.system(), null).map(EpisodeFeed.StoredEpisode::record)
          .runWith(Sink.seq(), node.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (now.size() >= n || System.currentTimeMillis() > deadline) return now;
      Thread.sleep(100);
    }
  }
}
