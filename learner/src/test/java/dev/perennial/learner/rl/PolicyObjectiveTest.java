package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RL-SPEC §3 checks: PPO-clip with clip-higher and dual clip, REC one-sided, KL k1/k2/k3. */
class PolicyObjectiveTest {
  private static final double TOL = 1e-9;
  private final PolicyObjective.PpoClip ppo = new PolicyObjective.PpoClip(0.2, 0.28, 3);

  @Test
  void ppoClipMatchesTheSpecChecks() {
    assertEquals(-1.28, ppo.loss(+1, 1.5), TOL);
    assertEquals(-0.5, ppo.loss(+1, 0.5), TOL);
    assertEquals(0.8, ppo.loss(-1, 0.5), TOL);
    assertEquals(1.1, ppo.loss(-1, 1.1), TOL);
    assertEquals(3.0, ppo.loss(-1, 4.0), TOL);
  }

  @Test
  void ppoTokenLossUsesTheBehaviourLogProbRatio() {
    assertEquals(ppo.loss(-1, 4.0), ppo.tokenLoss(-1, Math.log(4.0) - 2, -2), TOL);
    assertEquals(-1.28, ppo.tokenLoss(1, Math.log(1.5), 0), TOL);
  }

  @Test
  void dualClipCanBeTurnedOff() {
    assertEquals(4.0, new PolicyObjective.PpoClip(0.2, 0.28, 0).loss(-1, 4.0), TOL);
    assertThrows(IllegalArgumentException.class, () -> new PolicyObjective.PpoClip(0.2, 0.28, 0.5));
  }

  @Test
  void recKeepsOnlyTokensInsideItsOneSidedTrustRegion() {
    var rec = new PolicyObjective.RecOneSided(0.2);
    assertTrue(rec.keeps(+1, 1.2));
    assertFalse(rec.keeps(+1, 1.21));
    assertTrue(rec.keeps(+1, 0.1));
    assertTrue(rec.keeps(-1, 0.8));
    assertFalse(rec.keeps(-1, 0.79));
    assertTrue(rec.keeps(-1, 5));
    assertTrue(rec.keeps(0, 100));
    // kept: −A·logπ without an importance weight
    assertEquals(0.5, rec.tokenLoss(0.5, -1.0, -1.1), TOL);
    assertEquals(0, rec.tokenLoss(0.5, -1.0, -2.0), TOL);   // ρ = e ≈ 2.7 > 1.2
    assertEquals(-0.5, rec.tokenLoss(-0.5, -1.0, -0.9), TOL);
  }

  @Test
  void sftIsTheNegativeLogLikelihood() {
    assertEquals(1.5, new PolicyObjective.Sft().tokenLoss(123, -1.5, Double.NaN), TOL);
  }

  @Test
  void klEstimatorsMatchTheSpecCheck() {
    assertEquals(0.5, KlEstimator.K1.value(-1.0, -1.5), TOL);
    assertEquals(0.125, KlEstimator.K2.value(-1.0, -1.5), TOL);
    assertEquals(0.1065307, KlEstimator.K3.value(-1.0, -1.5), 1e-7);
    assertEquals(0.1065307 * 0.01, new KlPenalty(KlEstimator.K3, 0.01).tokenLoss(-1.0, -1.5), 1e-9);
    assertEquals(0, KlPenalty.OFF.tokenLoss(-1.0, -1.5));
  }

  @Test
  void lossesAreNamed() {
    var rec = PolicyObjective.RecOneSided.DEFAULT;
    assertEquals(ppo, PolicyObjective.named("ppo-clip", ppo, rec));
    assertEquals(rec, PolicyObjective.named("rec-one-sided", ppo, rec));
    assertEquals("sft", PolicyObjective.named("sft", ppo, rec).name());
    assertThrows(IllegalArgumentException.class, () -> PolicyObjective.named("grpo", ppo, rec));
    assertEquals(KlEstimator.K2, KlEstimator.named("k2"));
    assertThrows(IllegalArgumentException.class, () -> KlEstimator.named("k4"));
  }

  @Test
  void maskedTokensNeverReadTheirLogProbs() {
    double nan = Double.NaN;
    double[][] loss = TokenLosses.perToken(ppo, new KlPenalty(KlEstimator.K3, 0.1),
        new double[][] {{nan, -1.0, nan}}, new double[][] {{nan, -1.0, 1e30}}, new double[][] {{nan, -1.5, nan}},
        new double[] {1.0}, new double[][] {{0, 1, 0}});
    assertEquals(0, loss[0][0]);
    assertEquals(-1.0 + 0.1 * 0.1065307, loss[0][1], 1e-7);
    assertEquals(0, loss[0][2]);
  }
}
