package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.learner.loop.Learner;
import dev.perennial.learner.loop.LearnerSettings;
import dev.perennial.learner.loop.LearnerStatus;
import dev.perennial.runtime.eval.TinyCheckpoint;
import dev.perennial.runtime.node.PerennialNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training workload's settings, its refusals, and (slow) one node training a tiny model for two steps. */
class TrainingWorkloadTest {
  @TempDir Path dir;

  static final String DRIVER = """
      perennial.runtime.driver { enabled = on, environment = "hidden-operator", pack-size = 2, group-size = 3, parallel-groups = 1 }
      """;

  @Test
  void theLearnerGroupsEpisodesByTheDriversGroupSize() {
    Config c = TrainingWorkload.learnerConfig(ConfigFactory.parseString(DRIVER).withFallback(ConfigFactory.load()));
    assertEquals(3, LearnerSettings.from(c).groupSize());
  }

  @Test
  void refusesToRunWithoutTheRolloutDriver() {
    var e = assertThrows(IllegalArgumentException.class, () -> TrainingWorkload.learnerConfig(ConfigFactory.load()));
    assertTrue(e.getMessage().contains("perennial.runtime.driver.enabled"), e.getMessage());
  }

  @Test
  void refusesABadPolicyPoll() {
    var e = assertThrows(IllegalArgumentException.class, () -> TrainingSettings.from(
        ConfigFactory.parseString("perennial.runtime.training.policy-poll = 0s").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("perennial.runtime.training.policy-poll"), e.getMessage());
  }

  @Test
  void refusesToStartWithoutAnInitialCheckpoint() {
    try (PerennialNode node = PerennialNode.start("no-initial", TestSystems.h2Cluster(dir, DRIVER), Duration.ofSeconds(20))) {
      var e = assertThrows(IllegalArgumentException.class, () -> new TrainingWorkload().start(node));
      assertTrue(e.getMessage().contains("perennial.learner.loop.initial-checkpoint"), e.getMessage());
    }
  }

  @Tag("slow")
  @Test
  void oneNodeTrainsATinyModelForTwoSteps() throws Exception {
    Path initial = TinyCheckpoint.write(dir.resolve("initial"), 3);
    Config config = TestSystems.h2Cluster(dir, DRIVER + """
        perennial.runtime.driver { group-size = 2, parallel-groups = 2, poll-interval = 500ms }
        perennial.learner {
          torch-threads = 1
          inference { device = cpu, max-batch-size = 8, prefix-cache-size = 16MiB }
          train.device = cpu
          loop { initial-checkpoint = "%s", checkpoint-dir = "%s", max-steps = 2 }
          rl.dynamic-sampling { enabled = off, groups-per-batch = 1 }
        }
        perennial.runtime.training.policy-poll = 1s
        perennial.agents { max-turns = 2, max-tokens-per-turn = 16, max-tokens-per-episode = 32, update-max-tokens = 16 }
        """.formatted(initial, dir.resolve("checkpoints")));
    try (PerennialNode node = PerennialNode.start("train", config, Duration.ofSeconds(20))) {
      TrainingWorkload workload = new TrainingWorkload();
      workload.start(node);
      var learner = workload.learner().orElseThrow();
      long deadline = System.currentTimeMillis() + 120_000;
      LearnerStatus s;
      do {
        Thread.sleep(500);
        s = AskPattern.<Learner.Command, LearnerStatus>ask(learner, Learner.GetStatus::new, Duration.ofSeconds(10),
            node.system().scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
      } while (s.step() < 2 && System.currentTimeMillis() < deadline);
      assertEquals(2, s.step(), "learner steps: " + s);
      assertEquals(2, s.version());
      assertTrue(s.trained() > 0, "episodes trained: " + s);
    }
  }
}
