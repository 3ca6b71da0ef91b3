package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RL-SPEC §2: every row of the table and the two-element group. */
class GroupAdvantagesTest {
  private static final double TOL = 1e-6;

  @Test
  void grpoMatchesTheSpecTable() {
    assertArrayEquals(new double[] {0.8660239, -0.8660239, -0.8660239, 0.8660239}, GroupAdvantages.grpo(new double[] {1, 0, 0, 1}), TOL);
    assertArrayEquals(new double[] {1.499997, -0.499999, -0.499999, -0.499999}, GroupAdvantages.grpo(new double[] {1, 0, 0, 0}), TOL);
    assertArrayEquals(new double[] {0.499999, 0.499999, 0.499999, -1.499997}, GroupAdvantages.grpo(new double[] {1, 1, 1, 0}), TOL);
    assertArrayEquals(new double[] {0.8660247, -0.8660247, -0.8660247, 0.8660247}, GroupAdvantages.grpo(new double[] {1, -1, -1, 1}), TOL);
    assertArrayEquals(new double[] {0, 0, 0, 0}, GroupAdvantages.grpo(new double[] {1, 1, 1, 1}), TOL);
  }

  @Test
  void drGrpoMatchesTheSpecTable() {
    assertArrayEquals(new double[] {0.5, -0.5, -0.5, 0.5}, GroupAdvantages.drGrpo(new double[] {1, 0, 0, 1}), TOL);
    assertArrayEquals(new double[] {0.75, -0.25, -0.25, -0.25}, GroupAdvantages.drGrpo(new double[] {1, 0, 0, 0}), TOL);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, -0.75}, GroupAdvantages.drGrpo(new double[] {1, 1, 1, 0}), TOL);
    assertArrayEquals(new double[] {1, -1, -1, 1}, GroupAdvantages.drGrpo(new double[] {1, -1, -1, 1}), TOL);
    assertArrayEquals(new double[] {0, 0, 0, 0}, GroupAdvantages.drGrpo(new double[] {1, 1, 1, 1}), TOL);
  }

  @Test
  void twoElementGroupUsesTheUnbiasedStd() {
    assertArrayEquals(new double[] {-0.7071062, 0.7071062}, GroupAdvantages.grpo(new double[] {1.5, 3.0}), TOL);
  }

  @Test
  void groupOfOneUsesMeanZeroAndStdOne() {
    assertArrayEquals(new double[] {0.7 / (1 + 1e-6)}, GroupAdvantages.grpo(new double[] {0.7}), 1e-12);
    assertArrayEquals(new double[] {0.7}, GroupAdvantages.drGrpo(new double[] {0.7}), 1e-12);
  }

  @Test
  void emptyGroupIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.grpo(new double[0]));
  }

  @Test
  void estimatorGroupsByGroupKindAndPosition() {
    var rollouts = List.of(
        Rollout.single("p1", "a", 1, 5), Rollout.single("p2", "a", 0, 5),
        Rollout.single("p1", "b", 0, 5), Rollout.single("p2", "b", 0, 5),
        Rollout.single("p1", "c", 0, 5), Rollout.single("p1", "d", 1, 5));
    double[] grpo = AdvantageEstimator.named("grpo", new ReturnMode.Mean()).estimate(rollouts);
    assertArrayEquals(new double[] {0.8660239, 0, -0.8660239, 0, -0.8660239, 0.8660239}, grpo, TOL);
    double[] dr = AdvantageEstimator.named("dr-grpo", new ReturnMode.Mean()).estimate(rollouts);
    assertArrayEquals(new double[] {0.5, 0, -0.5, 0, -0.5, 0.5}, dr, TOL);
  }

  @Test
  void unknownEstimatorNameIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> AdvantageEstimator.named("ppo", new ReturnMode.Mean()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("grpo, dr-grpo or cod"), e.getMessage());
  }
}
