package dev.perennial.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestNode;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout driver on a one-node cluster with sharded agents (scripted policy, H2 journal): it
 * keeps at most {@code in-flight} groups of G agents running on distinct packs, learns from the
 * agents when a group is done, stops when the learner has enough, and a restarted driver neither
 * repeats nor forgets a group.
 */
class RolloutDriverTest {
  @TempDir Path dir;

  @Test
  void runsGroupsOfGAgentsOnTheirPacksAndARestartedDriverContinuesAfterThem() throws Exception {
    TestNode node = TestNode.start(dir, "driver", "", c -> TestSystems.deps(c, ScriptedPolicy.of(new CodScript()),
        List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    try {
      var kit = node.kit();
      AtomicInteger allowed = new AtomicInteger(3);
      AtomicInteger launches = new AtomicInteger();
      var settings = new RolloutDriver.Settings(List.of(new AddRuleEnvironment()), 2, 0, 2, 100, 2, Duration.ofMillis(100),
          () -> launches.get() < allowed.get() && launches.incrementAndGet() > 0);
      ActorRef<RolloutDriver.Command> driver = kit.spawn(RolloutDriver.create(settings, id -> AgentEntity.ref(kit.system(), id)));
      TestProbe<RolloutDriver.Progress> probe = kit.createTestProbe();
      probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
        driver.tell(new RolloutDriver.GetProgress(probe.getRef()));
        RolloutDriver.Progress p = probe.receiveMessage();
        assertEquals(3, p.finished(), p.toString());
        assertTrue(p.inFlight() == 0);
        return p;
      });
      List<EpisodeRecord> episodes = node.awaitEpisodes(18, Duration.ofSeconds(10));
      Map<String, List<EpisodeRecord>> byGroup = episodes.stream().collect(Collectors.groupingBy(EpisodeRecord::groupId));
      assertEquals(List.of("rl/g0", "rl/g1", "rl/g2"), byGroup.keySet().stream().sorted().toList());
      for (var g : byGroup.values()) {
        assertEquals(6, g.size(), "2 agents x (2 solves + 1 update)");
        assertEquals(1, g.stream().map(EpisodeRecord::packId).distinct().count(), "one pack per group");
        assertEquals(2, g.stream().map(EpisodeRecord::agentId).distinct().count());
      }

      kit.stop(driver);
      allowed.set(4);
      ActorRef<RolloutDriver.Command> again = kit.spawn(RolloutDriver.create(settings, id -> AgentEntity.ref(kit.system(), id)));
      probe.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
        again.tell(new RolloutDriver.GetProgress(probe.getRef()));
        RolloutDriver.Progress p = probe.receiveMessage();
        assertEquals(4, p.launched(), p.toString());
        assertEquals(4, p.finished());
        return p;
      });
      assertEquals(24, node.awaitEpisodes(24, Duration.ofSeconds(10)).size(), "one more group, nothing repeated");
    } finally {
      node.kit().shutdownTestKit();
    }
  }
}
