package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.runtime.eval.TinyCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real thing: three node JVMs on loopback sharing the H2 journal run the production
 * {@code TrainingWorkload} — the event-sourced {@code Learner} singleton training a tiny DJL model
 * with {@code DjlPolicyTrainer}, agents on in-process PolicyServers that swap in every published
 * version, the rollout driver. Once the learner has committed two steps, kill -9 the node hosting
 * it: it recovers on a survivor from its last committed checkpoint and journaled offset; the node
 * comes back; training goes on to {@link #STEPS} steps. The learner's own journal then shows every
 * episode decided at most once, none lost before its resume offset (the ledger audit against the
 * episode stream), steps and versions 1..n without gaps or repeats, and every live node serves the
 * last version. Fail-over times go to target/multijvm/learner-failover-h2.json.
 */
@Tag("slow")
@Tag("multijvm")
class MultiJvmLearnerFailoverTest {
  static final int STEPS = 6;
  static final String NAME = "learner-failover-h2";

  /** Small enough for three JVMs on two cores: a random ~40k-parameter model, short episodes, one group per step. */
  static String settings(Path initial, Path checkpoints) {
    return """
        perennial.runtime.driver {
          enabled = on, environment = "hidden-operator", pack-size = 2, group-size = 2, parallel-groups = 2, groups = 0
          poll-interval = 1s, ask-timeout = 5s, resume-halted-after = 5s
        }
        perennial.learner {
          torch-threads = 1
          inference { device = cpu, max-batch-size = 8, prefix-cache-size = 16MiB, ask-timeout = 60s }
          train.device = cpu
          loop { initial-checkpoint = "%s", checkpoint-dir = "%s", max-steps = %d, max-staleness = 8, keep-checkpoints = 10 }
          # a random model's rewards are mostly equal: train every group anyway, one per step
          rl.dynamic-sampling { enabled = off, groups-per-batch = 1 }
        }
        perennial.runtime.training.policy-poll = 2s
        perennial.test.turn-delay = 500ms
        perennial.agents {
          max-turns = 2, max-tokens-per-turn = 16, max-tokens-per-episode = 32, update-max-tokens = 16
          tool-timeout = 5s, verifier-timeout = 10s, policy-retry-backoff = 200ms
        }
        # the cluster forms (and training starts) once all three nodes have joined
        akka.cluster.min-nr-of-members = 3
        jdbc-read-journal.refresh-interval = 200ms
        jdbc-read-journal.journal-sequence-retrieval.query-delay = 100ms
        """.formatted(initial.toAbsolutePath(), checkpoints.toAbsolutePath(), STEPS);
  }

  @Test
  void realLearnerResumesOnASurvivorWithoutLosingOrRepeatingEpisodes() throws Exception {
    Path dir = ClusterHarness.workDir(NAME);
    Path initial = TinyCheckpoint.write(dir.resolve("initial"), 7);
    var harness = new ClusterHarness(dir, 3, settings(initial, dir.resolve("checkpoints")), Optional.empty())
        .withWorkload(ObservedTrainingWorkload.class);
    try (Scenario s = new Scenario(NAME, harness)) {
      s.startAll();
      long t0 = System.currentTimeMillis();
      s.awaitSteps(2, Duration.ofMinutes(3));
      s.timings.put("first_two_steps_ms", System.currentTimeMillis() - t0);
      int learnerHost = s.killLearnerHost("kill1");
      long resumedAt = ((Number) s.timings.get("kill1_learner_recovered_at_version")).longValue();
      assertTrue(resumedAt >= 2 && resumedAt < STEPS, "the learner resumed from a committed checkpoint (version " + resumedAt
          + ") and still had steps to train");
      s.cluster.start(learnerHost, Scenario.UP);
      long t1 = System.currentTimeMillis();
      s.awaitSteps(STEPS, Duration.ofMinutes(4));
      s.timings.put("remaining_steps_ms", System.currentTimeMillis() - t1);
      LearnerCheck check = LearnerCheck.of(s.reader);
      s.timings.put("ledger", check.summary());
      check.assertExactlyOnce(STEPS);
      ClusterHarness.await("every live node to serve version " + STEPS, Duration.ofSeconds(60), () -> s.liveNodesLoaded(STEPS));
      s.writeSummary();
    }
  }
}
