package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.TestCassandra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Agent recovery across JVMs on a real Cassandra journal: a node JVM runs an agent through a pack
 * and is killed with SIGKILL in the middle of it; a new JVM starts (sharding remembers nothing) and
 * the recovered rollout driver wakes the agent, which resumes from its Cassandra journal: the
 * episodes written before the kill are kept, the pack completes, no episode twice, the agent's
 * event sequence has no gaps, and the stand-in consumer saw each episode once.
 */
@Tag("slow")
@Tag("multijvm")
@Tag("cassandra")
class CassandraAgentRecoveryTest {
  static final int PACK = 4;
  static final String SETTINGS = """
      perennial.runtime.driver { enabled = on, environment = "add-rule", pack-size = %d, group-size = 1, parallel-groups = 1, groups = 1
        poll-interval = 1s, ask-timeout = 5s }
      perennial.test { turn-delay = 400ms, episodes-per-step = 3 }
      akka.cluster.min-nr-of-members = 1
      """.formatted(PACK);

  @BeforeAll
  static void cassandraIsRunning() { TestCassandra.requireRunning(); }

  @Test
  void anAgentKilledWithItsJvmResumesFromItsCassandraJournalInAnotherJvm() throws Exception {
    String hocon = TestCassandra.hocon(TestCassandra.freshKeyspace("agentkill"));
    try (ClusterHarness cluster = new ClusterHarness(ClusterHarness.workDir("agent-recovery-cassandra"), 1, SETTINGS, Optional.of(hocon));
         JournalReader reader = cluster.reader()) {
      cluster.start(1, Duration.ofMinutes(2));
      List<EpisodeRecord>[] seen = new List[] {List.of()};
      ClusterHarness.await("3 episodes before the kill", Duration.ofMinutes(2), () -> (seen[0] = reader.episodes()).size() >= 3);
      long firstPid = cluster.pid(1);
      cluster.kill(1);
      List<String> beforeKill = reader.episodes().stream().map(EpisodeRecord::episodeId).toList();
      assertTrue(beforeKill.size() < 2 * PACK - 1, "killed in the middle of the pack: " + beforeKill);

      cluster.start(1, Duration.ofMinutes(2));
      assertTrue(cluster.pid(1) != firstPid, "another JVM");
      List<EpisodeRecord>[] all = new List[] {List.of()};
      ClusterHarness.await("the pack to complete", Duration.ofMinutes(3), () -> (all[0] = reader.episodes()).size() >= 2 * PACK - 1);
      List<EpisodeRecord> episodes = all[0];
      assertEquals(2 * PACK - 1, episodes.size(), "every episode once: " + episodes.stream().map(EpisodeRecord::episodeId).toList());
      assertEquals(beforeKill, episodes.subList(0, beforeKill.size()).stream().map(EpisodeRecord::episodeId).toList(),
          "episodes written before the kill are kept, in order");
      List<String> shape = new ArrayList<>();
      episodes.forEach(e -> shape.add((e.kind() == EpisodeKind.SOLVE ? "s" : "u") + e.position()));
      assertEquals(List.of("s0", "u0", "s1", "u1", "s2", "u2", "s3"), shape, "a complete CoD sequence");
      List<Long> seqNrs = reader.sequenceNumbers("Agent|agent-0-0");
      for (int i = 0; i < seqNrs.size(); i++) assertEquals(i + 1, seqNrs.get(i), "the agent's journal has no gaps");
      ClusterHarness.await("the stand-in consumer to see every episode", Duration.ofMinutes(1),
          () -> reader.consumed() == 2 * PACK - 1);
      Ledger ledger = Ledger.of(episodes, reader.standIn());
      assertEquals(List.of(), ledger.lost());
      assertEquals(List.of(), ledger.trainedTwice());
    }
  }
}
