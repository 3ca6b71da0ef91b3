package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RL-SPEC §1 "RED weight" on the worked case with 10 / 12 tokens per episode. */
class RedWeightingTest {
  @Test
  void reproducesTheSpecTemperatureAndWeights() {
    var rollouts = CodAdvantageTest.workedCase();
    double[] a = new CodAdvantage(new ReturnMode.Mean()).estimate(rollouts);
    int[] len = rollouts.stream().mapToInt(Rollout::tokens).toArray();

    var result = RedWeighting.reweight(a, len);

    assertTrue(result.applied());
    assertEquals(2.3984375, result.temperature(), 1e-12);
    assertEquals(-1.15, result.sumBefore(), 1e-9);
    assertEquals(-0.0109, result.sumAfter(), 1e-4);
    assertArrayEquals(new double[] {0.178660, 0.197897, 0.277465, -0.024741, 0,
        -0.155478, -0.169842, -0.225253, 0.025262, 0}, result.advantages(), 1e-6);
  }

  @Test
  void leavesANonNegativeBatchAlone() {
    double[] a = {0.5, -0.2};
    var result = RedWeighting.reweight(a, new int[] {10, 10});
    assertFalse(result.applied());
    assertArrayEquals(a, result.advantages(), 0);
  }
}
