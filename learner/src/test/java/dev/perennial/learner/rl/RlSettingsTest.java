package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class RlSettingsTest {
  @Test
  void referenceDefaultsLoad() {
    var s = RlSettings.from(ConfigFactory.load());
    assertEquals("cod", s.advantageEstimator().name());
    assertInstanceOf(PolicyObjective.PpoClip.class, s.policyLoss());
    assertEquals(AggregationMode.TOKEN_MEAN, s.aggregation());
    assertFalse(s.kl().enabled());
    assertTrue(s.redWeight());
    assertEquals(10, s.maxGenerationBatches());
    assertEquals("advantage=cod(mean)+red loss=ppo-clip agg=token-mean", s.describe());
  }

  @Test
  void everyChoiceIsPickedByName() {
    var s = RlSettings.from(ConfigFactory.parseString("""
        perennial.learner.rl { advantage-estimator = dr-grpo, policy-loss = rec-one-sided,
          loss-agg-mode = seq-mean-token-sum-norm, kl-coefficient = 0.01, kl-estimator = k1,
          overlong.enabled = on, reward.truncated-episodes = drop }
        """).withFallback(ConfigFactory.load()));
    assertEquals("dr-grpo", s.advantageEstimator().name());
    assertEquals(new PolicyObjective.RecOneSided(0.2), s.policyLoss());
    assertEquals(AggregationMode.SEQ_MEAN_TOKEN_SUM_NORM, s.aggregation());
    assertEquals(new KlPenalty(KlEstimator.K1, 0.01), s.kl());
    assertTrue(s.rewards().overlong().isPresent());
    assertEquals(RewardShaping.Truncated.DROP, s.rewards().truncated());
  }

  @Test
  void defaultAdvantagesAreCodWithRedOnTheWorkedCase() {
    var rollouts = CodAdvantageTest.workedCase();
    var a = RlSettings.from(ConfigFactory.load()).advantages(rollouts);
    assertEquals(2.3984375, a.red().orElseThrow().temperature(), 1e-12);
    assertArrayEquals(new double[] {0.178660, 0.197897, 0.277465, -0.024741, 0,
        -0.155478, -0.169842, -0.225253, 0.025262, 0}, a.values(), 1e-6);

    var stats = AdvantageStats.byKind(rollouts, a.values());
    assertEquals(4, stats.get(Rollout.Kind.UPDATE).count());
    assertEquals(0.5, stats.get(Rollout.Kind.UPDATE).positiveFraction(), 1e-12);
    assertEquals(-0.169842, stats.get(Rollout.Kind.UPDATE).min(), 1e-6);
    assertEquals(6, stats.get(Rollout.Kind.SOLVE).count());
  }

  @Test
  void aBadValueNamesTheSection() {
    var e = assertThrows(IllegalArgumentException.class, () -> RlSettings.from(
        ConfigFactory.parseString("perennial.learner.rl.loss-agg-mode = mean").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().startsWith("perennial.learner.rl: unknown loss-agg-mode 'mean'"), e.getMessage());
  }
}
